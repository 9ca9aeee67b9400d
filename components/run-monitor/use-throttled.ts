'use client';
import { useEffect, useRef, useState } from 'react';

/**
 * `value`, updated at most every `ms`: a replay of thousands of events must not redraw the
 * charts on every 50 ms flush (live metric samples come once per second anyway). The first
 * change after mount (the run's snapshot arriving) shows at once.
 */
export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(Number.NEGATIVE_INFINITY);
  const current = useRef(value);
  useEffect(() => {
    // Nothing new (the mount): the throttle window starts with the first real change.
    if (Object.is(value, current.current)) return;
    const wait = last.current + ms - Date.now();
    const apply = () => {
      last.current = Date.now();
      current.current = value;
      setShown(value);
    };
    if (wait <= 0) {
      apply();
      return;
    }
    const t = setTimeout(apply, wait);
    return () => clearTimeout(t);
  }, [value, ms]);
  return shown;
}
