'use client';
// Table rows windowed against the page's own scroll: only the rows near the viewport are in the
// DOM, spacer rows keep the scrollbar true. Rows must have a fixed height (the caller's CSS makes
// sure of it). Plain DOM maths instead of a virtualizer library: the runs table scrolls with
// the page, and its rows are all one height.
import { useEffect, useState } from 'react';

export interface WindowedRows {
  start: number;
  end: number;
  padTop: number;
  padBottom: number;
}

/** `body` is the table's <tbody> (its top is the first row's top). */
export function useWindowedRows(
  body: React.RefObject<HTMLTableSectionElement | null>,
  count: number,
  rowHeight: number,
  enabled: boolean,
  overscan = 15,
): WindowedRows {
  const [range, setRange] = useState({ start: 0, end: 40 });
  useEffect(() => {
    if (!enabled) return;
    let frame = 0;
    const measure = () => {
      frame = 0;
      const el = body.current;
      if (!el) return;
      const first = Math.floor(Math.max(0, -el.getBoundingClientRect().top) / rowHeight);
      const start = Math.max(0, first - overscan);
      const end = first + Math.ceil(window.innerHeight / rowHeight) + overscan;
      setRange((r) => (r.start === start && r.end === end ? r : { start, end }));
    };
    const schedule = () => {
      frame ||= requestAnimationFrame(measure);
    };
    schedule();
    window.addEventListener('scroll', schedule, { passive: true });
    window.addEventListener('resize', schedule);
    return () => {
      window.removeEventListener('scroll', schedule);
      window.removeEventListener('resize', schedule);
      cancelAnimationFrame(frame);
    };
  }, [body, count, rowHeight, enabled, overscan]);
  if (!enabled) return { start: 0, end: count, padTop: 0, padBottom: 0 };
  const end = Math.min(range.end, count);
  const start = Math.min(range.start, end);
  return { start, end, padTop: start * rowHeight, padBottom: (count - end) * rowHeight };
}
