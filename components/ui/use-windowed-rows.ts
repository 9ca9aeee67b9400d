'use client';
// Table rows windowed against the page's scroll (or a scrolling box's): only the rows near the
// viewport are in the DOM, spacer rows keep the scrollbar true. Rows must have a fixed height
// (the caller's CSS makes sure of it). Plain DOM maths instead of a virtualizer library: the
// tables are plain <table>s whose rows are all one height.
import { useEffect, useState } from 'react';
import { rowRange } from './row-range';

export interface WindowedRows {
  start: number;
  end: number;
  padTop: number;
  padBottom: number;
}

/**
 * `body` is the table's <tbody> (its top is the first row's top); `scroller` the box that
 * scrolls, when not the page.
 */
export function useWindowedRows(
  body: React.RefObject<HTMLTableSectionElement | null>,
  count: number,
  rowHeight: number,
  enabled: boolean,
  scroller?: React.RefObject<HTMLElement | null>,
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
      const box = scroller?.current;
      const viewTop = box ? box.getBoundingClientRect().top : 0;
      const viewHeight = box ? box.clientHeight : window.innerHeight;
      // Unclamped at the end: the row count may grow before the next measure.
      const { start, end } = rowRange(
        Infinity,
        viewTop - el.getBoundingClientRect().top,
        viewHeight,
        rowHeight,
        overscan,
      );
      setRange((r) => (r.start === start && r.end === end ? r : { start, end }));
    };
    const schedule = () => {
      frame ||= requestAnimationFrame(measure);
    };
    schedule();
    const target: HTMLElement | Window = scroller?.current ?? window;
    target.addEventListener('scroll', schedule, { passive: true });
    window.addEventListener('resize', schedule);
    return () => {
      target.removeEventListener('scroll', schedule);
      window.removeEventListener('resize', schedule);
      cancelAnimationFrame(frame);
    };
  }, [body, scroller, count, rowHeight, enabled, overscan]);
  if (!enabled) return { start: 0, end: count, padTop: 0, padBottom: 0 };
  const end = Math.min(range.end, count);
  const start = Math.min(range.start, end);
  return { start, end, padTop: start * rowHeight, padBottom: (count - end) * rowHeight };
}
