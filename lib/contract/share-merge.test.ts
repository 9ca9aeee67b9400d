import { describe, expect, it } from 'vitest';
import { histogramOf, histogramPercentile, mergeHistograms } from './latency-histogram';
import { mergeShares, type ShareInput } from './share-merge';

const LIMITS = { success_rate_function_min: 0.95, success_rate_node_min: 0.9, replicas_overload_threshold: 10 };

function share(
  index: number,
  fn: { requests: number; success_rate: number; avg_ms: number; p95_ms: number; max_ms: number },
  samples?: number[],
  extra: Partial<ShareInput['data']> = {},
): ShareInput {
  return {
    host: `runner-${index}`,
    data: {
      share: { index, count: 2 },
      result: {
        functions: [
          {
            function: 'figlet',
            rate: 200,
            p50_ms: fn.avg_ms,
            p99_ms: fn.max_ms,
            replicas: 1,
            overloaded: false,
            ...fn,
          },
        ],
        cpu_usage_node: 40 + index,
        cpu_unit: 'percent of one core',
        ram_usage_node_pct: 30,
        overloaded_node: false,
      },
      ...(samples ? { histograms: { figlet: histogramOf(samples) } } : {}),
      node_limits_exceeded: false,
      limits: LIMITS,
      ...extra,
    },
  };
}

describe('mergeShares', () => {
  it('adds requests, weights success and average by requests, and takes percentiles from the merged histograms', () => {
    const a = Array.from({ length: 1000 }, (_, i) => 5 + (i % 10));
    const b = Array.from({ length: 1000 }, (_, i) => 50 + (i % 10));
    const m = mergeShares([
      share(1, { requests: 1000, success_rate: 0.9, avg_ms: 54.5, p95_ms: 59, max_ms: 59 }, b),
      share(0, { requests: 1000, success_rate: 1, avg_ms: 9.5, p95_ms: 14, max_ms: 14 }, a),
    ]);
    const f = m.result.functions[0]!;
    expect(f.requests).toBe(2000);
    expect(f.success_rate).toBeCloseTo(0.95, 10);
    expect(f.avg_ms).toBeCloseTo(32, 10);
    expect(f.max_ms).toBe(59);
    // Half the samples are ≥ 50 ms: the combined p95 sits among the slow runner's, not at the mean of 14 and 59.
    expect(f.p95_ms).toBeCloseTo(histogramPercentile(mergeHistograms([histogramOf(a), histogramOf(b)]), 95), 10);
    expect(f.p95_ms).toBeGreaterThan(55);
    expect(m.merge.percentiles).toBe('histogram');
    expect(m.merge.runners.map((r) => [r.host, r.requests])).toEqual([
      ['runner-0', 1000],
      ['runner-1', 1000],
    ]);
    // The node figures are the lead's.
    expect(m.result.cpu_usage_node).toBe(40);
  });

  it('says when percentiles are only a weighted mean (a runner without histogram, as with k6)', () => {
    const m = mergeShares([
      share(0, { requests: 300, success_rate: 1, avg_ms: 10, p95_ms: 20, max_ms: 30 }),
      share(1, { requests: 100, success_rate: 1, avg_ms: 10, p95_ms: 40, max_ms: 50 }, [40]),
    ]);
    expect(m.merge.percentiles).toBe('weighted_mean');
    expect(m.result.functions[0]!.p95_ms).toBeCloseTo(25, 10);
  });

  it("applies lb's overload rules to the combined figures", () => {
    const ok = share(0, { requests: 100, success_rate: 1, avg_ms: 1, p95_ms: 1, max_ms: 1 });
    const failing = share(1, { requests: 100, success_rate: 0.8, avg_ms: 1, p95_ms: 1, max_ms: 1 });
    const m = mergeShares([ok, failing]);
    expect(m.result.functions[0]!.success_rate).toBeCloseTo(0.9, 10);
    expect(m.result.functions[0]!.overloaded).toBe(true);
    expect(m.result.overloaded_node).toBe(true);
    const cpu = mergeShares([
      share(0, { requests: 1, success_rate: 1, avg_ms: 1, p95_ms: 1, max_ms: 1 }, [1], { node_limits_exceeded: true }),
    ]);
    expect(cpu.result.overloaded_node).toBe(true);
    expect(cpu.result.functions[0]!.overloaded).toBe(false);
  });

  it('leaves a runner that sent nothing out of the weighted figures', () => {
    const m = mergeShares([
      share(0, { requests: 0, success_rate: Number.NaN, avg_ms: Number.NaN, p95_ms: Number.NaN, max_ms: Number.NaN }),
      share(1, { requests: 1, success_rate: 1, avg_ms: 7, p95_ms: 7, max_ms: 7 }, [7]),
    ]);
    const f = m.result.functions[0]!;
    expect([f.requests, f.success_rate, f.avg_ms, f.max_ms]).toEqual([1, 1, 7, 7]);
    expect(m.merge.percentiles).toBe('histogram');
  });
});
