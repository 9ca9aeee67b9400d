import { describe, expect, it } from 'vitest';
import { FAST_TAIL_OFF, FAST_TAIL_ON, FAST_TAIL_SLOW_BATCHES, RunEventLog } from './event-store';
import { DEFAULT_FILTER } from '@/lib/run-digest/event-filter';
import { ev, metricEv } from '@/test/support/run-events';
import { RunDigest } from '@/lib/run-digest/run-digest';
import type { StoredEvent } from '@/lib/contract/stored-event';

// A run of 1000 events: a metric sample every 10th, the controller's state on the others.
const runEvent = (seq: number): StoredEvent =>
  seq % 10 === 0
    ? metricEv(seq, 1_700_000_000 + seq, { figlet: { rps: seq % 7 } })
    : ev(seq, { data: { controller_state: seq < 1000 ? 'running_workloads' : 'finished' } });
const run = Array.from({ length: 1000 }, (_, i) => runEvent(i + 1));

describe('RunEventLog', () => {
  it('keeps seq order and drops duplicates', () => {
    const log = new RunEventLog();
    expect(log.add([ev(1), ev(2), ev(3)])).toBe(3);
    expect(log.add([ev(2), ev(3), ev(4)])).toBe(1);
    expect(log.duplicates).toBe(2);
    expect(log.events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(log.missing).toBe(0);
  });

  it('inserts a late older event in place and counts gaps', () => {
    const log = new RunEventLog();
    log.add([ev(1), ev(4)]);
    expect(log.missing).toBe(2);
    log.add([ev(3), ev(2)]);
    expect(log.events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(log.missing).toBe(0);
  });

  it('calls the tail fast from FAST_TAIL_ON events a batch, slow after FAST_TAIL_SLOW_BATCHES thin ones or once it settles', () => {
    const log = new RunEventLog();
    let seq = 0;
    const batch = (n: number) => log.add(Array.from({ length: n }, () => ev(++seq)));
    batch(FAST_TAIL_ON - 1);
    expect(log.fastTail).toBe(false);
    batch(FAST_TAIL_ON);
    expect(log.fastTail).toBe(true);
    batch(FAST_TAIL_OFF + 1); // between the bounds: no flip-flop
    expect(log.fastTail).toBe(true);
    batch(FAST_TAIL_OFF); // one thin batch (a stall): still fast
    expect(log.fastTail).toBe(true);
    for (let i = 1; i < FAST_TAIL_SLOW_BATCHES; i++) batch(1);
    expect(log.fastTail).toBe(false);
    expect(log.settle()).toBe(false); // nothing to settle: no re-render
    batch(FAST_TAIL_ON);
    const v = log.version;
    expect(log.settle()).toBe(true);
    expect(log.fastTail).toBe(false);
    expect(log.version).toBe(v + 1); // the log re-renders its rows in line order
  });

  it('bumps its version only on change', () => {
    const log = new RunEventLog();
    log.add([ev(1)]);
    const v = log.version;
    log.add([ev(1)]);
    expect(log.version).toBe(v);
  });

  it('derives controller state, phase, progress, end and malformed count', () => {
    const log = new RunEventLog();
    log.add([
      ev(1, { host: 'controller', phase: 'setup', data: { controller_state: 'running_global_setup' } }),
      ev(2, { phase: 'load', data: { configs_total: 2, configs_done: 1, configs_skipped: 0, configs_failed: 0 } }),
      ev(3, { type: 'log', level: 'WARNING', data: { malformed: { line: 'LB_EVENT {', reason: 'bad' } } }),
      metricEv(4, 1_700_000_010, { figlet: { rps: 10 } }),
    ]);
    expect(log.derived).toMatchObject({
      controllerState: 'running_global_setup',
      phase: 'load',
      malformed: 1,
      ended: false,
    });
    expect(log.derived.progress).toEqual({ configs_total: 2, configs_done: 1, configs_skipped: 0, configs_failed: 0 });
    log.add([ev(5, { phase: 'end', status: 'done' })]);
    expect(log.derived.ended).toBe(false); // the agent's end is not the run's end
    log.add([ev(6, { host: 'controller', phase: 'end', data: { controller_state: 'finished' } })]);
    expect(log.derived).toMatchObject({ controllerState: 'finished', ended: true });
  });

  it('does not let an older event overwrite the derived state', () => {
    const log = new RunEventLog();
    log.add([ev(2, { data: { controller_state: 'running_workloads' } })]);
    log.add([ev(1, { data: { controller_state: 'init' } })]);
    expect(log.derived.controllerState).toBe('running_workloads');
  });

  describe('seeded from a snapshot', () => {
    function seeded(upTo: number, tail: number): RunEventLog {
      const digest = new RunDigest();
      for (const e of run.slice(0, upTo)) digest.add(e);
      const log = new RunEventLog();
      log.seed({ digest: digest.toState(), events: run.slice(upTo - tail, upTo) });
      return log;
    }

    it('shows what the whole run derives while holding only its tail', () => {
      const log = seeded(1000, 50);
      const full = new RunEventLog();
      full.add(run);
      expect(log.events.map((e) => e.seq)).toEqual(full.events.slice(-50).map((e) => e.seq));
      expect(log.derived).toEqual(full.derived);
      expect(log.metrics.rows).toEqual(full.metrics.rows);
      expect(log.total).toBe(1000);
      expect(log.olderOnServer).toBe(950);
      expect(log.missing).toBe(0);
    });

    it('carries on with the live events after the snapshot as if it had read them all', () => {
      const log = seeded(600, 100);
      expect(log.lastSeq).toBe(600);
      // The stream resumes after 600; a reconnect may repeat a seq the snapshot had.
      expect(log.add(run.slice(598))).toBe(400);
      expect(log.duplicates).toBe(2);
      const full = new RunEventLog();
      full.add(run);
      expect(log.derived).toEqual(full.derived);
      expect(log.metrics.rows).toEqual(full.metrics.rows);
      expect(log.total).toBe(1000);
    });

    it('takes pages of older events without counting them again', () => {
      const log = seeded(1000, 50);
      const before = structuredClone(log.derived);
      expect(log.addOlder(run.slice(900, 950))).toBe(50);
      expect(log.events.map((e) => e.seq)).toEqual(run.slice(900).map((e) => e.seq));
      expect(log.derived).toEqual(before);
      expect(log.olderOnServer).toBe(900);
    });

    it('is seeded only while it holds nothing (a remount resumes from what it has)', () => {
      const log = new RunEventLog();
      log.add([ev(1)]);
      expect(log.seed({ digest: new RunDigest().toState(), events: [] })).toBe(false);
      expect(log.total).toBe(1);
    });
  });

  it('keeps at most maxHeld live events, dropping the oldest', () => {
    const log = new RunEventLog(100);
    log.add(run);
    expect(log.events).toHaveLength(100);
    expect(log.events[0]!.seq).toBe(901);
    expect(log.total).toBe(1000);
    expect(log.olderOnServer).toBe(900);
  });

  it('gives the rows to show as the same object until the log, filter or limit changes', () => {
    const log = new RunEventLog();
    log.add(run.slice(0, 10));
    const f = { ...DEFAULT_FILTER };
    const a = log.visible(f, 5);
    expect(a.rows.map((e) => e.seq)).toEqual(run.slice(0, 10).map((e) => e.seq));
    expect(log.visible(f, 5)).toBe(a);
    expect(log.visible({ ...f }, 5)).not.toBe(a);
    log.add(run.slice(10, 11));
    const b = log.visible(f, 5);
    expect(b).not.toBe(a);
    expect(b.matched).toBe(11);
    // A duplicate changes nothing.
    log.add(run.slice(10, 11));
    expect(log.visible(f, 5)).toBe(b);
  });
});
