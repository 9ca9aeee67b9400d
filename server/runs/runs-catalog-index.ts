// The runs catalog kept on disk (<output root>/.lbweb/runs-catalog.json), so a server that
// starts again answers the runs list from it instead of reading every journal. It is derived
// data: journals stay the source of truth, and a missing, damaged or older-format file is
// simply rebuilt from them.
import 'server-only';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { RunProgressSchema } from '@/lib/contract/progress';
import { FunctionCapacitySchema, RunOutcomeSchema } from '@/lib/contract/run-results';
import { RunIdSchema } from '@/lib/contract/run-tree';
import { tryParseJson } from '@/lib/contract/tolerant-json';
import { STATE_DIR } from './run-library';
import type { summarizeRun } from './run-summary';

export const CATALOG_INDEX_FILE = 'runs-catalog.json';
/** Bumped when an entry's meaning changes; the shape itself is checked against summarizeRun's type. */
const FORMAT = 1;

const RunSummarySchema = z.object({
  runId: RunIdSchema,
  state: z.string().nullable(),
  phase: z.string().nullable(),
  startedAt: z.number().nullable(),
  durationS: z.number().nullable(),
  provider: z.string().nullable(),
  progress: RunProgressSchema.nullable(),
  memoryFile: z.string().nullable(),
  error: z.string().nullable(),
  outcome: RunOutcomeSchema.nullable(),
  capacity: z.array(FunctionCapacitySchema).nullable(),
  workload: z.string(),
  baseline: z.boolean(),
}) satisfies z.ZodType<ReturnType<typeof summarizeRun>>;

const EntrySchema = z.object({ summary: RunSummarySchema, terminal: z.boolean(), sig: z.string() });
export type CatalogEntry = z.infer<typeof EntrySchema>;

const IndexSchema = z.object({ format: z.literal(FORMAT), entries: z.record(z.string(), EntrySchema) });

const indexPath = (outputRoot: string) => path.join(outputRoot, STATE_DIR, CATALOG_INDEX_FILE);

/** The saved entries, or null when there is no usable file (then the journals are read). */
export async function readCatalogIndex(outputRoot: string): Promise<Map<string, CatalogEntry> | null> {
  const text = await readFile(indexPath(outputRoot), 'utf8').catch(() => null);
  if (text === null) return null;
  const parsed = IndexSchema.safeParse(tryParseJson(text));
  return parsed.success ? new Map(Object.entries(parsed.data.entries)) : null;
}

let tmpCounter = 0;

/** Write then rename: a crash leaves the old index or the new one, never half of one. */
export async function writeCatalogIndex(outputRoot: string, entries: ReadonlyMap<string, CatalogEntry>): Promise<void> {
  const file = indexPath(outputRoot);
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${++tmpCounter}.tmp`;
  try {
    await writeFile(tmp, JSON.stringify({ format: FORMAT, entries: Object.fromEntries(entries) }));
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}
