// How each function's capacity moves across runs (issue 16's trend): per workload (the sorted
// function names of a run's config) and function, one point per run with its capacity and its
// p95 at a reference rate. The reference rate is the rate the most runs tested (the highest of
// those on a tie), so the p95 points compare like with like. Browser-safe: the page charts it,
// the server computes it.
import { z } from 'zod';
import type { FunctionCapacity, ResultRecord } from './run-results';

export const TrendPointSchema = z.object({
  runId: z.string(),
  startedAt: z.number().nullable(),
  capacity: z.number().nullable(),
  failsAt: z.number().nullable(),
  /** Mean p95 (ms) over the iterations at the reference rate; null when not tested there. */
  p95AtReference: z.number().nullable(),
  baseline: z.boolean(),
});
export type TrendPoint = z.infer<typeof TrendPointSchema>;

export const FunctionTrendSchema = z.object({
  workload: z.string(),
  function: z.string(),
  referenceRate: z.number().nullable(),
  points: z.array(TrendPointSchema),
});
export type FunctionTrend = z.infer<typeof FunctionTrendSchema>;

export interface TrendRun {
  runId: string;
  startedAt: number | null;
  workload: string;
  baseline: boolean;
  capacity: readonly FunctionCapacity[];
  records: readonly ResultRecord[];
}

/** The records' p95 of `fn` at `rate`: alone in its configuration when such records exist, else any. */
function p95At(records: readonly ResultRecord[], fn: string, rate: number): number | null {
  const at = records.flatMap((r) => {
    const f = r.functions.find((x) => x.function === fn && x.rate === rate);
    if (!f || !Number.isFinite(f.p95_ms)) return [];
    const alone = r.functions.every((x) => x === f || x.rate === 0);
    return [{ p95: f.p95_ms, alone }];
  });
  const pick = at.some((a) => a.alone) ? at.filter((a) => a.alone) : at;
  return pick.length ? pick.reduce((s, a) => s + a.p95, 0) / pick.length : null;
}

/** The rate most runs tested for `fn` (the highest on a tie); null when no run tested any. */
export function referenceRate(runs: readonly TrendRun[], fn: string): number | null {
  const count = new Map<number, number>();
  for (const r of runs) {
    const tested = r.capacity.find((c) => c.function === fn)?.testedRates ?? [];
    for (const rate of new Set(tested)) count.set(rate, (count.get(rate) ?? 0) + 1);
  }
  let best: number | null = null;
  for (const [rate, n] of count) {
    const bestN = best === null ? 0 : count.get(best)!;
    if (n > bestN || (n === bestN && rate > (best ?? -Infinity))) best = rate;
  }
  return best;
}

/** One trend per workload × function, runs oldest first; runs without capacity are left out. */
export function capacityTrends(runs: readonly TrendRun[]): FunctionTrend[] {
  const byWorkload = new Map<string, TrendRun[]>();
  for (const r of runs) {
    if (r.capacity.length === 0) continue;
    byWorkload.set(r.workload, [...(byWorkload.get(r.workload) ?? []), r]);
  }
  const trends: FunctionTrend[] = [];
  for (const [workload, list] of [...byWorkload].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const ordered = [...list].sort((a, b) => (a.startedAt ?? 0) - (b.startedAt ?? 0));
    const fns = [...new Set(ordered.flatMap((r) => r.capacity.map((c) => c.function)))].sort();
    for (const fn of fns) {
      const ref = referenceRate(ordered, fn);
      trends.push({
        workload,
        function: fn,
        referenceRate: ref,
        points: ordered.flatMap((r) => {
          const c = r.capacity.find((x) => x.function === fn);
          if (!c) return [];
          return [
            {
              runId: r.runId,
              startedAt: r.startedAt,
              capacity: c.capacity,
              failsAt: c.failsAt,
              p95AtReference: ref === null ? null : p95At(r.records, fn, ref),
              baseline: r.baseline,
            },
          ];
        }),
      });
    }
  }
  return trends;
}
