// The run history: every run directory under the output root, read from its journal.
import 'server-only';
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { RunIdSchema } from '@/lib/contract/run-tree';
import { readRunDir, type RunRecord } from './read-run';
import { JournalLoadError } from './run-journal';
import { STATE_DIR } from './run-library';

export interface SkippedRunDir {
  name: string;
  dir: string;
  reason: string;
}

const createdMs = (v: string | number | null): number =>
  v == null ? 0 : typeof v === 'number' ? v * 1000 : Date.parse(v) || 0;

/** Runs found under the output root, newest first; directories without a readable journal are listed with a reason. */
export async function listRuns(outputRoot: string): Promise<{ runs: RunRecord[]; skipped: SkippedRunDir[] }> {
  const runs: RunRecord[] = [];
  const skipped: SkippedRunDir[] = [];
  let entries: Dirent[];
  try {
    entries = await readdir(outputRoot, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { runs, skipped };
    throw err;
  }
  for (const entry of entries) {
    // lb-web's own state (baselines, trash) lives beside the runs.
    if (!entry.isDirectory() || entry.name === STATE_DIR) continue;
    const dir = path.join(path.resolve(outputRoot), entry.name);
    if (!RunIdSchema.safeParse(entry.name).success) {
      skipped.push({ name: entry.name, dir, reason: 'not a valid run id' });
      continue;
    }
    try {
      runs.push(await readRunDir(dir));
    } catch (err) {
      skipped.push({ name: entry.name, dir, reason: err instanceof JournalLoadError ? err.reason : String(err) });
    }
  }
  runs.sort((a, b) => createdMs(b.createdAt) - createdMs(a.createdAt) || (a.runId < b.runId ? 1 : -1));
  return { runs, skipped };
}
