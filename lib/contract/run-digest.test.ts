import { describe, expect, it } from 'vitest';
import { RunDigest } from '@/lib/run-digest/run-digest';
import { ev, metricEv } from '@/test/support/run-events';
import { EventsPageInputSchema, RunDigestStateSchema, RunSnapshotInputSchema } from './run-digest';

const result = (seq: number, configId: string) =>
  ev(seq, {
    type: 'log',
    phase: 'result',
    config_id: configId,
    iteration: 1,
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

describe('run digest contract', () => {
  it('reads back every part of a digest it wrote (series.json is trusted only if it parses)', () => {
    const d = new RunDigest();
    let seq = 0;
    for (let i = 0; i < 40; i++)
      d.add({ ...metricEv(++seq, 100 + i, { figlet: { rps: i, p95: null } }), config_id: 'c1' });
    d.add(result(++seq, 'c1'));
    d.add(ev(++seq, { config_id: 'c2', data: { outcome: 'skipped', reason: 'dominated' } }));
    d.add({ ...metricEv(++seq, 200, { figlet: { rps: 3 } }), config_id: 'c3' }); // a load in progress
    d.add(ev(++seq, { type: 'log', data: { malformed: { line: 'x', reason: 'bad' } } }));
    d.add(
      ev(seq + 1, {
        host: 'controller',
        phase: 'end',
        data: {
          controller_state: 'aborted',
          outcome: { kind: 'stopped', detail: 'stopped by the user' },
          configs_total: 3,
          configs_done: 1,
          configs_skipped: 1,
          configs_failed: 0,
        },
      }),
    );
    // As JSON carries it (series.json, the snapshot's response): NaN figures become null.
    const state = JSON.parse(JSON.stringify(d.toState())) as unknown;
    expect(state).toMatchObject({ count: 45, derived: { ended: true, malformed: 1 } });
    // Read back, it is the digest as it was in memory (a record's NaN p99 included).
    expect(RunDigestStateSchema.parse(state)).toEqual(d.toState());
    expect(RunDigestStateSchema.safeParse({ ...(state as object), lastSeq: -1 }).success).toBe(false);
  });

  it('bounds what a page may ask for', () => {
    expect(RunSnapshotInputSchema.parse({ runId: 'run-1' }).tail).toBe(500);
    expect(RunSnapshotInputSchema.safeParse({ runId: 'run-1', tail: 5000 }).success).toBe(false);
    expect(EventsPageInputSchema.safeParse({ runId: 'run-1', beforeSeq: 10, limit: 1001 }).success).toBe(false);
    expect(EventsPageInputSchema.safeParse({ runId: 'run-1', beforeSeq: 0, limit: 10 }).success).toBe(false);
    expect(EventsPageInputSchema.safeParse({ runId: '../x', beforeSeq: 10, limit: 10 }).success).toBe(false);
  });
});
