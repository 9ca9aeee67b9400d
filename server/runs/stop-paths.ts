// The walk to a terminal state through lb's states, whatever phase the run ended in.
import 'server-only';
import type { ControllerState } from '@/lib/contract/controller-states';
import type { ControllerStateMachine } from './state-machine';

export interface TerminalArgs {
  sm: ControllerStateMachine;
  stopRequested: boolean;
  stopFailure?: string;
  failure?: string;
  agentStatus?: string;
}

/**
 * The terminal state transitionsToTerminal will reach, without walking there: the controller
 * writes what the run found into the journal first, so the save that the terminal state
 * triggers already holds it (no reader, and no crash, sees a finished run without its outcome).
 */
export function terminalStateFor(
  args: Omit<TerminalArgs, 'sm'> & { sm: Pick<ControllerStateMachine, 'isTerminal' | 'state'> },
): ControllerState {
  if (args.sm.isTerminal()) return args.sm.state;
  if (args.stopRequested) return args.stopFailure ? 'stop_failed' : 'aborted';
  if (args.failure || args.agentStatus !== 'done') return 'failed';
  return 'finished';
}

/** Walks the machine to terminalStateFor's state through lb's states; returns the state reached. */
export function transitionsToTerminal(args: TerminalArgs): ControllerState {
  const { sm } = args;
  if (sm.isTerminal()) return sm.state;
  const to = terminalStateFor(args);
  if (to === 'stop_failed') sm.transition('stop_failed', args.stopFailure);
  else if (to === 'aborted') {
    // A stop that found nothing running yet (before setup) is armed here.
    if (!sm.isStopping()) sm.tryTransition('stop_armed');
    sm.tryTransition('stopping_teardown');
    sm.transition('aborted', 'stopped cleanly');
  } else if (to === 'failed')
    sm.transition(
      'failed',
      args.failure || (args.agentStatus ? `agent ended ${args.agentStatus}` : 'agent ended without a final status'),
    );
  else {
    sm.tryTransition('running_global_teardown');
    sm.transition('finished');
  }
  return sm.state;
}
