import { describe, expect, it } from 'vitest';
import { compareRecords, deltaText, metricDelta } from './compare';
import { fn, record } from '@/test/support/result-records';

describe('comparing two runs', () => {
  it('flags B slower beyond the tolerance as a regression, with the delta and delta % in words', () => {
    const a = [record('c10', [fn('figlet', 10, { p95_ms: 20 })])];
    const b = [record('c10', [fn('figlet', 10, { p95_ms: 26 })])];
    const cmp = compareRecords(a, b);
    expect(cmp.rows).toHaveLength(1);
    const row = cmp.rows[0]!;
    expect(row.flag).toBe('regression');
    expect(row.reasons).toEqual(['p95 20.0 → 26.0 ms (+30.0 %)']);
    expect(row.deltas.find((d) => d.metric === 'p95_ms')).toMatchObject({ a: 20, b: 26, delta: 6, pct: 30 });
    expect(cmp.regressions).toBe(1);
    // Within a 50 % tolerance the same change is not flagged.
    expect(compareRecords(a, b, { tolerancePct: 50 }).rows[0]!.flag).toBe('same');
  });

  it('reads lower latency and higher success as improvements, lower success as a regression', () => {
    const faster = compareRecords(
      [record('c', [fn('figlet', 10, { p95_ms: 40 })])],
      [record('c', [fn('figlet', 10, { p95_ms: 20 })])],
    );
    expect(faster.rows[0]!.flag).toBe('improvement');
    expect(faster.improvements).toBe(1);
    const failing = compareRecords(
      [record('c', [fn('figlet', 10, { success_rate: 1 })])],
      [record('c', [fn('figlet', 10, { success_rate: 0.8 })])],
    );
    expect(failing.rows[0]!.reasons).toEqual(['success 100 → 80.0 % (-20.0 %)']);
  });

  it('averages iterations, ignores changes under the noise floor, and counts a new overload', () => {
    const a = [
      record('c', [fn('figlet', 10, { p95_ms: 2 })], { iteration: 1 }),
      record('c', [fn('figlet', 10, { p95_ms: 4 })], { iteration: 2 }),
    ];
    // 3 → 3.8 ms is +27 % but under 1 ms: noise, not a regression.
    const b = [record('c', [fn('figlet', 10, { p95_ms: 3.8 })], { overloaded_node: true })];
    const cmp = compareRecords(a, b);
    expect(cmp.rows[0]!.a).toMatchObject({ iterations: 2, p95_ms: 3 });
    expect(cmp.rows[0]!.deltas.find((d) => d.metric === 'p95_ms')!.flag).toBe('same');
    expect(cmp.rows[0]!.flag).toBe('regression');
    expect(cmp.rows[0]!.reasons).toEqual(['overloaded in B, not in A']);
  });

  it('lists configurations only one side ran, and never flags a value one side did not measure', () => {
    const cmp = compareRecords(
      [record('c10', [fn('figlet', 10)]), record('c20', [fn('figlet', 20)])],
      [record('c10', [fn('figlet', 10, { p99_ms: Number.NaN })]), record('c30', [fn('figlet', 30)])],
    );
    expect(cmp.onlyA).toEqual(['figlet=20']);
    expect(cmp.onlyB).toEqual(['figlet=30']);
    expect(cmp.rows.find((r) => r.label === 'figlet=10')!.deltas.find((d) => d.metric === 'p99_ms')!.flag).toBe(
      'unknown',
    );
    expect(metricDelta('p95_ms', Number.NaN, 5, 10).flag).toBe('unknown');
  });

  it('compares capacity per function with the same thresholds on both sides', () => {
    const run = (p95At20: number) => [
      record('c10', [fn('figlet', 10, { p95_ms: 50 })]),
      record('c20', [fn('figlet', 20, { p95_ms: p95At20 })]),
    ];
    const cmp = compareRecords(run(80), run(500), { thresholds: { figlet: { p95_ms: 200 } } });
    expect(cmp.capacity).toEqual([
      expect.objectContaining({ function: 'figlet', flag: 'regression', a: expect.objectContaining({ capacity: 20 }) }),
    ]);
    expect(cmp.capacity[0]!.b).toMatchObject({ capacity: 10, failsAt: 20 });
    expect(deltaText(metricDelta('cpu_usage_node', 40, 60, 10))).toBe('node CPU 40.0 → 60.0 % (+50.0 %)');
  });
});
