// Writers for `<host output>/peva_faas/` exactly as FORMATS.md §5 lays it out. CSVs are
// append-only with the header written once, so a resumed run extends the same files.
import 'server-only';
import { readFileSync } from 'node:fs';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { csvLine, parseCsvRecords, type CsvValue } from './csv';
import { redactK6Script } from './k6-script';
import { resultHeader, resultRowToCsvRecord, type ResultRow } from './result-row';

export const SKIPPED_HEADER = ['config_id', 'functions', 'rates', 'reason', 'dominated_by', 'ts'] as const;
export const INDEX_HEADER = ['config_id', 'functions', 'rates', 'iteration', 'repetition', 'run_id', 'ts'] as const;
export const METRICS_HEADER = ['timestamp', 'metric', 'function', 'value'] as const;

export interface SkippedEntry {
  configId: string;
  functions: string[];
  rates: number[];
  /** e.g. `dominated_by_overload`, `already_in_index`, `already_in_memory`. */
  reason: string;
  dominatedBy?: string;
  /** Epoch seconds; now when omitted. */
  ts?: number;
}

export interface IndexEntry {
  configId: string;
  functions: string[];
  rates: number[];
  iteration: number;
  repetition: number;
  runId: string;
  /** Epoch seconds; now when omitted. */
  ts?: number;
}

/** One point of a Prometheus series; `function` is "" for node metrics. */
export interface MetricSample {
  timestamp: number;
  metric: string;
  function: string;
  value: number;
}

const nowS = (): number => Date.now() / 1000;
const suffix = (cfg: string, iteration: number, repetition: number) => `${cfg}-iter${iteration}-rep${repetition}`;

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Appends rows; writes the header first for a new/empty file, refuses a file with another header. */
async function appendRows(path: string, header: readonly string[], rows: CsvValue[][]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const existing = await readIfExists(path);
  const headerLine = csvLine(header);
  let text = rows.map(csvLine).join('');
  if (existing === undefined || existing === '') text = headerLine + text;
  else if (!existing.startsWith(headerLine)) {
    throw new Error(
      `${path} has a different header than this run writes (${header.length} columns); move it away or use another output dir`,
    );
  }
  await appendFile(path, text, 'utf8');
}

export class PevaOutputWriter {
  readonly resultsPath: string;
  readonly skippedPath: string;
  readonly indexPath: string;

  readonly maxSlots: number;

  /** `dir` is `<run_dir>/<host>/peva_faas`; the slot count (resultSlots(config)) fixes the results header. */
  constructor(
    readonly dir: string,
    slots: number | { maxFunctions: number },
  ) {
    this.maxSlots = typeof slots === 'number' ? slots : slots.maxFunctions;
    this.resultsPath = join(dir, 'results.csv');
    this.skippedPath = join(dir, 'skipped.csv');
    this.indexPath = join(dir, 'index.csv');
  }

  async init(): Promise<void> {
    for (const sub of ['summaries', 'metrics', 'k6_scripts']) await mkdir(join(this.dir, sub), { recursive: true });
  }

  async appendResult(row: ResultRow): Promise<void> {
    const header = resultHeader(this.maxSlots);
    const record = resultRowToCsvRecord(row, this.maxSlots);
    await appendRows(this.resultsPath, header, [header.map((h) => record[h])]);
  }

  async appendSkipped(e: SkippedEntry): Promise<void> {
    const row = [
      e.configId,
      JSON.stringify(e.functions),
      JSON.stringify(e.rates),
      e.reason,
      e.dominatedBy ?? '',
      e.ts ?? nowS(),
    ];
    await appendRows(this.skippedPath, SKIPPED_HEADER, [row]);
  }

  /** One line per finished iteration; resume reads it back (readIndexedConfigIds). */
  async appendIndex(e: IndexEntry): Promise<void> {
    const row = [
      e.configId,
      JSON.stringify(e.functions),
      JSON.stringify(e.rates),
      e.iteration,
      e.repetition,
      e.runId,
      e.ts ?? nowS(),
    ];
    await appendRows(this.indexPath, INDEX_HEADER, [row]);
  }

  /** Raw summary text is kept byte for byte; an object is written as JSON (NaN becomes null). */
  async writeSummary(configId: string, iteration: number, repetition: number, summary: unknown): Promise<string> {
    const path = join(this.dir, 'summaries', `summary-${suffix(configId, iteration, repetition)}.json`);
    await mkdir(join(this.dir, 'summaries'), { recursive: true });
    await writeFile(path, typeof summary === 'string' ? summary : JSON.stringify(summary, null, 2), 'utf8');
    return path;
  }

  async writeMetrics(
    configId: string,
    iteration: number,
    repetition: number,
    samples: readonly MetricSample[],
  ): Promise<string> {
    const path = join(this.dir, 'metrics', `metrics-${suffix(configId, iteration, repetition)}.csv`);
    await mkdir(join(this.dir, 'metrics'), { recursive: true });
    const rows = samples.map((s) => csvLine([s.timestamp, s.metric, s.function, s.value]));
    await writeFile(path, csvLine(METRICS_HEADER) + rows.join(''), 'utf8');
    return path;
  }

  /** The copy in the output tree never holds the gateway password. */
  async writeK6Script(configId: string, script: string): Promise<string> {
    const path = join(this.dir, 'k6_scripts', `config-${configId}.js`);
    await mkdir(join(this.dir, 'k6_scripts'), { recursive: true });
    await writeFile(path, redactK6Script(script), 'utf8');
    return path;
  }
}

/** config_ids already in `<dir>/index.csv` (empty when the file does not exist). */
export function readIndexedConfigIds(dir: string): Set<string> {
  let text: string;
  try {
    text = readFileSync(join(dir, 'index.csv'), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
    throw err;
  }
  return new Set(
    parseCsvRecords(text)
      .map((r) => r.config_id ?? '')
      .filter((id) => id !== ''),
  );
}
