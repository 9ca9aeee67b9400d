import { describe, expect, it } from 'vitest';
import type { LbEvent } from '@/lib/contract/lb-event';
import { histogramOf } from '@/lib/contract/latency-histogram';
import type { GoSignal } from '@/lib/contract/runner-share';
import { RunnerCoordinator, type MergedResultEvent } from './runner-coordinator';

const LIMITS = { success_rate_function_min: 0.95, success_rate_node_min: 0.9, replicas_overload_threshold: 10 };

function harness(count = 2) {
  const gos: { index: number; go: GoSignal }[] = [];
  const results: MergedResultEvent[] = [];
  const logs: string[] = [];
  const c = new RunnerCoordinator({
    count,
    hostOf: (i) => `r${i}`,
    writeGo: async (index, go) => void gos.push({ index, go }),
    publishResult: async (e) => void results.push(e),
    log: (m) => void logs.push(m),
  });
  return { c, gos, results, logs, settle: () => new Promise((r) => setTimeout(r, 0)) };
}

const ev = (fields: Partial<LbEvent>): LbEvent => ({ status: 'running', message: '', ...fields }) as LbEvent;
const barrier = (step: number, config_id = 'c1', iteration = step) =>
  ev({ phase: 'barrier', config_id, iteration, data: { barrier: { step, config_id, iteration } } });
const ready = (after: number) => ev({ phase: 'ready', data: { ready: { after_step: after } } });
function shareResult(index: number, step: number, requests: number, latencyMs: number, config_id = 'c1') {
  const samples = Array.from({ length: requests }, () => latencyMs);
  return ev({
    phase: 'share_result',
    config_id,
    iteration: step,
    data: {
      configs_total: 3,
      step,
      share: { index, count: 2 },
      histograms: { f: histogramOf(samples) },
      node_limits_exceeded: false,
      limits: LIMITS,
      result: {
        functions: [
          {
            function: 'f',
            rate: 200,
            requests,
            success_rate: 1,
            avg_ms: latencyMs,
            p50_ms: latencyMs,
            p95_ms: latencyMs,
            p99_ms: latencyMs,
            max_ms: latencyMs,
            replicas: 1,
            overloaded: false,
          },
        ],
        cpu_usage_node: 10,
        cpu_unit: 'percent of one core',
        ram_usage_node_pct: 20,
        overloaded_node: false,
      },
    },
  });
}

describe('RunnerCoordinator', () => {
  it('releases a step only when every follower is ready for it, on every runner', async () => {
    const h = harness(3);
    h.c.onEvent(0, barrier(1));
    h.c.onEvent(1, ready(0));
    await h.settle();
    expect(h.gos).toEqual([]);
    h.c.onEvent(2, ready(0));
    await h.settle();
    expect(h.gos.map((g) => g.index)).toEqual([0, 1, 2]);
    expect(h.gos[0]!.go).toEqual({ step: 1, config_id: 'c1', iteration: 1 });
  });

  it('merges the shares of a step into one result once both arrived', async () => {
    const h = harness();
    h.c.onEvent(0, shareResult(0, 1, 100, 10));
    await h.settle();
    expect(h.results).toEqual([]);
    h.c.onEvent(1, shareResult(1, 1, 100, 30));
    await h.settle();
    expect(h.results).toHaveLength(1);
    const r = h.results[0]!;
    expect(r.config_id).toBe('c1');
    const result = r.data.result as { functions: { requests: number; avg_ms: number }[] };
    expect(result.functions[0]!.requests).toBe(200);
    expect(result.functions[0]!.avg_ms).toBeCloseTo(20, 10);
    // The lead's progress rides along; the share-only fields do not.
    expect(r.data.configs_total).toBe(3);
    expect(r.data).not.toHaveProperty('share');
    expect(r.data).not.toHaveProperty('histograms');
    expect(r.data.merge).toMatchObject({ step: 1, percentiles: 'histogram' });
  });

  it('does not wait for a follower that went past the step without a result, and says so', async () => {
    const h = harness();
    h.c.onEvent(0, shareResult(0, 1, 100, 10));
    h.c.onEvent(1, ready(1));
    await h.settle();
    expect(h.results).toHaveLength(1);
    expect((h.results[0]!.data.result as { functions: { requests: number }[] }).functions[0]!.requests).toBe(100);
    expect(h.logs.join('\n')).toMatch(/1 of 2 runners sent no result/);
  });

  it('counts nothing of a step the lead recorded no result for, once the lead went on', async () => {
    const h = harness();
    h.c.onEvent(1, shareResult(1, 1, 100, 10));
    h.c.onEvent(1, ready(1));
    await h.settle();
    expect(h.results).toEqual([]);
    h.c.onEvent(0, barrier(2));
    await h.settle();
    expect(h.results).toEqual([]);
    expect(h.logs.join('\n')).toMatch(/leading runner recorded no result/);
  });

  it("ends the followers when the lead's agent ends, and releases the lead when a follower dies", async () => {
    const h = harness();
    h.c.onEvent(0, barrier(1));
    h.c.onAgentEnded(1);
    await h.settle();
    expect(h.gos).toEqual([{ index: 0, go: { step: 1, config_id: 'c1', iteration: 1 } }]);
    const h2 = harness();
    h2.c.onAgentEnded(0);
    await h2.settle();
    expect(h2.gos).toEqual([{ index: 1, go: { done: true, reason: 'the leading runner ended' } }]);
  });

  it('after a re-attach, publishes only the merges that were not published and writes go.json again', async () => {
    const h = harness();
    async function* persisted(): AsyncGenerator<LbEvent> {
      const at = (host: string, e: LbEvent) => ({ ...e, host });
      yield at('r1', ready(0));
      yield at('r0', barrier(1));
      yield at('r0', shareResult(0, 1, 100, 10));
      yield at('r1', shareResult(1, 1, 100, 10));
      yield at('controller', ev({ phase: 'result', config_id: 'c1', data: { merge: { step: 1 } } }));
      yield at('r1', ready(1));
      yield at('r0', barrier(2));
      yield at('r0', shareResult(0, 2, 100, 10));
      yield at('r1', shareResult(1, 2, 100, 10));
      // The controller died here: step 2's merged result was never published.
    }
    await h.c.restore(persisted(), (host) => ['r0', 'r1'].indexOf(host));
    await h.settle();
    expect(h.results.map((r) => r.data.merge)).toEqual([expect.objectContaining({ step: 2 })]);
    // Step 2 was released before the crash; writing it again is harmless (runners want a later step).
    expect(h.gos.map((g) => g.go)).toEqual([
      { step: 2, config_id: 'c1', iteration: 2 },
      { step: 2, config_id: 'c1', iteration: 2 },
    ]);
  });
});
