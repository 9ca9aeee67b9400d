// The comparison page's and the report's question: B against A, where each is a run of the
// output root or a DuckDB file in it, and A defaults to the baseline of B's workload.
import 'server-only';
import { compareRecords, type Comparison } from '@/lib/contract/compare';
import { workloadOf } from '@/server/runs/run-library';
import { loadRecordSource, SourceNotFoundError, type RecordSource } from './record-source';

export interface ComparedSide {
  ref: string;
  name: string;
  kind: RecordSource['kind'];
  from: string;
  records: number;
  runIds: string[];
  state: string | null;
  outcome: RecordSource['outcome'];
  createdAt: string | number | null;
  workload: string | null;
}

export interface SourceComparison {
  a: ComparedSide;
  b: ComparedSide;
  /** A was not named: it is the baseline of B's workload. */
  aIsBaseline: boolean;
  comparison: Comparison;
}

export function describeSide(s: RecordSource): ComparedSide {
  return {
    ref: s.ref,
    name: s.name,
    kind: s.kind,
    from: s.from,
    records: s.records.length,
    runIds: s.runIds,
    state: s.run?.state ?? null,
    outcome: s.outcome,
    createdAt: s.run?.createdAt ?? null,
    workload: s.run ? workloadOf(s.run.config) : null,
  };
}

export async function compareSources(
  outputRoot: string,
  input: { a?: string; b: string; tolerancePct: number },
  baselineOf: (workload: string) => Promise<string | null>,
): Promise<SourceComparison> {
  // Both sides at once when A is named (each may read a DuckDB file in a child process).
  const named = input.a ? loadRecordSource(outputRoot, input.a) : null;
  named?.catch(() => undefined); // awaited below; an error of B's must not leave it unhandled
  const b = await loadRecordSource(outputRoot, input.b);
  let a: RecordSource;
  if (named) a = await named;
  else {
    const workload = b.run ? workloadOf(b.run.config) : null;
    const baseline = workload ? await baselineOf(workload) : null;
    if (!baseline)
      throw new SourceNotFoundError(input.b, 'no run to compare with: name A, or mark a baseline for its workload');
    a = await loadRecordSource(outputRoot, baseline);
  }
  const comparison = compareRecords(a.records, b.records, {
    tolerancePct: input.tolerancePct,
    thresholds: b.thresholds ?? a.thresholds ?? undefined,
  });
  return { a: describeSide(a), b: describeSide(b), aIsBaseline: !input.a, comparison };
}
