import { describe, expect, it } from 'vitest';
import {
  K6SummaryMissingMetricsError,
  parseIterationSummary,
  parseK6Summary,
  parseLbSummary,
  readK6SummaryText,
} from './k6-summary';

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

  it("reads a rate-0 function's metrics when k6 listed them (lb does)", () => {
    const parsed = parseK6Summary(flat, [{ name: 'env', rate: 0 }]);
    expect(parsed.noSampleFunctions).toEqual([]);
    expect(parsed.functions[0]).toMatchObject({ requests: 100, successRate: 1 });
  });

  it("takes lb's request count: the Counter's count, else its rate (not the Rate's passes+fails)", () => {
    const s = { metrics: { success_rate_figlet: { value: 0.5, passes: 5, fails: 5 }, latency_figlet: { avg: 7 } } };
    const [f] = parseK6Summary(s, [{ name: 'figlet', rate: 1 }]).functions;
    expect(f).toMatchObject({ requests: 0, successRate: 0.5, noSamples: true });
    expect(f!.latency.avg).toBe(7);
    expect(f!.latency.p99).toBeNaN();
    const withRate = { metrics: { ...s.metrics, request_count_figlet: { rate: 2.5 } } };
    expect(parseK6Summary(withRate, [{ name: 'figlet', rate: 1 }]).functions[0]!.requests).toBe(2.5);
  });

  it('keeps zero requests as k6 reports them (success 0, latency 0), flagged as no samples', () => {
    const s = {
      metrics: { success_rate_figlet: { value: 0 }, latency_figlet: { avg: 0 }, request_count_figlet: { count: 0 } },
    };
    const [f] = parseK6Summary(s, [{ name: 'figlet', rate: 5 }]).functions;
    expect(f).toMatchObject({ requests: 0, successRate: 0, noSamples: true });
    expect(f!.latency.avg).toBe(0);
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

describe("parseLbSummary (lb's parse_summary)", () => {
  it("gives lb's three values per function", () => {
    expect(parseLbSummary(flat, pairs)).toEqual({
      env: { success_rate: 1, avg_latency: 2, request_count: 100 },
      figlet: { success_rate: 0.98, avg_latency: 12.5, request_count: 200 },
    });
  });

  it("throws lb's ValueError messages", () => {
    expect(() => parseLbSummary({ root_group: {} }, pairs)).toThrow("Missing 'metrics' in k6 summary.");
    expect(() => parseLbSummary({ metrics: [] }, pairs)).toThrow("Missing 'metrics' in k6 summary.");
    const err = (() => {
      try {
        parseLbSummary(nested, pairs);
      } catch (e) {
        return e as K6SummaryMissingMetricsError;
      }
    })();
    expect(err).toBeInstanceOf(K6SummaryMissingMetricsError);
    expect(err!.message).toBe('Missing k6 summary metrics: env:success_rate, env:latency, env:request_count');
    expect(err!.missing).toEqual(['env:success_rate', 'env:latency', 'env:request_count']);
  });

  it("converts values as Python's float() does", () => {
    const m = (v: unknown) => ({
      metrics: { success_rate_f: { value: v }, latency_f: { avg: 1 }, request_count_f: { count: 1 } },
    });
    const one = [{ name: 'f', rate: 1 }];
    expect(parseLbSummary(m(' 0.25 '), one).f!.success_rate).toBe(0.25);
    expect(parseLbSummary(m('1_0'), one).f!.success_rate).toBe(10);
    expect(parseLbSummary(m(true), one).f!.success_rate).toBe(1);
    expect(parseLbSummary(m('-inf'), one).f!.success_rate).toBe(-Infinity);
    expect(parseLbSummary(m(null), one).f!.success_rate).toBeNaN();
    expect(() => parseLbSummary(m('fast'), one)).toThrow("could not convert string to float: 'fast'");
    expect(() => parseLbSummary(m({}), one)).toThrow(K6SummaryMissingMetricsError);
  });
});

describe('parseIterationSummary (what the agent reads)', () => {
  it("lb's values with the lenient reading's percentiles", () => {
    const parsed = parseIterationSummary(flat, pairs);
    expect(parsed.functions).toEqual(parseK6Summary(flat, pairs).functions);
  });

  it('rejects what lb rejects, a rate-0 function without metrics included', () => {
    expect(() => parseIterationSummary(nested, [...pairs, { name: 'idle', rate: 0 }])).toThrow(
      /^Missing k6 summary metrics: env:success_rate, env:latency, env:request_count, idle:success_rate/,
    );
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
