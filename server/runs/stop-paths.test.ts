import { describe, expect, it } from 'vitest';
import type { ControllerState } from '@/lib/contract/controller-states';
import { ControllerStateMachine } from './state-machine';
import { terminalStateFor, transitionsToTerminal } from './stop-paths';

/** A machine walked to `at` along lb's states. */
function machineAt(path: ControllerState[]): ControllerStateMachine {
  const sm = new ControllerStateMachine();
  for (const s of path) sm.transition(s);
  return sm;
}

// Where a run can end from: before setup, during the workloads, while stopping, already ended.
const PLACES: ControllerState[][] = [
  [],
  ['running_global_setup'],
  ['running_global_setup', 'running_workloads'],
  ['running_global_setup', 'running_workloads', 'stop_armed'],
  ['running_global_setup', 'running_workloads', 'failed'],
];
const ENDINGS = [
  { stopRequested: false, agentStatus: 'done' },
  { stopRequested: false, agentStatus: 'failed' },
  { stopRequested: false },
  { stopRequested: false, failure: 'setup failed', agentStatus: 'done' },
  { stopRequested: true, agentStatus: 'stopped' },
  { stopRequested: true, stopFailure: 'the agent never confirmed' },
];

describe('terminalStateFor', () => {
  it('names the state the walk reaches, from wherever the run ended, without walking', () => {
    let walked = 0;
    for (const place of PLACES)
      for (const ending of ENDINGS) {
        const predicted = terminalStateFor({ sm: machineAt(place), ...ending });
        const sm = machineAt(place);
        const before = sm.state;
        // A walk lb's states refuse is not a way a run ends (e.g. a stop with nothing armed from init).
        let reached: ControllerState;
        try {
          reached = transitionsToTerminal({ sm, ...ending });
        } catch {
          continue;
        }
        walked++;
        expect(reached, `${before} ${JSON.stringify(ending)}`).toBe(predicted);
      }
    expect(walked).toBeGreaterThanOrEqual(24);
  });

  it('leaves the machine where it was', () => {
    const sm = machineAt(['running_global_setup', 'running_workloads']);
    expect(terminalStateFor({ sm, stopRequested: false, agentStatus: 'done' })).toBe('finished');
    expect(sm.state).toBe('running_workloads');
  });
});
