// How the lead's loop asks the policy for work: rounds of lb's `choose_batch` over the
// configurations not yet chosen. lb's generator loads the policy but its loop takes the whole
// propose_batch selection in order; with NoOpPolicy these rounds give exactly that order (each
// round is a prefix of what is left). A round is one configuration in `online` mode and
// `micro_batch_size` configurations in `micro_batch` mode, so a policy that learns sees the
// results of a round before it chooses the next.
import 'server-only';
import type { PolicySettings } from '@/lib/contract/policy-settings';
import type { BenchConfig } from '@/server/peva/enumeration';
import type { PolicyAlgorithm } from './policy-contract';
import type { SearchState } from '@/lib/contract/capacity-search';
import { CapacitySearchPolicy, type LineCapacity } from './capacity-search';

export interface LoadedPolicy {
  settings: PolicySettings;
  algorithm: PolicyAlgorithm;
}

export class PolicyRounds {
  #left: BenchConfig[];

  constructor(
    private readonly policy: LoadedPolicy,
    selected: readonly BenchConfig[],
  ) {
    this.#left = [...selected];
  }

  /** The next batch; empty when the policy chooses nothing more (or nothing is left). */
  next(): BenchConfig[] {
    if (this.#left.length === 0) return [];
    const { settings, algorithm } = this.policy;
    const desiredSize = settings.selectionMode === 'online' ? 1 : settings.microBatchSize;
    const chosen = algorithm.chooseBatch({ candidates: this.#left, desiredSize });
    const left = new Map(this.#left.map((c) => [c.id, c]));
    const batch: BenchConfig[] = [];
    for (const c of chosen.slice(0, desiredSize)) {
      // A custom policy may return anything: only candidates still open, each once, are run.
      const known = left.get(c?.id);
      if (!known) throw new Error(`policy chose ${String(c?.id)}, which is not an open candidate`);
      left.delete(known.id);
      batch.push(known);
    }
    this.#left = [...left.values()];
    return batch;
  }
}

/** Why a configuration was chosen, when the policy says (capacity-search's `reasonFor`). */
export function explainChoice(policy: PolicyAlgorithm, configId: string): string | undefined {
  const explain = (policy as { reasonFor?: unknown }).reasonFor;
  return typeof explain === 'function' ? (explain.call(policy, configId) as string | undefined) : undefined;
}

/** The capacities a capacity-search policy has found, or null for another policy. */
export function capacitiesOf(policy: PolicyAlgorithm): LineCapacity[] | null {
  const caps = (policy as { capacities?: unknown }).capacities;
  return typeof caps === 'function' ? (caps.call(policy) as LineCapacity[]) : null;
}

/**
 * The capacity search's state for a `policy` event (`data.search`): every line with its tried
 * rates and bracket, the configuration being chosen now (or none), whether the search ended.
 * Null for any other policy.
 */
export function searchStateOf(
  policy: PolicyAlgorithm,
  opts: { chosen?: string; done?: boolean } = {},
): SearchState | null {
  if (!(policy instanceof CapacitySearchPolicy)) return null;
  return {
    lines: policy.searchLines(),
    probe: (opts.chosen && policy.probeOf(opts.chosen)) || null,
    done: opts.done ?? false,
  };
}
