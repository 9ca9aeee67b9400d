// Controller states as the pages need them: terminal or not, and the badge colour.
import { STOPPING_STATES, TERMINAL_STATES, type ControllerState } from '@/lib/contract/controller-states';

export type BadgeTone = 'ok' | 'bad' | 'warn' | 'busy' | 'idle';

export function isTerminal(state: string | null | undefined): boolean {
  return state != null && TERMINAL_STATES.has(state as ControllerState);
}

export function isStopping(state: string | null | undefined): boolean {
  return state != null && STOPPING_STATES.has(state as ControllerState);
}

export function stateTone(state: string | null | undefined): BadgeTone {
  if (!state) return 'idle';
  if (state === 'finished') return 'ok';
  if (state === 'failed' || state === 'stop_failed') return 'bad';
  if (state === 'aborted' || isStopping(state)) return 'warn';
  return 'busy';
}
