import { describe, expect, it } from 'vitest';
import { SampleRecorder } from './sample-recorder';

describe('SampleRecorder', () => {
  it('computes k6-style interpolated percentiles over unsorted input', () => {
    const r = new SampleRecorder();
    for (const v of [5, 1, 4, 2, 3]) r.add(v);
    expect(r.percentile(50)).toBe(3);
    expect(r.percentile(90)).toBeCloseTo(4.6, 10);
    expect(r.trend()).toMatchObject({ min: 1, max: 5, avg: 3, med: 3 });
  });

  it('is exact at p99 over many samples and keeps growing', () => {
    const r = new SampleRecorder();
    for (let i = 10_000; i >= 1; i--) r.add(i);
    expect(r.count).toBe(10_000);
    // rank 0.99 × 9999 = 9899.01 → between 9900 and 9901
    expect(r.percentile(99)).toBeCloseTo(9900.01, 6);
    const t = r.trend()!;
    expect(t.min).toBeLessThanOrEqual(t.med);
    expect(t.med).toBeLessThanOrEqual(t['p(90)']);
    expect(t['p(90)']).toBeLessThanOrEqual(t['p(95)']);
    expect(t['p(95)']).toBeLessThanOrEqual(t['p(99)']);
    expect(t['p(99)']).toBeLessThanOrEqual(t.max);
  });

  it('reports no trend without samples', () => {
    const r = new SampleRecorder();
    expect(r.trend()).toBeNull();
    expect(r.percentile(50)).toBeNaN();
    r.add(7);
    expect(r.trend()).toMatchObject({ min: 7, max: 7, 'p(99)': 7 });
  });
});
