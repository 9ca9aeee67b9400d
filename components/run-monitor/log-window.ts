// Which rows of the event log are in the DOM. Every row is one line of ROW_PX, so a row's
// place is its index × ROW_PX and the log renders only the rows in view plus OVERSCAN on each
// side: the DOM stays the same size whether the log holds 50 rows or 20 000, and a live tail
// at 1 000 events/s costs the rows that scroll into view, not a growing document (measured in
// docs/BENCHMARKS.md, "Event hub and event latency").

/** One log row's height in CSS px (the stylesheet reads it from the log's `--ev-row`). */
export const ROW_PX = 20;

/** Rows rendered beyond each edge of the view: a wheel notch or a page key lands on rows already drawn. */
export const OVERSCAN = 40;

/**
 * Following the tail, rows rendered above the view (the first wheel notch up; the scroll that
 * ends following renders the full overscan). Few on purpose: at 1 000 events/s a frame brings
 * more rows than the view holds, and a row that would scroll past before it is ever seen is
 * not worth inserting — it is in the log, one scroll up.
 */
export const FOLLOW_OVERSCAN = 5;

import { rangeFrom, type RowRange } from '@/components/ui/row-range';

/** Rows [start, end) of the log to render. */
export type LogWindow = RowRange;

/**
 * The rows to render for a view `viewPx` tall scrolled to `scrollPx`, or, following the
 * tail, the last ones (the view is pinned to the bottom, wherever the scroll event lags).
 */
export function logWindow(count: number, scrollPx: number, viewPx: number, follow: boolean): LogWindow {
  const inView = Math.ceil(viewPx / ROW_PX) + 1;
  const first = follow ? count - inView : Math.floor(Math.max(0, scrollPx) / ROW_PX);
  return rangeFrom(count, first, inView, follow ? FOLLOW_OVERSCAN : OVERSCAN, OVERSCAN);
}

/** The index of the first row whose seq is ≥ `seq` (rows ascend by seq); `rows.length` if none. */
export function indexOfSeq(rows: readonly { seq: number }[], seq: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid]!.seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Where the view's top row is: kept while rows come and go above it (see anchoredScroll). */
export interface ScrollAnchor {
  seq: number;
  /** Pixels of the view above that row's top (a partly scrolled-off row). */
  offsetPx: number;
}

/** The row at the top of a view scrolled to `scrollPx`; null for an empty log. */
export function anchorAt(rows: readonly { seq: number }[], scrollPx: number): ScrollAnchor | null {
  if (rows.length === 0) return null;
  const index = Math.min(rows.length - 1, Math.floor(Math.max(0, scrollPx) / ROW_PX));
  return { seq: rows[index]!.seq, offsetPx: Math.max(0, scrollPx) - index * ROW_PX };
}

/**
 * The scroll offset that keeps `anchor`'s row at the top of the view after rows were added or
 * dropped above it ("Show older", or the oldest rows leaving a live log that holds its limit).
 * A row that left the log hands its place to the next one still held.
 */
export function anchoredScroll(rows: readonly { seq: number }[], anchor: ScrollAnchor): number {
  const index = Math.min(indexOfSeq(rows, anchor.seq), Math.max(0, rows.length - 1));
  return index * ROW_PX + (rows[index]?.seq === anchor.seq ? anchor.offsetPx : 0);
}

/**
 * The seq of the row `delta` rows from the row with `seq` (−1: the older neighbour, +1: the
 * newer), or null past either end. A seq no longer among the rows (filtered out, or dropped
 * from a full log) steps from where it would be.
 */
export function stepSeq(rows: readonly { seq: number }[], seq: number, delta: -1 | 1): number | null {
  const at = indexOfSeq(rows, seq);
  const present = rows[at]?.seq === seq;
  const to = delta < 0 ? at - 1 : present ? at + 1 : at;
  return rows[to]?.seq ?? null;
}

/** The row a keyboard opens: the newest when following the tail, else the first whole row in view. */
export function rowForKeyboard(rows: readonly { seq: number }[], scrollPx: number, follow: boolean): number | null {
  if (rows.length === 0) return null;
  const index = follow ? rows.length - 1 : Math.min(rows.length - 1, Math.ceil(Math.max(0, scrollPx) / ROW_PX));
  return rows[index]!.seq;
}

/**
 * The scroll offset that brings row `index` whole into a view `viewPx` tall scrolled to
 * `scrollPx` (the offset unchanged when it is already whole in view).
 */
export function scrollToShow(index: number, scrollPx: number, viewPx: number): number {
  const top = index * ROW_PX;
  if (top < scrollPx) return top;
  if (top + ROW_PX > scrollPx + viewPx) return top + ROW_PX - viewPx;
  return scrollPx;
}
