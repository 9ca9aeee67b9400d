// Run ids and the run output tree (FORMATS.md §5). Serving files of a run goes through
// server/security/run-files.ts, the one path check that never leaves the output root.
import 'server-only';
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  EVENTS_FILE,
  JOURNAL_FILE,
  MEMORY_FILE_NAME,
  RUN_LOG_FILE,
  RunIdSchema,
  STOP_FILE,
  WORKLOAD,
} from '@/lib/contract/run-tree';

export { RunIdSchema, type RunId } from '@/lib/contract/run-tree';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * `run-YYYYMMDD-HHMMSS` in UTC (lb's format). Two runs started in the same second get `-2`, `-3`…
 * `taken` is the output root (checked on disk) or a callback saying whether an id is in use.
 */
export function newRunId(now: Date = new Date(), taken?: string | ((id: string) => boolean)): string {
  const base =
    `run-${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}` +
    `-${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
  const isTaken =
    typeof taken === 'string' ? (id: string) => existsSync(path.join(taken, id)) : (taken ?? (() => false));
  if (!isTaken(base)) return base;
  for (let n = 2; ; n++) {
    const id = `${base}-${n}`;
    if (!isTaken(id)) return id;
  }
}

export interface RunPaths {
  dir: string;
  journal: string;
  events: string;
  runLog: string;
  stop: string;
  hostDir(host: string): string;
  pevaDir(host: string): string;
  memoryFile(host: string): string;
}

// Host names land in paths: the same rule as run ids keeps them one plain segment.
const HostSegmentSchema = RunIdSchema;

export function runPaths(outputRoot: string, runId: string): RunPaths {
  const id = RunIdSchema.parse(runId);
  const dir = path.resolve(outputRoot, id);
  const host = (h: string) => HostSegmentSchema.parse(h);
  return {
    dir,
    journal: path.join(dir, JOURNAL_FILE),
    events: path.join(dir, EVENTS_FILE),
    runLog: path.join(dir, RUN_LOG_FILE),
    stop: path.join(dir, STOP_FILE),
    hostDir: (h) => path.join(dir, host(h)),
    pevaDir: (h) => path.join(dir, host(h), WORKLOAD),
    memoryFile: (h) => path.join(dir, 'memory', host(h), MEMORY_FILE_NAME),
  };
}
