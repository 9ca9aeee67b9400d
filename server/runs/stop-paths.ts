// The walk to a terminal state through lb's states, whatever phase the run ended in.
import 'server-only';
import type { ControllerState } from '@/lib/contract/controller-states';
import type { ControllerStateMachine } from './state-machine';

export function transitionsToTerminal(args: {
  sm: ControllerStateMachine;
  stopRequested: boolean;
  stopFailure?: string;
  failure?: string;
  agentStatus?: string;
}): ControllerState {
  const { sm } = args;
  if (sm.isTerminal()) return sm.state;
  if (args.stopRequested) {
    if (args.stopFailure) {
      sm.transition('stop_failed', args.stopFailure);
      return sm.state;
    }
    // A stop that found nothing running yet (before setup) is armed here.
    if (!sm.isStopping()) sm.tryTransition('stop_armed');
    sm.tryTransition('stopping_teardown');
    sm.transition('aborted', 'stopped cleanly');
    return sm.state;
  }
  if (args.failure) {
    sm.transition('failed', args.failure);
    return sm.state;
  }
  if (args.agentStatus !== 'done') {
    sm.transition(
      'failed',
      args.agentStatus ? `agent ended ${args.agentStatus}` : 'agent ended without a final status',
    );
    return sm.state;
  }
  sm.tryTransition('running_global_teardown');
  sm.transition('finished');
  return sm.state;
}
