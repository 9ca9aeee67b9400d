import { describe, expect, it } from 'vitest';
import { ev, metricEv } from '@/test/support/run-events';
import { RunFindingsLog } from './run-findings-log';

const resultEv = (seq: number, configId: string, iteration = 1) =>
  ev(seq, {
    type: 'log',
    phase: 'result',
    config_id: configId,
    iteration,
    data: {
      result: {
        functions: [
          {
            function: 'figlet',
            rate: 10,
            requests: 300,
            success_rate: 1,
            avg_ms: 5,
            p50_ms: 4,
            p95_ms: 9,
            p99_ms: null,
            max_ms: 20,
            replicas: 1,
            overloaded: false,
          },
        ],
        cpu_usage_node: 40,
        cpu_unit: 'one_core',
        ram_usage_node_pct: 30,
        overloaded_node: false,
      },
    },
  });

describe('RunFindingsLog', () => {
  it('keeps result records, skipped/failed notes with their reason, and the load in progress', () => {
    const log = new RunFindingsLog();
    log.add({ ...metricEv(1, 100, { figlet: { rps: 10, successRate: 1, p95: 9, requests: 10 } }), config_id: 'c1' });
    expect(log.live).toMatchObject({ config_id: 'c1', startedAt: 100, lastAt: 100 });
    log.add({ ...metricEv(2, 101, { figlet: { rps: 10, successRate: 1, p95: 8, requests: 20 } }), config_id: 'c1' });
    expect(log.live?.functions.figlet).toEqual({ rps: 10, successRate: 1, p95: 8, requests: 20 });
    log.add(resultEv(3, 'c1'));
    expect(log.live).toBeNull();
    expect(log.records.map((r) => [r.config_id, r.label])).toEqual([['c1', 'figlet=10']]);
    log.add(
      ev(4, {
        type: 'log',
        phase: 'skip',
        config_id: 'c2',
        data: { outcome: 'skipped', label: 'figlet=20', reason: 'dominated_by_overload', detail: 'dominates c1' },
      }),
    );
    log.add(ev(5, { type: 'log', config_id: 'c3', data: { outcome: 'failed', label: 'nope=5' }, message: '404' }));
    expect(log.notes).toEqual([
      { config_id: 'c2', label: 'figlet=20', outcome: 'skipped', reason: 'dominates c1' },
      { config_id: 'c3', label: 'nope=5', outcome: 'failed', reason: '404' },
    ]);
  });

  it('ignores an event it has seen (a replay after reconnect)', () => {
    const log = new RunFindingsLog();
    log.add(resultEv(1, 'c1'));
    log.add(resultEv(1, 'c1'));
    expect(log.records).toHaveLength(1);
  });
});
