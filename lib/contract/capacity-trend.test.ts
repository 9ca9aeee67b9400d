import { describe, expect, it } from 'vitest';
import type { ResultRecord } from './run-results';
import { capacityTrends, referenceRate, type TrendRun } from './capacity-trend';

function rec(fns: { function: string; rate: number; p95: number }[]): ResultRecord {
  return {
    config_id: fns.map((f) => `${f.function}${f.rate}`).join('-'),
    iteration: 1,
    label: fns.map((f) => `${f.function}=${f.rate}`).join(', '),
    functions: fns.map((f) => ({
      function: f.function,
      rate: f.rate,
      requests: 100,
      success_rate: 1,
      avg_ms: f.p95 / 2,
      p50_ms: f.p95 / 2,
      p95_ms: f.p95,
      p99_ms: f.p95 * 1.2,
      max_ms: f.p95 * 2,
      replicas: 1,
      overloaded: false,
    })),
    cpu_usage_node: 10,
    cpu_unit: 'percent of one core',
    ram_usage_node_pct: 10,
    overloaded_node: false,
  };
}

const run = (
  runId: string,
  day: number,
  capacity: number,
  tested: number[],
  records: ResultRecord[],
  baseline = false,
): TrendRun => ({
  runId,
  startedAt: Date.UTC(2026, 10, day),
  workload: 'figlet',
  baseline,
  capacity: [{ function: 'figlet', capacity, failsAt: null, reason: null, testedRates: tested }],
  records,
});

describe('capacity trend', () => {
  it('one point per run, oldest first, with the p95 at the rate most runs tested', () => {
    const trends = capacityTrends([
      run('run-c', 3, 30, [10, 20, 30], [rec([{ function: 'figlet', rate: 20, p95: 40 }])]),
      run('run-a', 1, 20, [10, 20], [rec([{ function: 'figlet', rate: 20, p95: 50 }])], true),
      run(
        'run-b',
        2,
        10,
        [10, 20],
        [
          rec([{ function: 'figlet', rate: 20, p95: 90 }]),
          // Beside another function at the same rate: not what "figlet at 20" alone measured.
          rec([
            { function: 'figlet', rate: 20, p95: 500 },
            { function: 'env', rate: 5, p95: 1 },
          ]),
        ],
      ),
    ]);
    expect(trends).toHaveLength(1);
    const t = trends[0]!;
    expect(t.referenceRate).toBe(20);
    expect(t.points.map((p) => [p.runId, p.capacity, p.p95AtReference, p.baseline])).toEqual([
      ['run-a', 20, 50, true],
      ['run-b', 10, 90, false],
      ['run-c', 30, 40, false],
    ]);
  });

  it('the reference rate: most runs, the highest on a tie; none without tested rates', () => {
    const r = (tested: number[]) => run('x', 1, 1, tested, []);
    expect(referenceRate([r([10, 20]), r([20, 30]), r([30])], 'figlet')).toBe(30);
    expect(referenceRate([r([10]), r([10, 20])], 'figlet')).toBe(10);
    expect(referenceRate([], 'figlet')).toBeNull();
  });

  it('leaves out runs that found no capacity, and says null where the reference rate was not tested', () => {
    const none = { ...run('run-none', 1, 0, [], []), capacity: [] };
    const t = capacityTrends([none, run('run-x', 2, 10, [10], []), run('run-y', 3, 10, [10], [])]);
    expect(t[0]!.points.map((p) => [p.runId, p.p95AtReference])).toEqual([
      ['run-x', null],
      ['run-y', null],
    ]);
  });
});
