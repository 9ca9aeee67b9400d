// lb's controller states (FORMATS.md §4) and the transitions we allow between them.
import { z } from 'zod';

export const CONTROLLER_STATES = [
  'init',
  'running_global_setup',
  'running_workloads',
  'running_global_teardown',
  'stop_armed',
  'stopping_interrupt_setup',
  'stopping_wait_runners',
  'stopping_teardown',
  'stopping_interrupt_teardown',
  'finished',
  'aborted',
  'stop_failed',
  'failed',
] as const;

export const ControllerStateSchema = z.enum(CONTROLLER_STATES);
export type ControllerState = z.infer<typeof ControllerStateSchema>;

export const TERMINAL_STATES: ReadonlySet<ControllerState> = new Set(['finished', 'aborted', 'stop_failed', 'failed']);
export const STOPPING_STATES: ReadonlySet<ControllerState> = new Set([
  'stop_armed',
  'stopping_interrupt_setup',
  'stopping_wait_runners',
  'stopping_teardown',
  'stopping_interrupt_teardown',
]);

export const isTerminalState = (s: ControllerState): boolean => TERMINAL_STATES.has(s);

/** A state text (a journal's, maybe a newer lb's) naming a known state that is not over yet. */
export const isActiveStateName = (s: string | null): boolean =>
  s !== null && (CONTROLLER_STATES as readonly string[]).includes(s) && !TERMINAL_STATES.has(s as ControllerState);
export const isStoppingState = (s: ControllerState): boolean => STOPPING_STATES.has(s);

// The forward path and the stop paths; the "from any" rules are added below.
const FORWARD: Record<ControllerState, readonly ControllerState[]> = {
  init: ['running_global_setup'],
  running_global_setup: ['running_workloads'],
  running_workloads: ['running_global_teardown'],
  running_global_teardown: ['finished'],
  // Where an armed stop goes depends on the phase it interrupted; with nothing to interrupt
  // (stop before setup) it goes straight to teardown.
  stop_armed: ['stopping_interrupt_setup', 'stopping_wait_runners', 'stopping_interrupt_teardown', 'stopping_teardown'],
  stopping_interrupt_setup: ['stopping_teardown'],
  stopping_wait_runners: ['stopping_teardown'],
  stopping_interrupt_teardown: [],
  stopping_teardown: [],
  finished: [],
  aborted: [],
  stop_failed: [],
  failed: [],
};

/** Every allowed `from → to`: forward steps; stop_armed from any running (non-stopping) state;
 *  failed/aborted/stop_failed from any non-terminal state; nothing leaves a terminal state. */
export const ALLOWED_TRANSITIONS: Readonly<Record<ControllerState, ReadonlySet<ControllerState>>> = (() => {
  const table = {} as Record<ControllerState, ReadonlySet<ControllerState>>;
  for (const from of CONTROLLER_STATES) {
    const to = new Set<ControllerState>(FORWARD[from]);
    if (!isTerminalState(from)) {
      to.add('failed');
      to.add('aborted');
      to.add('stop_failed');
      if (!isStoppingState(from)) to.add('stop_armed');
    }
    table[from] = to;
  }
  return table;
})();

export function canTransition(from: ControllerState, to: ControllerState): boolean {
  return ALLOWED_TRANSITIONS[from].has(to);
}
