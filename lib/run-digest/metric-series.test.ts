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
      windowS: null,
      configLabel: null,
      fns: {
        figlet: { rps: 10, successRate: 1, p50: 12, p95: null, p99: null, requests: 10, errors: 0, target: null },
      },
    });
    expect(metricSample(ev(2))).toBeNull();
    expect(metricSample(ev(3, { type: 'metric', data: { functions: 'nope' } }))).toBeNull();
  });

  it('builds rows relative to the first sample and collects function names', () => {
    const series = new MetricSeries();
    series.add(metricEv(1, 100, { figlet: { rps: 10 } }));
    series.add(metricEv(2, 101, { figlet: { rps: 11 }, env: { rps: 5 } }));
    series.add(ev(3));
    series.add(metricEv(4, 102.5, { env: { rps: 6 } }));
    series.add(metricEv(5, 103, { env: { rps: 7 } }));
    expect(series.functions).toEqual(['figlet', 'env']);
    expect(series.rows.map((r) => r.t)).toEqual([0, 1, 2.5, 3]);
    expect(series.rows[1]!.fns.env!.rps).toBe(5);
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

  it('leaves out the partial last window of a load: its rate is no per-second figure', () => {
    const series = new MetricSeries();
    const sample = (seq: number, at: number, rps: number, windowS: number) => {
      const e = metricEv(seq, at, { figlet: { rps } });
      return { ...e, data: { ...(e.data as object), window_s: windowS, targets: { figlet: 20 } } };
    };
    series.add(sample(1, 100, 20, 1));
    series.add(sample(2, 101, 20, 1.002));
    // Stop 80 ms into the next second: 1 response in 0.08 s read as 12.5 req/s.
    expect(series.add(sample(3, 101.08, 12.5, 0.08))).toBe(false);
    expect(series.rows.map((r) => r.fns.figlet!.rps)).toEqual([20, 20]);
    expect(series.rows[0]!.fns.figlet!.target).toBe(20);
    expect(series.partialWindows).toBe(1);
  });

  it('marks where each configuration starts, named by its label, and names it in every row', () => {
    const series = new MetricSeries();
    const sample = (seq: number, at: number, configId: string, label: string) => {
      const e = metricEv(seq, at, { figlet: { rps: 1 } });
      return { ...e, config_id: configId, data: { ...(e.data as object), window_s: 1, config: label } };
    };
    series.add(sample(1, 101, 'aaa', 'figlet=10'));
    series.add(sample(2, 102, 'aaa', 'figlet=10'));
    series.add(sample(3, 110, 'bbb', 'figlet=20'));
    series.add(sample(4, 111, 'bbb', 'figlet=20'));
    expect(series.markers).toEqual([
      { t: 0, configId: 'aaa', label: 'figlet=10' },
      { t: 8, configId: 'bbb', label: 'figlet=20' },
    ]);
    expect(series.rows.filter((r) => !r.gap).map((r) => r.configLabel)).toEqual([
      'figlet=10',
      'figlet=10',
      'figlet=20',
      'figlet=20',
    ]);
  });

  describe('downsampling a long run', () => {
    // One sample a second, `n` of them, one configuration; rps counts up so averages are checkable.
    const feed = (series: MetricSeries, from: number, to: number) => {
      for (let i = from; i < to; i++) series.add(metricEv(i + 1, 1000 + i, { figlet: { rps: i, requests: i * 10 } }));
    };

    it('keeps at most maxPoints rows however long the run, covering all of it', () => {
      const series = new MetricSeries(100);
      feed(series, 0, 10_000);
      expect(series.rows.length).toBeLessThanOrEqual(100);
      expect(series.rows.length).toBeGreaterThan(50);
      expect(series.rows[0]!.t).toBeLessThan(100);
      expect(series.rows.at(-1)!.t).toBeGreaterThan(9_800);
      expect(series.rows.reduce((n, r) => n + (r.n ?? 1), 0)).toBe(10_000);
    });

    it('averages rates over the samples of a row and keeps the latest cumulative count', () => {
      const series = new MetricSeries(4);
      feed(series, 0, 8);
      // 8 samples into rows of 2: rps (0+1)/2, (2+3)/2, ...; requests of the later sample.
      expect(series.rows.map((r) => r.fns.figlet!.rps)).toEqual([0.5, 2.5, 4.5, 6.5]);
      expect(series.rows.map((r) => r.fns.figlet!.requests)).toEqual([10, 30, 50, 70]);
      expect(series.rows.map((r) => r.t)).toEqual([0.5, 2.5, 4.5, 6.5]);
    });

    it('never averages across a configuration change or a cooldown', () => {
      const series = new MetricSeries(4);
      for (let i = 0; i < 6; i++) series.add(metricEv(i + 1, 1000 + i, { figlet: { rps: 1 } }));
      for (let i = 0; i < 6; i++)
        series.add({ ...metricEv(i + 7, 1020 + i, { figlet: { rps: 2 } }), config_id: 'other' });
      const rates = series.rows.filter((r) => !r.gap).map((r) => r.fns.figlet!.rps);
      expect(rates.every((r) => r === 1 || r === 2)).toBe(true);
      expect(series.rows.filter((r) => r.gap)).toHaveLength(1);
    });

    it('resumed from its state, ends where a single pass over the same samples ends', () => {
      const whole = new MetricSeries(50);
      feed(whole, 0, 3_000);
      const first = new MetricSeries(50);
      feed(first, 0, 1_234);
      const resumed = MetricSeries.fromState(JSON.parse(JSON.stringify(first.toState())), 50);
      feed(resumed, 1_234, 3_000);
      expect(resumed.toState()).toEqual(whole.toState());
    });
  });
});
