// Latency statistics in bounded memory: an HDR histogram (hdr-histogram-js) in integer
// microseconds with 4 significant digits, so a value is kept exactly to the µs below 32.768 ms
// and within 1/16384 of itself above — finer than the 0.01 ms k6 prints. Memory is fixed by the
// value range (about 0.7 MB, growing only for latencies beyond 10 s), not by the request count.
// Percentiles use k6's interpolation between ranks, so p(99) means what k6's p(99) means;
// count, sum (avg), min and max are tracked exactly beside the histogram.
import 'server-only';
import { Int32Histogram } from 'hdr-histogram-js';
import { histogramOf, mergeHistograms, type LatencyHistogram } from '@/lib/contract/latency-histogram';

export interface TrendStats {
  avg: number;
  min: number;
  med: number;
  max: number;
  'p(90)': number;
  'p(95)': number;
  'p(99)': number;
}

const US_PER_MS = 1000;
const SIGNIFICANT_DIGITS = 4;
/** The initial range; the histogram resizes itself past it (autoResize). */
const INITIAL_HIGHEST_US = 10_000_000;

export class LatencyRecorder {
  readonly #h = new Int32Histogram(1, INITIAL_HIGHEST_US, SIGNIFICANT_DIGITS);
  #n = 0;
  #sum = 0;
  #min = Infinity;
  #max = -Infinity;

  constructor() {
    this.#h.autoResize = true;
  }

  get count(): number {
    return this.#n;
  }

  add(ms: number): void {
    if (!Number.isFinite(ms)) return;
    const v = ms > 0 ? ms : 0;
    const us = Math.round(v * US_PER_MS);
    const h = this.#h;
    // recordValue finds the bucket with Math.log2 and two Math.pow per value — at 3–4 values per
    // request, a visible share of the driver's JavaScript. For values below 2^31 µs the same
    // index is a count of leading zeros and a shift (the test checks it against
    // countsArrayIndex); larger ones, and those past the current range, go through recordValue.
    const index = us < 2 ** 31 ? countsIndex(h, us) : h.countsArrayLength;
    if (index < h.countsArrayLength) {
      h.incrementCountAtIndex(index);
      h.updateMinAndMax(us);
      h.incrementTotalCount();
    } else h.recordValue(us);
    this.#n++;
    this.#sum += v;
    if (v < this.#min) this.#min = v;
    if (v > this.#max) this.#max = v;
  }

  addAll(other: LatencyRecorder): void {
    if (other.#n === 0) return;
    this.#h.add(other.#h);
    this.#n += other.#n;
    this.#sum += other.#sum;
    this.#min = Math.min(this.#min, other.#min);
    this.#max = Math.max(this.#max, other.#max);
  }

  /** Forgets every sample (a live window closing) without giving the memory back. */
  reset(): void {
    this.#h.reset();
    this.#n = 0;
    this.#sum = 0;
    this.#min = Infinity;
    this.#max = -Infinity;
  }

  /** k6's TrendSink.P: linear interpolation between the ranks around pct × (n − 1); NaN when empty. */
  percentile(pct: number): number {
    return this.percentiles([pct])[0]!;
  }

  /** Several percentiles from one walk over the histogram. */
  percentiles(pcts: readonly number[]): number[] {
    if (this.#n === 0) return pcts.map(() => NaN);
    const pos = pcts.map((p) => (Math.min(100, Math.max(0, p)) / 100) * (this.#n - 1));
    const ranks = [...new Set(pos.flatMap((i) => [Math.floor(i), Math.ceil(i)]))].sort((a, b) => a - b);
    const at = this.#valuesAtRanks(ranks);
    return pos.map((i) => {
      const lo = at.get(Math.floor(i))!;
      const hi = at.get(Math.ceil(i))!;
      return lo + (hi - lo) * (i - Math.floor(i));
    });
  }

  /** Null when there are no samples: k6 leaves a metric without samples out of its summary. */
  trend(): TrendStats | null {
    if (this.#n === 0) return null;
    const [med, p90, p95, p99] = this.percentiles([50, 90, 95, 99]) as [number, number, number, number];
    return { avg: this.#sum / this.#n, min: this.#min, med, max: this.#max, 'p(90)': p90, 'p(95)': p95, 'p(99)': p99 };
  }

  /** The samples as the mergeable log-bucket histogram runners exchange (lib/contract). */
  toLatencyHistogram(): LatencyHistogram {
    const parts: LatencyHistogram[] = [];
    this.#forEachBucket((ms, count) => {
      // histogramOf places one value; the count is carried over, so no sample is replayed.
      const one = histogramOf([ms]);
      parts.push({ ...one, count, buckets: one.buckets.map(([b]) => [b, count]) });
    });
    return mergeHistograms(parts);
  }

  /** Value (ms) of each requested 0-based rank, ascending; the extreme ranks are the exact min/max. */
  #valuesAtRanks(ranks: readonly number[]): Map<number, number> {
    const out = new Map<number, number>();
    let k = 0;
    let seen = 0;
    this.#forEachBucket((ms, count) => {
      seen += count;
      while (k < ranks.length && ranks[k]! < seen) out.set(ranks[k++]!, ms);
      return k === ranks.length;
    });
    // The rounding to µs and the bucket's middle must not reach past the recorded extremes.
    for (const [r, v] of out)
      out.set(r, r === 0 ? this.#min : r === this.#n - 1 ? this.#max : clamp(v, this.#min, this.#max));
    return out;
  }

  /** Calls `visit(ms, count)` for each non-empty bucket in ascending order until it returns true. */
  #forEachBucket(visit: (ms: number, count: number) => boolean | void): void {
    const h = this.#h;
    let left = this.#n;
    for (let i = 0; i < h.countsArrayLength && left > 0; i++) {
      const c = h.getCountAtIndex(i);
      if (c === 0) continue;
      left -= c;
      if (visit(h.medianEquivalentValue(h.valueFromIndex(i)) / US_PER_MS, c)) return;
    }
  }
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/** hdr-histogram-js's countsArrayIndex for an integer 0 ≤ value < 2^31, without log2 and pow. */
export function countsIndex(h: Int32Histogram, value: number): number {
  const shift = h.subBucketHalfCountMagnitude + h.unitMagnitude;
  const bucket = Math.max(0, 31 - Math.clz32(value) - shift);
  return (
    ((bucket + 1) << h.subBucketHalfCountMagnitude) + (value >>> (bucket + h.unitMagnitude)) - h.subBucketHalfCount
  );
}
