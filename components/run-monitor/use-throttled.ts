'use client';
import { useEffect, useRef, useState } from 'react';

/**
 * `value`, updated at most every `ms`: a replay of thousands of events must not redraw the
 * charts on every 50 ms flush (live metric samples come once per second anyway).
 */
export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    const wait = last.current + ms - Date.now();
    const apply = () => {
      last.current = Date.now();
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
