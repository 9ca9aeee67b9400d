// The capacity trend over the runs of an output root: capacity per function from each run's
// journal (the catalog's summaries), p95 at the reference rate from its result records. A
// finished run's records never change, so they are read once per process (bounded cache).
import 'server-only';
import path from 'node:path';
import { capacityTrends, type FunctionTrend } from '@/lib/contract/capacity-trend';
import type { ResultRecord } from '@/lib/contract/run-results';
import { RunsQuerySchema } from '@/lib/contract/runs-filter';
import { readBaselines } from '@/server/runs/run-library';
import { runsCatalog } from '@/server/runs/runs-catalog';
import { runRecords } from './run-findings';

/** How many runs (newest with a capacity) the trend covers. */
export const TREND_RUNS = 100;
const CACHE_MAX = 500;
const cache = new Map<string, ResultRecord[]>();

async function recordsOf(outputRoot: string, runId: string): Promise<ResultRecord[]> {
  const key = `${path.resolve(outputRoot)}\0${runId}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const { records } = await runRecords(path.join(outputRoot, runId));
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(key, records);
  return records;
}

export async function runCapacityTrends(outputRoot: string): Promise<FunctionTrend[]> {
  const baselines = await readBaselines(outputRoot);
  const page = await runsCatalog(outputRoot).query({ ...RunsQuerySchema.parse(undefined), limit: 2000 }, baselines);
  const finished = page.runs.filter((r) => r.outcome !== null && (r.capacity?.length ?? 0) > 0).slice(0, TREND_RUNS);
  const runs = [];
  for (const r of finished) {
    runs.push({
      runId: r.runId,
      startedAt: r.startedAt,
      workload: r.workload,
      baseline: r.baseline,
      capacity: r.capacity ?? [],
      records: await recordsOf(outputRoot, r.runId),
    });
  }
  return capacityTrends(runs);
}
