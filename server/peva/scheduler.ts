// Which configurations a run takes on, as lb decides it before its loop starts:
// `CartesianScheduler.propose_batch` (services/cartesian_scheduler.py) over the enumerated plan,
// with the keys already seen — those of this output's index.csv and those the DuckDB memory
// knows — left out (`DfaasConfigExecutor.execute`, services/run_execution.py). A configuration
// left out is not run, not counted in "config i/n" and written nowhere: no skipped.csv row, no
// index row, no log line. lb keys configurations by (functions, rates), lb-web by config_id:
// the same thing for the integer rates lb takes.
import 'server-only';

/** lb's `propose_batch`: up to `desiredSize` candidates, in their order, skipping seen ones (not replaced). */
export function proposeBatch<T extends { id: string }>(
  candidates: readonly T[],
  seen: ReadonlySet<string>,
  desiredSize: number,
): T[] {
  if (desiredSize <= 0) return [];
  const selected: T[] = [];
  for (const candidate of candidates) {
    if (selected.length >= desiredSize) break;
    if (seen.has(candidate.id)) continue;
    selected.push(candidate);
  }
  return selected;
}

/** Where a configuration left out was seen. */
export type SeenIn = 'index' | 'memory';

export interface Selection<T> {
  /** What the run goes through, in lb's order; "config i/n" counts these. */
  selected: T[];
  /** Left out as already seen (lb: `not_selected`), with where each was found. */
  notSelected: Array<{ config: T; seenIn: SeenIn[] }>;
}

/**
 * lb's `execute` before its loop: seen = index.csv keys ∪ the plan's keys the memory has seen,
 * then one batch of `max(1, len(configs))`, i.e. every configuration not seen.
 */
export function selectConfigs<T extends { id: string }>(
  configs: readonly T[],
  index: ReadonlySet<string>,
  memory: ReadonlySet<string>,
): Selection<T> {
  const seen = new Set(index);
  for (const c of configs) if (memory.has(c.id)) seen.add(c.id);
  const selected = proposeBatch(configs, seen, Math.max(1, configs.length));
  const chosen = new Set(selected);
  const notSelected = configs
    .filter((c) => !chosen.has(c))
    .map((config) => ({
      config,
      seenIn: [
        ...(index.has(config.id) ? ['index' as const] : []),
        ...(memory.has(config.id) ? ['memory' as const] : []),
      ],
    }));
  return { selected, notSelected };
}
