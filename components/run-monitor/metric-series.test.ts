import { describe, expect, it } from 'vitest';
import { MetricSeries, metricSample } from './metric-series';
import { ev, metricEv } from '@/test/support/run-events';

describe('metric series', () => {
  it('reads per-function figures and tolerates nulls (Python NaN)', () => {
    const s = metricSample(
      metricEv(1, 100, { figlet: { rps: 10, successRate: 1, p50: 12, p95: null, requests: 10, errors: 0 } }),
    );
    expect(s).toEqual({
      at: 100,
      fns: { figlet: { rps: 10, successRate: 1, p50: 12, p95: null, requests: 10, errors: 0 } },
    });
    expect(metricSample(ev(2))).toBeNull();
    expect(metricSample(ev(3, { type: 'metric', data: { functions: 'nope' } }))).toBeNull();
  });

  it('builds rows relative to the first sample, collects function names, caps rows', () => {
    const series = new MetricSeries(3);
    series.add(metricEv(1, 100, { figlet: { rps: 10 } }));
    series.add(metricEv(2, 101, { figlet: { rps: 11 }, env: { rps: 5 } }));
    series.add(ev(3));
    series.add(metricEv(4, 102.5, { env: { rps: 6 } }));
    series.add(metricEv(5, 103, { env: { rps: 7 } }));
    expect(series.functions).toEqual(['figlet', 'env']);
    expect(series.rows.map((r) => r.t)).toEqual([1, 2.5, 3]);
    expect(series.rows[0]!.fns.env!.rps).toBe(5);
  });

  it('cuts the lines between samples more than 2.5 s apart or of another config (break rows)', () => {
    const series = new MetricSeries();
    series.add(metricEv(1, 100, { figlet: { rps: 10 } }));
    series.add(metricEv(2, 101, { figlet: { rps: 10 } }));
    series.add(metricEv(3, 111, { figlet: { rps: 20 } }));
    expect(series.rows.map((r) => [r.t, r.gap ?? false])).toEqual([
      [0, false],
      [1, false],
      [6, true],
      [11, false],
    ]);
    expect(series.rows[2]!.fns).toEqual({});
  });
});
