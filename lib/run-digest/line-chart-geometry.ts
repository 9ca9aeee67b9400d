// The geometry of the run page's live line charts: axis domains, "nice" ticks and SVG paths,
// as plain functions. The live charts are drawn as a few SVG paths from these (metric-chart.tsx)
// instead of a chart library: a library chart re-computed its layout, ticks and text sizes
// for every sample and blocked the page's main thread ~25 ms per chart each second, long
// enough to hold back the event log of a busy run (docs/BENCHMARKS.md).

/** A value series over the rows; null (or a break row) ends a segment. */
export type SeriesValue<Row> = (row: Row) => number | null;

/** Ticks at 1, 2 or 5 × 10^k covering [min, max], about `count` of them. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max < min) [min, max] = [max, min];
  if (max === min) return [min];
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const ticks: number[] = [];
  // Rounded to the step's precision so 0.1 + 0.2 does not print as 0.30000000000000004.
  const digits = stepDigits(step);
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toFixed(digits)));
  return ticks;
}

/**
 * The y domain: fixed ends where given, else the data's extent out to the nice tick at or
 * beyond it (an empty or flat series gets a unit of room).
 */
export function yDomain(values: Iterable<number>, fixed: [number | 'auto', number | 'auto']): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) [lo, hi] = [0, 1];
  if (fixed[0] !== 'auto') lo = fixed[0];
  if (fixed[1] !== 'auto') hi = fixed[1];
  if (hi <= lo) hi = lo + 1;
  const ticks = niceTicks(lo, hi);
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : 1;
  return [fixed[0] === 'auto' ? snap(lo, step, Math.floor) : lo, fixed[1] === 'auto' ? snap(hi, step, Math.ceil) : hi];
}

/** Decimal digits a multiple of `step` needs (0.05 → 2, 20 → 0). */
const stepDigits = (step: number) => Math.max(0, -Math.floor(Math.log10(step)));

/** `v` rounded to a multiple of `step` (a value a hair off a multiple, from float error, is on it). */
function snap(v: number, step: number, round: (x: number) => number): number {
  const digits = stepDigits(step);
  const q = v / step;
  const k = Math.abs(q - Math.round(q)) < 1e-9 ? Math.round(q) : round(q);
  return Number((k * step).toFixed(digits));
}

/** A linear map of [d0, d1] onto [r0, r1] (a zero-width domain maps to the range's middle). */
export function linearScale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  if (d1 === d0) return () => (r0 + r1) / 2;
  const k = (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/**
 * An SVG path through the rows' values: a new segment after every missing value or break row,
 * so a line stops across a cooldown instead of joining it. Coordinates to 0.1 px.
 */
export function linePath<Row extends { t: number; gap?: true }>(
  rows: readonly Row[],
  value: SeriesValue<Row>,
  x: (t: number) => number,
  y: (v: number) => number,
): string {
  let d = '';
  let pen = false;
  for (const r of rows) {
    const v = r.gap ? null : value(r);
    if (v == null || !Number.isFinite(v)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${x(r.t).toFixed(1)},${y(v).toFixed(1)}`;
    pen = true;
  }
  return d;
}

/** The index of the row nearest to `t` (rows ascend by t); -1 for no rows. */
export function nearestRow(rows: readonly { t: number }[], t: number): number {
  if (rows.length === 0) return -1;
  let lo = 0;
  let hi = rows.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid]!.t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && t - rows[lo - 1]!.t <= rows[lo]!.t - t ? lo - 1 : lo;
}
