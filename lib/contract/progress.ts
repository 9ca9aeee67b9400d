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
