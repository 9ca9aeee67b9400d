// What a run found, read from its directory: the result records of the agent's `result` events
// in events.jsonl, or — for a run directory lb wrote (no events.jsonl) — lb's results.csv. The
// verdicts, capacity and outcome come from lib/contract/run-results.ts, the same functions the
// run page uses on the live stream.
import 'server-only';
import { createReadStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { tryParseJson } from '@/lib/contract/tolerant-json';
import {
  capacityPerFunction,
  recordFromEvent,
  runOutcome,
  type FunctionCapacity,
  type ResultRecord,
  type RunOutcome,
} from '@/lib/contract/run-results';
import type { Thresholds } from '@/lib/contract/thresholds';
import type { RunProgress } from '@/lib/contract/progress';
import { recordsFromLbResultsCsv } from './lb-results-csv';

/** The result records of `<dir>/events.jsonl`, streamed (the file holds every metric event too). */
export async function recordsFromEvents(file: string): Promise<ResultRecord[]> {
  const records: ResultRecord[] = [];
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    // Cheap filter first: only result events are parsed.
    if (!line.includes('"result"')) continue;
    const e = tryParseJson(line);
    if (typeof e === 'object' && e !== null) {
      const r = recordFromEvent(e as Parameters<typeof recordFromEvent>[0]);
      if (r) records.push(r);
    }
  }
  return records;
}

/** lb's results.csv files under `<dir>/<host>/peva_faas/` (an lb run directory, or ours). */
export function lbResultsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(dir, d.name, 'peva_faas', 'results.csv'))
    .filter((f) => existsSync(f));
}

export async function runRecords(dir: string): Promise<{ records: ResultRecord[]; source: string }> {
  const events = join(dir, 'events.jsonl');
  if (existsSync(events)) return { records: await recordsFromEvents(events), source: 'events.jsonl' };
  const files = lbResultsFiles(dir);
  return {
    records: files.flatMap((f) => recordsFromLbResultsCsv(readFileSync(f, 'utf8'))),
    source: files.length ? 'results.csv' : 'none',
  };
}

export interface RunFindings {
  records: ResultRecord[];
  source: string;
  capacity: FunctionCapacity[];
  outcome: RunOutcome | null;
}

/** Records, capacity, and — for a terminal run — its outcome. */
export async function runFindings(
  dir: string,
  run: { state: string | null; terminal: boolean; progress: RunProgress | null; thresholds?: Thresholds },
): Promise<RunFindings> {
  const { records, source } = await runRecords(dir);
  return {
    records,
    source,
    capacity: capacityPerFunction(records, run.thresholds),
    outcome:
      run.terminal && run.state
        ? runOutcome({ state: run.state, progress: run.progress, records, thresholds: run.thresholds })
        : null,
  };
}
