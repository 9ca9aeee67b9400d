import { describe, expect, it } from 'vitest';
import { buildBuiltinSummary, type FunctionTally } from './k6-summary-shape';
import { LatencyRecorder } from './latency-recorder';
import { k6MetricId } from '@/server/peva/k6-script';

function tally(name: string, latencies: number[], fails: number, extra: Partial<FunctionTally> = {}): FunctionTally {
  const latency = new LatencyRecorder();
  latencies.forEach((v) => latency.add(v));
  return {
    name,
    id: k6MetricId(name),
    passes: latencies.length - fails,
    fails,
    latency,
    scheduled: latencies.length,
    started: latencies.length,
    dropped: 0,
    interrupted: 0,
    ...extra,
  };
}

describe('buildBuiltinSummary', () => {
  it("writes k6's flat summary-export shape with sanitised metric ids", () => {
    const lag = new LatencyRecorder();
    [0.2, 0.4, 3].forEach((v) => lag.add(v));
    const s = buildBuiltinSummary({
      functions: [
        tally('hello-world', [10, 20, 30, 40], 1),
        tally('2fast', [5], 0),
        tally('never', [], 0, { dropped: 3, scheduled: 3 }),
      ],
      elapsedS: 2,
      lagMs: lag,
      stopped: false,
    }) as {
      metrics: Record<string, Record<string, number>>;
      root_group: { id: string };
      lb_web: Record<string, unknown>;
    };
    expect(s.root_group.id).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(s.metrics.success_rate_hello_world).toEqual({ value: 0.75, passes: 3, fails: 1 });
    expect(s.metrics.request_count_hello_world).toEqual({ count: 4, rate: 2 });
    expect(s.metrics.latency_hello_world).toMatchObject({ avg: 25, min: 10, med: 25, max: 40 });
    expect(Object.keys(s.metrics.latency_hello_world!)).toEqual([
      'avg',
      'min',
      'med',
      'max',
      'p(90)',
      'p(95)',
      'p(99)',
    ]);
    expect(s.metrics.request_count_fn_2fast).toEqual({ count: 1, rate: 0.5 });
    // No samples, no metric (as k6); the drop is still visible.
    expect(Object.keys(s.metrics).filter((k) => k.includes('never'))).toEqual([]);
    expect(s.metrics.http_reqs).toEqual({ count: 5, rate: 2.5 });
    expect(s.metrics.http_req_failed).toEqual({ value: 0.2, passes: 1, fails: 4 });
    expect(s.metrics.dropped_iterations).toEqual({ count: 3, rate: 1.5 });
    expect(s.lb_web).toMatchObject({ driver: 'builtin', dropped: 3, schedule_lag_ms: { p50: 0.4, max: 3 } });
  });
});
