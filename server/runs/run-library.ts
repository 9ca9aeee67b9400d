// What lb-web keeps about the runs of an output root beside them, in `<output_root>/.lbweb/`:
// the baseline run per workload (`baselines.json`) and the trash (`trash/<run>--<stamp>/`), where
// a deleted run's directory is moved — never unlinked — until the trash is emptied.
// A workload is the set of functions a run's config benchmarks ("env+figlet"): runs of the same
// functions are the ones worth comparing.
import 'server-only';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { parsePevaConfig } from '@/lib/contract/peva-config';
import { tryParseJson } from '@/lib/contract/tolerant-json';
import { RunIdSchema } from '@/lib/contract/run-tree';

export const STATE_DIR = '.lbweb';
const BASELINES_FILE = 'baselines.json';
const TRASH_DIR = 'trash';

const BaselinesSchema = z.record(z.string(), RunIdSchema);
export type Baselines = z.infer<typeof BaselinesSchema>;

/** "env+figlet": the functions of a run's config, sorted; "unknown" when it does not parse. */
export function workloadOf(config: unknown): string {
  const parsed = parsePevaConfig(config);
  if (!parsed.ok) return 'unknown';
  return [...new Set(parsed.config.functions.map((f) => f.name))].sort().join('+');
}

const stateFile = (outputRoot: string, name: string) => path.join(outputRoot, STATE_DIR, name);

export async function readBaselines(outputRoot: string): Promise<Baselines> {
  const text = await readFile(stateFile(outputRoot, BASELINES_FILE), 'utf8').catch(() => null);
  if (text === null) return {};
  // A damaged file means no baselines, not a broken runs list.
  const parsed = BaselinesSchema.safeParse(tryParseJson(text));
  return parsed.success ? parsed.data : {};
}

/** Marks (or unmarks) the run as its workload's baseline; one baseline per workload. */
export async function setBaseline(
  outputRoot: string,
  runId: string,
  workload: string,
  on: boolean,
): Promise<Baselines> {
  const baselines = await readBaselines(outputRoot);
  if (on) baselines[workload] = runId;
  else if (baselines[workload] === runId) delete baselines[workload];
  await mkdir(path.join(outputRoot, STATE_DIR), { recursive: true });
  // Write then rename: a crash never leaves half a file.
  const file = stateFile(outputRoot, BASELINES_FILE);
  await writeFile(`${file}.tmp`, JSON.stringify(baselines, null, 2) + '\n');
  await rename(`${file}.tmp`, file);
  return baselines;
}

const trashRoot = (outputRoot: string) => path.join(outputRoot, STATE_DIR, TRASH_DIR);

/** Moves the run's directory into the trash; returns where it went. */
export async function moveRunToTrash(outputRoot: string, runId: string, now = new Date()): Promise<string> {
  const from = path.join(outputRoot, RunIdSchema.parse(runId));
  await mkdir(trashRoot(outputRoot), { recursive: true });
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const to = path.join(trashRoot(outputRoot), `${runId}--${stamp}`);
  await rename(from, to);
  // A deleted baseline is no baseline.
  const baselines = await readBaselines(outputRoot);
  for (const [workload, id] of Object.entries(baselines)) {
    if (id === runId) await setBaseline(outputRoot, runId, workload, false);
  }
  return to;
}

export async function trashedRuns(outputRoot: string): Promise<string[]> {
  if (!existsSync(trashRoot(outputRoot))) return [];
  return (await readdir(trashRoot(outputRoot))).sort();
}

/** Unlinks everything in the trash; returns how many runs went. */
export async function emptyTrash(outputRoot: string): Promise<number> {
  const entries = await trashedRuns(outputRoot);
  for (const e of entries) await rm(path.join(trashRoot(outputRoot), e), { recursive: true, force: true });
  return entries.length;
}
