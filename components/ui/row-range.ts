// The rows of a fixed-row-height list to draw for a view: the ones in view plus some overscan
// on each side, clamped to the list. Shared by the windowed tables (use-windowed-rows.ts) and
// the run page's event log (run-monitor/log-window.ts).

/** Rows [start, end) to render. */
export interface RowRange {
  start: number;
  end: number;
}

/**
 * The rows to draw for a view `viewPx` tall whose top is `offsetPx` below the list's first row
 * (negative: the list starts below the view's top), `above`/`below` rows of overscan.
 */
export function rowRange(
  count: number,
  offsetPx: number,
  viewPx: number,
  rowPx: number,
  above: number,
  below = above,
): RowRange {
  const first = Math.floor(Math.max(0, offsetPx) / rowPx);
  return rangeFrom(count, first, Math.ceil(viewPx / rowPx) + 1, above, below);
}

/** Rows from `first` (the top row in view), `inView` of them, with the overscan, clamped. */
export function rangeFrom(count: number, first: number, inView: number, above: number, below: number): RowRange {
  return {
    start: Math.min(count, Math.max(0, first - above)),
    end: Math.min(count, Math.max(0, first + inView + below)),
  };
}
