// One side of a comparison or a report: a run of the output root (its result events, or lb's
// results.csv, or — for an lb run directory with only its DuckDB memory — that file), or a
// DuckDB memory file (lb-written or ours). The web app names files relative to the output root
// (confined to it); the CLI may name any run directory or .duckdb path.
import 'server-only';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ResultRecordSchema, type ResultRecord, type RunOutcome } from '@/lib/contract/run-results';
import type { Thresholds } from '@/lib/contract/thresholds';
import { tryParseJson } from '@/lib/contract/tolerant-json';
import { tsEntryArgv } from '@/server/process/repo-root';
import { runCommand } from '@/server/process/run-command';
import { readRunDir, type RunRecord } from '@/server/runs/read-run';
import { RUN_ID_PATTERN } from '@/lib/contract/run-tree';
import { runDirectory } from '@/server/security/run-files';
import { resolveInsideRoot } from '@/server/security/safe-path';
import { runRecords } from './run-findings';

export interface RecordSource {
  /** As the user named it. */
  ref: string;
  /** What to call it on screen: the run id, or the file name. */
  name: string;
  kind: 'run' | 'duckdb';
  records: ResultRecord[];
  /** Where the records came from: events.jsonl, results.csv, or the DuckDB file. */
  from: string;
  run: RunRecord | null;
  thresholds: Thresholds | null;
  outcome: RunOutcome | null;
  /** Run ids a DuckDB memory file holds rows of (it accumulates runs). */
  runIds: string[];
}

export class SourceNotFoundError extends Error {
  constructor(
    readonly ref: string,
    detail: string,
  ) {
    super(`${ref}: ${detail}`);
    this.name = 'SourceNotFoundError';
  }
}

const DuckDbRecordsSchema = z.object({ records: z.array(ResultRecordSchema), runIds: z.array(z.string()) });

/** In a child process (`agent --records`): a damaged file must not take the server down. */
export async function recordsOfDuckDbFile(file: string): Promise<z.infer<typeof DuckDbRecordsSchema>> {
  const r = await runCommand([...tsEntryArgv('server/agent/main.ts'), '--records', file], { timeoutMs: 300_000 });
  const parsed = DuckDbRecordsSchema.safeParse(tryParseJson(r.stdout.trim().split('\n').at(-1) ?? ''));
  if (r.code === 0 && parsed.success) return parsed.data;
  const why = r.timedOut ? 'timed out' : `exit ${r.code ?? r.signal}`;
  throw new SourceNotFoundError(
    path.basename(file),
    `could not read it as a DuckDB memory file (${why}): ${(r.stderr || r.stdout).trim().slice(-300)}`,
  );
}

async function fromDuckDb(ref: string, file: string): Promise<RecordSource> {
  const { records, runIds } = await recordsOfDuckDbFile(file);
  return {
    ref,
    name: path.basename(file),
    kind: 'duckdb',
    records,
    from: path.basename(file),
    run: null,
    thresholds: null,
    outcome: null,
    runIds,
  };
}

async function fromRunDir(ref: string, dir: string): Promise<RecordSource> {
  const run = await readRunDir(dir);
  let { records, source } = await runRecords(dir);
  let runIds: string[] = [run.runId];
  // An lb run directory may hold only its DuckDB memory.
  if (source === 'none' && run.memoryFile) {
    ({ records, runIds } = await recordsOfDuckDbFile(path.join(dir, run.memoryFile)));
    source = run.memoryFile;
  }
  return {
    ref,
    name: run.runId,
    kind: 'run',
    records,
    from: source,
    run,
    thresholds: run.thresholds,
    outcome: run.outcome,
    runIds,
  };
}

const isDuckDbName = (p: string) => /\.duckdb$/i.test(p);

/** For the web app: a run id, or a `.duckdb` path relative to the output root (never outside it). */
export async function loadRecordSource(outputRoot: string, ref: string): Promise<RecordSource> {
  if (RUN_ID_PATTERN.test(ref) && !isDuckDbName(ref)) {
    const dir = await runDirectory(outputRoot, ref).catch(() => null);
    if (!dir) throw new SourceNotFoundError(ref, 'no such run in the output root');
    return fromRunDir(ref, dir);
  }
  if (!isDuckDbName(ref)) throw new SourceNotFoundError(ref, 'neither a run id nor a .duckdb file');
  const file = await resolveInsideRoot(outputRoot, ref).catch((err: Error) => {
    throw new SourceNotFoundError(ref, (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : err.message);
  });
  return fromDuckDb(ref, file);
}

/** For the CLI: a run directory or .duckdb file anywhere, else a run id of the output root. */
export async function loadRecordSourceCli(outputRoot: string, cwd: string, ref: string): Promise<RecordSource> {
  const local = path.resolve(cwd, ref);
  if (existsSync(local)) {
    if (statSync(local).isDirectory()) return fromRunDir(ref, local);
    if (isDuckDbName(local)) return fromDuckDb(ref, local);
    throw new SourceNotFoundError(ref, 'a file, but not a .duckdb file');
  }
  return loadRecordSource(outputRoot, ref);
}
