import { describe, expect, it } from 'vitest';
import { parseK6Summary, readK6SummaryText } from './k6-summary';

const pairs = [
  { name: 'figlet', rate: 20 },
  { name: 'env', rate: 10 },
];

// `k6 run --summary-export` shape.
const flat = {
  metrics: {
    success_rate_figlet: { value: 0.98, passes: 196, fails: 4 },
    latency_figlet: { avg: 12.5, min: 3, med: 10, max: 80, 'p(90)': 20, 'p(95)': 30, 'p(99)': 60 },
    request_count_figlet: { count: 200, rate: 19.9 },
    success_rate_env: { value: 1, passes: 100, fails: 0 },
    latency_env: { avg: 2, min: 1, med: 2, max: 5, 'p(90)': 3, 'p(95)': 4, 'p(99)': 5 },
    request_count_env: { count: 100, rate: 10 },
  },
};

// handleSummary / newer k6 shape: values nested, Rate under `rate`.
const nested = {
  metrics: {
    success_rate_figlet: { type: 'rate', contains: 'default', values: { rate: 0.98, passes: 196, fails: 4 } },
    latency_figlet: {
      type: 'trend',
      contains: 'time',
      values: { avg: 12.5, min: 3, med: 10, max: 80, 'p(90)': 20, 'p(95)': 30, 'p(99)': 60 },
    },
    request_count_figlet: { type: 'counter', contains: 'default', values: { count: 200, rate: 19.9 } },
  },
};

describe('parseK6Summary', () => {
  it('reads the flat shape with every latency statistic', () => {
    const { functions, noSampleFunctions } = parseK6Summary(flat, pairs);
    expect(noSampleFunctions).toEqual([]);
    expect(functions.map((f) => f.name)).toEqual(['env', 'figlet']);
    expect(functions[1]).toEqual({
      name: 'figlet',
      rate: 20,
      requests: 200,
      successRate: 0.98,
      noSamples: false,
      latency: { avg: 12.5, p50: 10, p90: 20, p95: 30, p99: 60, max: 80 },
    });
  });

  it('reads the nested shape the same way', () => {
    const parsed = parseK6Summary(nested, [{ name: 'figlet', rate: 20 }]);
    expect(parsed.functions[0]).toEqual(parseK6Summary(flat, pairs).functions[1]);
  });

  it('reports a function without metrics as no samples, with NaN stats', () => {
    const { functions, noSampleFunctions } = parseK6Summary(nested, pairs);
    expect(noSampleFunctions).toEqual(['env']);
    const env = functions.find((f) => f.name === 'env')!;
    expect(env.noSamples).toBe(true);
    expect(env.requests).toBe(0);
    expect(env.successRate).toBeNaN();
    expect(Object.values(env.latency).every(Number.isNaN)).toBe(true);
  });

  it('treats rate 0 as no samples even if k6 listed the metric', () => {
    const parsed = parseK6Summary(flat, [{ name: 'env', rate: 0 }]);
    expect(parsed.noSampleFunctions).toEqual(['env']);
  });

  it('falls back to Rate passes+fails when the counter is missing; missing stats are NaN', () => {
    const s = { metrics: { success_rate_figlet: { value: 0.5, passes: 5, fails: 5 }, latency_figlet: { avg: 7 } } };
    const [f] = parseK6Summary(s, [{ name: 'figlet', rate: 1 }]).functions;
    expect(f).toMatchObject({ requests: 10, successRate: 0.5, noSamples: false });
    expect(f!.latency.avg).toBe(7);
    expect(f!.latency.p99).toBeNaN();
  });

  it('never throws on garbage', () => {
    for (const junk of [null, 42, 'x', {}, { metrics: [] }, { metrics: { request_count_figlet: 'oops' } }]) {
      expect(parseK6Summary(junk, pairs).noSampleFunctions).toEqual(['env', 'figlet']);
    }
  });

  it('uses the same metric ids as the script for awkward names', () => {
    const s = { metrics: { request_count_fn_3d_render: { count: 4 }, success_rate_fn_3d_render: { value: 1 } } };
    expect(parseK6Summary(s, [{ name: '3d-render', rate: 1 }]).functions[0]).toMatchObject({
      requests: 4,
      successRate: 1,
    });
  });
});

describe('readK6SummaryText', () => {
  it('accepts bare NaN written by Python, read as NaN not 0', () => {
    const text =
      '{"metrics": {"success_rate_figlet": {"value": NaN, "passes": 0, "fails": 3}, "latency_figlet": {"avg": NaN, "p(95)": 4.5}, "request_count_figlet": {"count": 3}}}';
    const [f] = parseK6Summary(readK6SummaryText(text), [{ name: 'figlet', rate: 1 }]).functions;
    expect(f!.requests).toBe(3);
    expect(f!.successRate).toBeNaN();
    expect(f!.latency.avg).toBeNaN();
    expect(f!.latency.p95).toBe(4.5);
  });
  it('throws on text that is not JSON', () => {
    expect(() => readK6SummaryText('k6 crashed')).toThrow();
  });
});
