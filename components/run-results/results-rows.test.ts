import { describe, expect, it } from 'vitest';
import { configLabelOf, type ResultRecord } from '@/lib/contract/run-results';
import { ThresholdsSchema } from '@/lib/contract/thresholds';
import { resultsCsv, resultsRows, sortRows } from './results-rows';

const record = (id: string, rate: number, p95: number): ResultRecord => {
  const functions = [
    {
      function: 'figlet',
      rate,
      requests: rate * 10,
      success_rate: 1,
      avg_ms: 5,
      p50_ms: 4,
      p95_ms: p95,
      p99_ms: NaN,
      max_ms: 50,
      replicas: 1,
      overloaded: false,
    },
  ];
  return {
    config_id: id,
    iteration: 1,
    label: configLabelOf(functions),
    functions,
    cpu_usage_node: 120,
    cpu_unit: 'one_core',
    ram_usage_node_pct: 20,
    overloaded_node: false,
  };
};

describe('results rows', () => {
  const thresholds = ThresholdsSchema.parse({ figlet: { p95_ms: 100 } });

  it('one row per recorded function with ✓/✗ and the broken limit; notes and an interrupted load', () => {
    const rows = resultsRows({
      records: [record('a', 10, 20), record('b', 20, 312)],
      notes: [{ config_id: 'c', label: 'figlet=30', outcome: 'skipped', reason: 'dominated_by_overload' }],
      live: {
        config_id: 'd',
        iteration: 1,
        startedAt: 100,
        lastAt: 129,
        functions: { figlet: { rps: 40, successRate: 1, p95: 9, requests: 1200 } },
      },
      thresholds,
      stopped: true,
    });
    expect(rows.map((r) => [r.label || r.configId, r.kind, r.verdict, r.note])).toEqual([
      ['figlet=10', 'result', 'pass', ''],
      ['figlet=20', 'result', 'fail', 'p95 312 ms > 100 ms'],
      ['figlet=30', 'skipped', 'none', 'dominated_by_overload'],
      ['d', 'interrupted', 'none', 'interrupted at 30 s — not recorded (live figures: 40 req/s)'],
    ]);
    expect(rows[0]!.p99).toBeNull();
  });

  it('sorts with nulls last and exports CSV with quoting', () => {
    const rows = resultsRows({
      records: [record('a', 10, 20), record('b', 20, 312)],
      notes: [],
      live: null,
      thresholds,
      stopped: false,
    });
    expect(sortRows(rows, 'p95', -1).map((r) => r.rate)).toEqual([20, 10]);
    const csv = resultsCsv(rows);
    expect(csv.split('\r\n')[0]).toMatch(/^label,iteration,fn,rate,/);
    expect(csv).toContain(
      '"figlet=10"'.replace(/"/g, '') + ',1,figlet,10,100,1,4,20,,50,120,1,false,pass,,a,one_core,result',
    );
  });
});
