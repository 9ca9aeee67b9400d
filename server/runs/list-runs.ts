// The run history: every run directory under the output root, read from its journal.
import 'server-only';
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { JOURNAL_FILE, RunIdSchema } from '@/lib/contract/run-tree';
import { JournalLoadError, RunJournal, type RunJournalData, type TaskStatus } from './run-journal';

export interface RunListEntry {
  runId: string;
  dir: string;
  controllerState: string | null;
  phase: string | null;
  createdAt: string | number | null;
  endedAt: string | number | null;
  error: string | null;
  tasks: { total: number } & Record<TaskStatus, number>;
  journal: RunJournalData;
}

export interface SkippedRunDir {
  name: string;
  dir: string;
  reason: string;
}

const createdMs = (v: string | number | null): number =>
  v == null ? 0 : typeof v === 'number' ? v * 1000 : Date.parse(v) || 0;

/** Runs found under the output root, newest first; directories without a readable journal are listed with a reason. */
export async function listRuns(outputRoot: string): Promise<{ runs: RunListEntry[]; skipped: SkippedRunDir[] }> {
  const runs: RunListEntry[] = [];
  const skipped: SkippedRunDir[] = [];
  let entries: Dirent[];
  try {
    entries = await readdir(outputRoot, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { runs, skipped };
    throw err;
  }
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const dir = path.join(path.resolve(outputRoot), entry.name);
    if (!RunIdSchema.safeParse(entry.name).success) {
      skipped.push({ name: entry.name, dir, reason: 'not a valid run id' });
      continue;
    }
    try {
      const { data } = await RunJournal.load(path.join(dir, JOURNAL_FILE));
      const tasks = { total: data.tasks.length, PENDING: 0, RUNNING: 0, COMPLETED: 0, FAILED: 0, SKIPPED: 0 };
      for (const t of data.tasks) tasks[t.status]++;
      const m = data.metadata;
      runs.push({
        runId: entry.name,
        dir,
        controllerState: m.controller_state,
        phase: m.phase,
        createdAt: m.created_at,
        endedAt: m.ended_at,
        error: m.error,
        tasks,
        journal: data,
      });
    } catch (err) {
      skipped.push({ name: entry.name, dir, reason: err instanceof JournalLoadError ? err.reason : String(err) });
    }
  }
  runs.sort((a, b) => createdMs(b.createdAt) - createdMs(a.createdAt) || (a.runId < b.runId ? 1 : -1));
  return { runs, skipped };
}
