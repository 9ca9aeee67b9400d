import { describe, expect, it } from 'vitest';
import { RunEventLog } from './event-store';
import { ev, metricEv } from '@/test/support/run-events';

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
});
