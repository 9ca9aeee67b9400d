import { describe, expect, it } from 'vitest';
import {
  canTransition,
  CONTROLLER_STATES,
  TERMINAL_STATES,
  type ControllerState,
} from '@/lib/contract/controller-states';
import { ControllerStateMachine, IllegalTransitionError } from './state-machine';

describe('controller states', () => {
  it('walks the normal path to finished and allows host cleanup only then', () => {
    const sm = new ControllerStateMachine();
    const seen: string[] = [];
    sm.onChange((c) => seen.push(`${c.from}>${c.to}`));
    for (const s of ['running_global_setup', 'running_workloads', 'running_global_teardown'] as const) {
      sm.transition(s);
      expect(sm.canCleanupHosts()).toBe(false);
    }
    sm.transition('finished', 'all done');
    expect(sm.isTerminal()).toBe(true);
    expect(sm.canCleanupHosts()).toBe(true);
    expect(seen).toEqual([
      'init>running_global_setup',
      'running_global_setup>running_workloads',
      'running_workloads>running_global_teardown',
      'running_global_teardown>finished',
    ]);
    expect(sm.history.at(-1)).toMatchObject({ to: 'finished', reason: 'all done' });
  });

  it('stops through lb stopping states to aborted', () => {
    const sm = new ControllerStateMachine();
    sm.transition('running_global_setup');
    sm.transition('running_workloads');
    sm.transition('stop_armed');
    sm.transition('stopping_wait_runners');
    sm.transition('stopping_teardown');
    sm.transition('aborted');
    expect(sm.canCleanupHosts()).toBe(true);
    const setup = new ControllerStateMachine('running_global_setup');
    setup.transition('stop_armed');
    setup.transition('stopping_interrupt_setup');
    setup.transition('stopping_teardown');
    setup.transition('aborted');
    const teardown = new ControllerStateMachine('running_global_teardown');
    teardown.transition('stop_armed');
    teardown.transition('stopping_interrupt_teardown');
    teardown.transition('stop_failed', 'runner did not confirm');
    expect(teardown.canCleanupHosts()).toBe(false);
  });

  it('enters failed, aborted and stop_failed from every non-terminal state', () => {
    for (const from of CONTROLLER_STATES) {
      for (const to of ['failed', 'aborted', 'stop_failed'] as const)
        expect(canTransition(from, to)).toBe(!TERMINAL_STATES.has(from));
    }
  });

  it('arms a stop only from running states, never twice', () => {
    const armable: ControllerState[] = ['init', 'running_global_setup', 'running_workloads', 'running_global_teardown'];
    for (const from of CONTROLLER_STATES) expect(canTransition(from, 'stop_armed')).toBe(armable.includes(from));
  });

  it('throws an error naming both states on an illegal transition; tryTransition just says no', () => {
    const sm = new ControllerStateMachine();
    expect(() => sm.transition('finished')).toThrowError(IllegalTransitionError);
    expect(() => sm.transition('running_workloads')).toThrow(/init → running_workloads/);
    expect(sm.state).toBe('init');
    sm.transition('failed', 'boom');
    expect(sm.tryTransition('aborted')).toBe(false);
    expect(() => sm.transition('running_global_setup')).toThrow(/failed → running_global_setup/);
    expect(sm.state).toBe('failed');
  });

  it('a throwing listener does not block the transition', () => {
    const sm = new ControllerStateMachine();
    const off = sm.onChange(() => {
      throw new Error('listener bug');
    });
    sm.transition('running_global_setup');
    expect(sm.state).toBe('running_global_setup');
    off();
  });
});
