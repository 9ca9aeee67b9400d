// The runs list's filter: by state, by outcome, and by text (run id, workload, capacity,
// provider, error), all optional and combined.
import { capacityText, type FunctionCapacity, type OutcomeKind } from '@/lib/contract/run-results';

export interface RunsFilter {
  state: string;
  outcome: OutcomeKind | '' | 'none';
  text: string;
}

export const NO_FILTER: RunsFilter = { state: '', outcome: '', text: '' };

export interface FilterableRun {
  runId: string;
  state: string | null;
  outcome: { kind: OutcomeKind } | null;
  workload: string;
  provider: string | null;
  error: string | null;
  capacity: FunctionCapacity[] | null;
}

export function filterRuns<R extends FilterableRun>(runs: readonly R[], f: RunsFilter): R[] {
  const words = f.text.toLowerCase().split(/\s+/).filter(Boolean);
  return runs.filter((r) => {
    if (f.state && r.state !== f.state) return false;
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
