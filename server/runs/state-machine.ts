// One run's controller state machine: lb's states and transitions (lib/contract/controller-states),
// with a history and change listeners (the journal and the event stream follow it).
import 'server-only';
import {
  canTransition,
  isStoppingState,
  isTerminalState,
  type ControllerState,
} from '@/lib/contract/controller-states';

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: ControllerState,
    readonly to: ControllerState,
  ) {
    super(`illegal controller state transition ${from} → ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

export interface StateChange {
  from: ControllerState;
  to: ControllerState;
  reason?: string;
  /** epoch milliseconds */
  at: number;
}

export class ControllerStateMachine {
  #state: ControllerState;
  readonly history: StateChange[] = [];
  readonly #listeners = new Set<(change: StateChange) => void>();

  /** `initial` lets a re-attached run continue from the state its journal holds. */
  constructor(initial: ControllerState = 'init') {
    this.#state = initial;
  }

  get state(): ControllerState {
    return this.#state;
  }

  transition(to: ControllerState, reason?: string): void {
    const from = this.#state;
    if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
    this.#state = to;
    const change: StateChange = { from, to, at: Date.now(), ...(reason === undefined ? {} : { reason }) };
    this.history.push(change);
    for (const l of [...this.#listeners]) {
      try {
        l(change);
      } catch {
        /* a listener's failure must not undo or block the transition */
      }
    }
  }

  /** For racing paths (a stop and a failure at once): returns false instead of throwing. */
  tryTransition(to: ControllerState, reason?: string): boolean {
    if (!canTransition(this.#state, to)) return false;
    this.transition(to, reason);
    return true;
  }

  isTerminal(): boolean {
    return isTerminalState(this.#state);
  }

  isStopping(): boolean {
    return isStoppingState(this.#state);
  }

  /** Provisioned hosts may be cleaned up only after a clean end; stop_failed/failed keep them for inspection. */
  canCleanupHosts(): boolean {
    return this.#state === 'finished' || this.#state === 'aborted';
  }

  onChange(listener: (change: StateChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
