// How far a run is: configurations enumerated, done, skipped and failed. The agent sends it in
// the `data` of its status events, the controller keeps the latest in the journal
// (`metadata.progress`) for the runs list, and the run page reads it from either.
import { z } from 'zod';

const count = z.number().int().nonnegative();

export const RunProgressSchema = z.object({
  configs_total: count,
  configs_done: count.catch(0),
  configs_skipped: count.catch(0),
  configs_failed: count.catch(0),
});
export type RunProgress = z.infer<typeof RunProgressSchema>;

export const emptyProgress = (total: number): RunProgress => ({
  configs_total: total,
  configs_done: 0,
  configs_skipped: 0,
  configs_failed: 0,
});

/** The progress carried by an event's `data` or the journal's metadata; null when absent. */
export function readProgress(value: unknown): RunProgress | null {
  const parsed = RunProgressSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/**
 * Seconds left, from the pace so far: the run's elapsed time over the configurations it has
 * handled (done, skipped or failed), times those left. Null until one is handled or when none
 * are left. Setup and the idle baseline count in the pace, so early estimates run long.
 */
export function etaSeconds(progress: RunProgress | null, elapsedS: number | null): number | null {
  if (!progress || elapsedS === null || !(elapsedS > 0)) return null;
  const handled = progress.configs_done + progress.configs_skipped + progress.configs_failed;
  const left = progress.configs_total - handled;
  if (handled === 0 || left <= 0) return null;
  return (elapsedS / handled) * left;
}
