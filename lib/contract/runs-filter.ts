// The runs list's filter: by state, by outcome, and by text (run id, workload, capacity,
// provider, error), all optional and combined. Applied on the server over the whole catalog
// (runs.list pages the result); the same function serves tests and any client-side use.
import { z } from 'zod';
import { isActiveStateName } from './controller-states';
import { capacityText, OUTCOMES, type FunctionCapacity, type OutcomeKind } from './run-results';

export interface RunsFilter {
  state: string;
  outcome: OutcomeKind | '' | 'none';
  text: string;
}

export const NO_FILTER: RunsFilter = { state: '', outcome: '', text: '' };

/** One page of the runs list, newest first: the filter, then offset/limit. */
export const RUNS_PAGE = 200;
export const RunsQuerySchema = z
  .object({
    state: z.string().max(40).default(''),
    outcome: z.enum([...OUTCOMES, '', 'none']).default(''),
    text: z.string().max(200).default(''),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(2000).default(RUNS_PAGE),
  })
  .default({ state: '', outcome: '', text: '', offset: 0, limit: RUNS_PAGE });
export type RunsQuery = z.infer<typeof RunsQuerySchema>;

export interface FilterableRun {
  runId: string;
  state: string | null;
  outcome: { kind: OutcomeKind } | null;
  workload: string;
  provider: string | null;
  error: string | null;
  capacity: FunctionCapacity[] | null;
}

/** The state filter's "any run not over yet" (the home page's active runs). */
export const ACTIVE_STATE = 'active';

export function filterRuns<R extends FilterableRun>(runs: readonly R[], f: RunsFilter): R[] {
  const words = f.text.toLowerCase().split(/\s+/).filter(Boolean);
  return runs.filter((r) => {
    if (f.state === ACTIVE_STATE) {
      if (!isActiveStateName(r.state)) return false;
    } else if (f.state && r.state !== f.state) return false;
    if (f.outcome === 'none' && r.outcome) return false;
    if (f.outcome && f.outcome !== 'none' && r.outcome?.kind !== f.outcome) return false;
    if (words.length === 0) return true;
    const hay = [r.runId, r.workload, r.provider ?? '', r.error ?? '', ...(r.capacity ?? []).map(capacityText)]
      .join(' ')
      .toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/** The two selected runs as A (the older) and B (the newer), or null unless exactly two. */
export function comparePair<R extends { runId: string; startedAt: number | null }>(
  runs: readonly R[],
  selected: ReadonlySet<string>,
): { a: string; b: string } | null {
  const picked = runs.filter((r) => selected.has(r.runId));
  if (picked.length !== 2) return null;
  const [x, y] = [...picked].sort((p, q) => (p.startedAt ?? 0) - (q.startedAt ?? 0));
  return { a: x!.runId, b: y!.runId };
}
