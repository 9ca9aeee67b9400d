// The run output tree (lb's layout, see docs/FORMATS.md "Output tree"): names of the files in
// `<output_root>/<run_id>/` and the run id rule. Paths are joined with "/" here because the
// browser builds artifact links from them; the server resolves them with node:path.
import { z } from 'zod';

/** lb's stop file: `<run_dir>/STOP` on the controller, `<lb_workdir>/STOP` on the runner. */
export const STOP_FILE = 'STOP';
export const JOURNAL_FILE = 'run_journal.json';
export const EVENTS_FILE = 'events.jsonl';
export const RUN_LOG_FILE = 'run.log';
/** The workload's folder name, per host: `<run_dir>/<host>/peva_faas/`. */
export const WORKLOAD = 'peva_faas';
export const MEMORY_FILE_NAME = 'peva_faas.duckdb';

export const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const RunIdSchema = z
  .string()
  .regex(RUN_ID_PATTERN, 'run id must be 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit');
export type RunId = z.infer<typeof RunIdSchema>;

/** The collected DuckDB memory of a runner, relative to the run dir (ours: flat). */
export const collectedMemoryPath = (runnerHost: string): string => `memory/${runnerHost}/${MEMORY_FILE_NAME}`;
