// lb's PolicyAlgorithm and ConfigScheduler contract (services/contracts.py) in TypeScript:
// choose_batch / update_online / update_batch, and the NoOpPolicy that keeps the enumeration
// order (services/algorithm_loader.py). The events are lb-web's ExecutionRecord (lb's
// ExecutionEvent: ids, pairs, times, lb's result_row/metrics/summary payload) plus the
// iteration's result record, so a policy can judge limits without parsing lb's dict.
import 'server-only';
import type { BenchConfig } from '@/server/peva/enumeration';
import type { ExecutionRecord } from '@/server/peva/memory-schema';

/**
 * What one update call learnt, written as a `policy_updates` row (lb's columns: score, loss;
 * records_seen is the count of events the policy has been given). lb's NoOpPolicy returns
 * nothing and lb writes no row: the table stays empty, as lb's does.
 */
export interface PolicyUpdateSummary {
  score: number | null;
  loss: number | null;
}

export type UpdateResult = void | PolicyUpdateSummary | Promise<void | PolicyUpdateSummary>;

export interface PolicyAlgorithm {
  /** lb's `choose_batch(candidates=…, desired_size=…)`: up to desiredSize of the candidates. */
  chooseBatch(args: { candidates: readonly BenchConfig[]; desiredSize: number }): BenchConfig[];
  updateOnline(event: ExecutionRecord): UpdateResult;
  updateBatch(events: ExecutionRecord[]): UpdateResult;
}

/** lb's NoOpPolicy: the candidates in their order, no learning, no policy_updates row. */
export class NoOpPolicy implements PolicyAlgorithm {
  chooseBatch({ candidates, desiredSize }: { candidates: readonly BenchConfig[]; desiredSize: number }): BenchConfig[] {
    return candidates.slice(0, Math.max(0, desiredSize));
  }
  updateOnline(): void {}
  updateBatch(): void {}
}

/** lb's `isinstance(instance, PolicyAlgorithm)` on a runtime_checkable Protocol: the three methods exist. */
export function implementsPolicy(value: unknown): value is PolicyAlgorithm {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.chooseBatch === 'function' && typeof v.updateOnline === 'function' && typeof v.updateBatch === 'function'
  );
}
