// Exact latency statistics: every sample is kept (8 bytes each, so 1000 req/s for an hour
// is ~29 MB) and percentiles use k6's own interpolation, so the built-in driver's p99
// means what k6's p(99) means.
import 'server-only';

export interface TrendStats {
  avg: number;
  min: number;
  med: number;
  max: number;
  'p(90)': number;
  'p(95)': number;
  'p(99)': number;
}

/** k6's TrendSink.P on ascending `sorted`: linear interpolation between the ranks around pct × (n − 1). */
export function interpolatedPercentile(sorted: ArrayLike<number>, pct: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const i = (pct / 100) * (n - 1);
  const lo = sorted[Math.floor(i)]!;
  const hi = sorted[Math.ceil(i)]!;
  return lo + (hi - lo) * (i - Math.floor(i));
}

export class SampleRecorder {
  private values = new Float64Array(1024);
  private n = 0;
  private sum = 0;
  private sorted = true;

  get count(): number {
    return this.n;
  }

  add(v: number): void {
    if (this.n === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    if (this.n > 0 && v < this.values[this.n - 1]!) this.sorted = false;
    this.values[this.n++] = v;
    this.sum += v;
  }

  addAll(other: SampleRecorder): void {
    const src = other.values.subarray(0, other.n);
    for (let i = 0; i < src.length; i++) this.add(src[i]!);
  }

  /** k6's TrendSink.P (see interpolatedPercentile); NaN without samples. */
  percentile(pct: number): number {
    return interpolatedPercentile(this.sortedView(), pct);
  }

  /** The samples recorded so far (a view: valid until the next add). */
  samples(): Float64Array {
    return this.values.subarray(0, this.n);
  }

  /** Null when there are no samples: k6 leaves a metric without samples out of its summary. */
  trend(): TrendStats | null {
    if (this.n === 0) return null;
    const v = this.sortedView();
    return {
      avg: this.sum / this.n,
      min: v[0]!,
      med: this.percentile(50),
      max: v[this.n - 1]!,
      'p(90)': this.percentile(90),
      'p(95)': this.percentile(95),
      'p(99)': this.percentile(99),
    };
  }

  private sortedView(): Float64Array {
    const view = this.values.subarray(0, this.n);
    if (!this.sorted) {
      view.sort();
      this.sorted = true;
    }
    return view;
  }
}
