import { describe, expect, it } from 'vitest';
import { histogramOf, histogramPercentile, LatencyHistogramSchema, mergeHistograms } from './latency-histogram';

/** k6's interpolated percentile over the exact samples. */
function exactPercentile(samples: number[], pct: number): number {
  const s = [...samples].sort((a, b) => a - b);
  const i = (pct / 100) * (s.length - 1);
  const lo = s[Math.floor(i)]!;
  const hi = s[Math.ceil(i)]!;
  return lo + (hi - lo) * (i - Math.floor(i));
}

function lognormalSamples(n: number, seed: number, scaleMs: number): number[] {
  let x = seed;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) + 1) / (2 ** 31 + 1);
  return Array.from({ length: n }, () => {
    const z = Math.sqrt(-2 * Math.log(rnd())) * Math.cos(2 * Math.PI * rnd());
    return scaleMs * Math.exp(0.6 * z);
  });
}

describe('latency histogram', () => {
  it('reads percentiles back within 0.5 % of the exact samples', () => {
    const samples = lognormalSamples(20_000, 7, 12);
    const h = histogramOf(samples);
    expect(h.count).toBe(20_000);
    for (const p of [50, 90, 95, 99]) {
      const exact = exactPercentile(samples, p);
      expect(Math.abs(histogramPercentile(h, p) - exact) / exact).toBeLessThan(0.005);
    }
  });

  it('merges two runners into the distribution of all their samples', () => {
    const fast = lognormalSamples(5_000, 1, 5);
    const slow = lognormalSamples(3_000, 2, 40);
    const merged = mergeHistograms([histogramOf(fast), histogramOf(slow)]);
    expect(merged.count).toBe(8_000);
    const all = [...fast, ...slow];
    for (const p of [50, 95, 99]) {
      const exact = exactPercentile(all, p);
      expect(Math.abs(histogramPercentile(merged, p) - exact) / exact).toBeLessThan(0.005);
    }
  });

  it('stays small however many samples it holds, and survives JSON', () => {
    const h = histogramOf(lognormalSamples(100_000, 3, 20));
    expect(h.buckets.length).toBeLessThan(1_000);
    expect(LatencyHistogramSchema.parse(JSON.parse(JSON.stringify(h)))).toEqual(h);
  });

  it('has no percentile without samples and ignores non-finite values', () => {
    const h = histogramOf([Number.NaN, Infinity]);
    expect(h.count).toBe(0);
    expect(histogramPercentile(h, 95)).toBeNaN();
  });
});
