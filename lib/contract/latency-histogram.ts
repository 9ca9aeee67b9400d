// Latency distribution in bounded size, mergeable across runners: percentiles cannot be
// averaged, but histograms can be added. Log-spaced buckets of 1 % relative width (HDR's idea
// with a fixed precision): a percentile read back is within 0.5 % of the exact sample value.
// Browser-safe and JSON-friendly: [[bucket, count], …] in ascending bucket order.
import { z } from 'zod';

/** Relative bucket width. */
const EPS = 0.01;
const LOG_BASE = Math.log1p(EPS);
/** Values at or below this (ms) share the lowest bucket. */
const FLOOR_MS = 0.001;

export const LatencyHistogramSchema = z.object({
  eps: z.literal(EPS),
  count: z.number().int().min(0),
  buckets: z.array(z.tuple([z.number().int(), z.number().int().positive()])),
});
export type LatencyHistogram = z.infer<typeof LatencyHistogramSchema>;

const bucketOf = (ms: number): number => Math.floor(Math.log(Math.max(ms, FLOOR_MS)) / LOG_BASE);
/** The bucket's geometric middle: within EPS/2 of any value in it. */
const valueOf = (bucket: number): number => Math.exp((bucket + 0.5) * LOG_BASE);

export function histogramOf(samples: Iterable<number>): LatencyHistogram {
  const counts = new Map<number, number>();
  let count = 0;
  for (const v of samples) {
    if (!Number.isFinite(v)) continue;
    const b = bucketOf(v);
    counts.set(b, (counts.get(b) ?? 0) + 1);
    count++;
  }
  return { eps: EPS, count, buckets: [...counts].sort((a, b) => a[0] - b[0]) };
}

export function mergeHistograms(hs: readonly LatencyHistogram[]): LatencyHistogram {
  const counts = new Map<number, number>();
  let count = 0;
  for (const h of hs) {
    for (const [b, c] of h.buckets) counts.set(b, (counts.get(b) ?? 0) + c);
    count += h.count;
  }
  return { eps: EPS, count, buckets: [...counts].sort((a, b) => a[0] - b[0]) };
}

/** The value of the rank-th smallest sample (0-based), as its bucket's middle. */
function valueAtRank(h: LatencyHistogram, rank: number): number {
  let seen = 0;
  for (const [b, c] of h.buckets) {
    seen += c;
    if (rank < seen) return valueOf(b);
  }
  return valueOf(h.buckets.at(-1)![0]);
}

/** k6's percentile (linear interpolation between the ranks around pct × (n − 1)); NaN when empty. */
export function histogramPercentile(h: LatencyHistogram, pct: number): number {
  if (h.count === 0 || h.buckets.length === 0) return Number.NaN;
  const i = (pct / 100) * (h.count - 1);
  const lo = valueAtRank(h, Math.floor(i));
  const hi = valueAtRank(h, Math.ceil(i));
  return lo + (hi - lo) * (i - Math.floor(i));
}
