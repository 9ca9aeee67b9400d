import { describe, expect, it } from 'vitest';
import { histogramOf, histogramPercentile } from '@/lib/contract/latency-histogram';
import { Int32Histogram } from 'hdr-histogram-js';
import { countsIndex, LatencyRecorder } from './latency-recorder';

/** k6's TrendSink.P over every sample: the reference the histogram must match. */
function exactPercentile(samples: number[], pct: number): number {
  const s = [...samples].sort((a, b) => a - b);
  const i = (pct / 100) * (s.length - 1);
  const lo = s[Math.floor(i)]!;
  return lo + (s[Math.ceil(i)]! - lo) * (i - Math.floor(i));
}

describe('LatencyRecorder', () => {
  it('computes k6-style interpolated percentiles over unsorted input', () => {
    const r = new LatencyRecorder();
    for (const v of [5, 1, 4, 2, 3]) r.add(v);
    expect(r.percentile(50)).toBe(3);
    expect(r.percentile(90)).toBeCloseTo(4.6, 10);
    expect(r.trend()).toMatchObject({ min: 1, max: 5, avg: 3, med: 3 });
  });

  it('matches exact percentiles to k6’s printed resolution (0.01 ms) over a wide spread', () => {
    const r = new LatencyRecorder();
    const samples: number[] = [];
    // Deterministic spread from 0.05 ms to ~2 s, long-tailed like real latencies.
    let x = 12345;
    for (let i = 0; i < 50_000; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      const v = 0.05 * Math.exp((x / 2 ** 31) * 10.6);
      samples.push(v);
      r.add(v);
    }
    const t = r.trend()!;
    for (const [k, p] of [
      ['med', 50],
      ['p(90)', 90],
      ['p(95)', 95],
      ['p(99)', 99],
    ] as const) {
      const exact = exactPercentile(samples, p);
      // 4 significant digits: within 1/16384 of the value, or 1 µs for small values.
      expect(Math.abs(t[k] - exact)).toBeLessThanOrEqual(Math.max(0.001, exact / 16384));
    }
    expect(t.min).toBe(Math.min(...samples));
    expect(t.max).toBe(Math.max(...samples));
    expect(t.avg).toBeCloseTo(samples.reduce((a, b) => a + b, 0) / samples.length, 9);
  });

  it('is exact at p99 over many samples', () => {
    const r = new LatencyRecorder();
    for (let i = 10_000; i >= 1; i--) r.add(i / 1000);
    expect(r.count).toBe(10_000);
    // rank 0.99 × 9999 = 9899.01 → between 9.900 and 9.901 ms
    expect(r.percentile(99)).toBeCloseTo(9.90001, 6);
  });

  it('merges, resets and reports no trend without samples', () => {
    const a = new LatencyRecorder();
    const b = new LatencyRecorder();
    expect(a.trend()).toBeNull();
    expect(a.percentile(50)).toBeNaN();
    a.add(7);
    b.add(1);
    b.add(40_000); // beyond the initial 10 s range: the histogram grows
    a.addAll(b);
    expect(a.trend()).toMatchObject({ min: 1, max: 40_000, med: 7 });
    a.reset();
    expect(a.count).toBe(0);
    expect(a.trend()).toBeNull();
  });

  it("places values where hdr-histogram-js's own countsArrayIndex does", () => {
    const h = new Int32Histogram(1, 10_000_000, 4);
    const values: number[] = [];
    for (let v = 0; v < 70_000; v++) values.push(v);
    for (let k = 15; k < 31; k++) values.push(2 ** k - 1, 2 ** k, 2 ** k + 1, 3 * 2 ** (k - 1));
    let x = 987654321;
    for (let i = 0; i < 20_000; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      values.push(x);
    }
    for (const v of values) expect(countsIndex(h, v)).toBe(h.countsArrayIndex(v));
  });

  it('exports the mergeable log-bucket histogram the samples would give', () => {
    const r = new LatencyRecorder();
    const samples = Array.from({ length: 5000 }, (_, i) => 0.5 + (i % 997) * 0.37);
    samples.forEach((v) => r.add(v));
    const h = r.toLatencyHistogram();
    const direct = histogramOf(samples);
    expect(h.count).toBe(direct.count);
    for (const p of [50, 90, 99]) {
      expect(histogramPercentile(h, p)).toBeCloseTo(histogramPercentile(direct, p), 1);
    }
  });
});
