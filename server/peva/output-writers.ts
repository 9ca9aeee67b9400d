// The `<host output>/peva_faas/` tree. lb's files have lb's names and bytes (plugin.py
// export_results_to_csv, through Python's csv module: csv.ts): results.csv, skipped.csv,
// index.csv, metrics/metrics-<cfg>-iter<i>-rep<r>.csv, summaries/, k6_scripts/. lb-web's
// richer data goes to files of our own names beside them: results-lbweb.csv, skipped-lbweb.csv,
// index-lbweb.csv, metrics-lbweb/.
//
// lb writes each CSV once at the end of a run ("w" mode: header, then every row); lb-web appends
// row by row so that a crash keeps what was measured. The header is written when the file is new
// (init() writes it for all three, as lb does even with no rows), so a finished file has the same
// bytes lb writes for the same rows. A file with another header is refused, never rewritten.
import 'server-only';
import { readFileSync } from 'node:fs';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { csvDictLine, csvLine, parseCsvRecords, type CsvValue } from './csv';
import type { ConfigPair } from './enumeration';
import { redactK6Script } from './k6-script';
import { lbIndexKeyConfigId, loadLbIndex, parseLbIndexText } from './lb-index';
import { pyFloat, pyJsonDumps, pyStrCompare, type PyValue } from './python-format';
import { pyEquals, type PyLiteral } from './python-literal';
import {
  buildLbSkippedRow,
  lbFunctionOrder,
  lbResultsHeader,
  lbSkippedHeader,
  RICH_RESULTS_HEADER,
  type LbMetrics,
  type ResultRow,
} from './result-row';

export { lbResultsHeader, lbSkippedHeader };

/** lb's file names (plugin.py) and ours beside them. */
export const LB_FILES = { results: 'results.csv', skipped: 'skipped.csv', index: 'index.csv' } as const;
export const LBWEB_FILES = {
  results: 'results-lbweb.csv',
  skipped: 'skipped-lbweb.csv',
  index: 'index-lbweb.csv',
  series: 'metrics-lbweb',
} as const;

/** plugin.py `_write_index_csv`: ";"-delimited, Python list text. */
export const LB_INDEX_HEADER = ['functions', 'rates', 'results_file'] as const;
export const LB_INDEX_DELIMITER = ';';

/** index-lbweb.csv: one line per configuration whose iterations all finished (as index.csv). */
export const LBWEB_INDEX_HEADER = [
  'config_id',
  'functions',
  'rates',
  'iterations',
  'overloaded_iterations',
  'overloaded',
  'repetition',
  'run_id',
  'ts',
] as const;

/** skipped-lbweb.csv: every configuration not run, with why (lb's skipped.csv has no reason). */
export const LBWEB_SKIPPED_HEADER = [
  'config_id',
  'functions',
  'rates',
  'reason',
  'dominated_by',
  'in_skipped_csv',
  'ts',
] as const;

/** metrics-lbweb/metrics-<cfg>-iter<i>-rep<r>.csv: the Prometheus range series of the load window. */
export const SERIES_HEADER = ['timestamp', 'metric', 'function', 'value'] as const;

export interface SkippedEntry {
  configId: string;
  functions: string[];
  rates: number[];
  /** e.g. `dominated_by_overload`, `already_in_index: …`, `cooldown timeout …`, `failed: …`. */
  reason: string;
  dominatedBy?: string;
  /** Epoch seconds; now when omitted. */
  ts?: number;
}

export interface IndexEntry {
  configId: string;
  functions: string[];
  rates: number[];
  /** Iterations run (all of them: an index row means the configuration is done). */
  iterations: number;
  /** How many of them were overloaded, and whether the configuration counts as overloaded. */
  overloadedIterations?: number;
  overloaded?: boolean;
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

/**
 * Whether lb would write a skipped.csv row for this reason. lb's scheduler drops a configuration
 * already in index.csv or in the memory before the loop sees it (no row); a dominated
 * configuration, a cooldown timeout and a failed one (k6, metrics, other errors) get one.
 */
export function lbWritesSkippedRow(reason: string): boolean {
  return !reason.startsWith('already_in_');
}

/** plugin.py `_metrics_header(functions)`. */
export function lbMetricsHeader(functions: readonly string[]): string[] {
  return [
    'cpu_usage_node',
    'ram_usage_node',
    'ram_usage_node_pct',
    'power_usage_node',
    ...functions.flatMap((n) => [`cpu_usage_function_${n}`, `ram_usage_function_${n}`, `power_usage_function_${n}`]),
  ];
}

type MetricsInput = Partial<Omit<LbMetrics, 'functions'>> & { functions?: LbMetrics['functions'] };

/** plugin.py `_flatten_metrics`: lb's metrics are floats (repr in the CSV), "nan" when missing. */
export function flattenMetrics(metrics: MetricsInput): Record<string, CsvValue> {
  const f = (v: number | undefined): CsvValue => (typeof v === 'number' ? pyFloat(v) : 'nan');
  const row: Record<string, CsvValue> = {
    cpu_usage_node: f(metrics.cpu_usage_node),
    ram_usage_node: f(metrics.ram_usage_node),
    ram_usage_node_pct: f(metrics.ram_usage_node_pct),
    power_usage_node: f(metrics.power_usage_node),
  };
  for (const [name, values] of Object.entries(metrics.functions ?? {})) {
    row[`cpu_usage_function_${name}`] = f(values.cpu);
    row[`ram_usage_function_${name}`] = f(values.ram);
    row[`power_usage_function_${name}`] = f(values.power);
  }
  return row;
}

/** plugin.py `_dedupe_index_rows`: the first row of each (functions, rates) kept. */
export function dedupeIndexRows<R extends { functions?: readonly PyLiteral[]; rates?: readonly PyLiteral[] }>(
  rows: readonly R[],
): R[] {
  const seen: Array<[readonly PyLiteral[], readonly PyLiteral[]]> = [];
  const out: R[] = [];
  for (const row of rows) {
    const key: [readonly PyLiteral[], readonly PyLiteral[]] = [row.functions ?? [], row.rates ?? []];
    if (seen.some(([f, r]) => pyEquals([...f], [...key[0]]) && pyEquals([...r], [...key[1]]))) continue;
    seen.push(key);
    out.push(row);
  }
  return out;
}

/** The pairs in lb's config_key order (by name). */
const keyOrder = (functions: readonly string[], rates: readonly number[]): ConfigPair[] =>
  functions.map((name, i) => ({ name, rate: rates[i]! })).sort((a, b) => pyStrCompare(a.name, b.name));

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Appends `text`; writes the header first for a new/empty file, refuses a file with another header. */
async function appendLines(path: string, headerLine: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const existing = await readIfExists(path);
  if (existing === undefined || existing === '') text = headerLine + text;
  else if (!existing.startsWith(headerLine)) {
    throw new Error(
      `${path} has a different header than this run writes (${JSON.stringify(headerLine.trimEnd())}); move it away or use another output dir`,
    );
  }
  if (text !== '') await appendFile(path, text, 'utf8');
}

export class PevaOutputWriter {
  readonly resultsPath: string;
  readonly skippedPath: string;
  readonly indexPath: string;
  readonly richResultsPath: string;
  readonly richSkippedPath: string;
  readonly richIndexPath: string;
  /** Every configured function in lb's order (sorted): the column groups of lb's CSVs. */
  readonly functions: readonly string[];

  /** `dir` is `<run_dir>/<host>/peva_faas`; `functions` every function of the run's config. */
  constructor(
    readonly dir: string,
    functions: readonly string[],
  ) {
    this.functions = lbFunctionOrder(functions);
    this.resultsPath = join(dir, LB_FILES.results);
    this.skippedPath = join(dir, LB_FILES.skipped);
    this.indexPath = join(dir, LB_FILES.index);
    this.richResultsPath = join(dir, LBWEB_FILES.results);
    this.richSkippedPath = join(dir, LBWEB_FILES.skipped);
    this.richIndexPath = join(dir, LBWEB_FILES.index);
  }

  get resultsHeader(): string[] {
    return lbResultsHeader(this.functions);
  }

  get skippedHeader(): string[] {
    return lbSkippedHeader(this.functions);
  }

  get metricsHeader(): string[] {
    return lbMetricsHeader(this.functions);
  }

  /**
   * The folders, and lb's three CSVs with their header (lb writes them even without rows), or
   * a check that existing ones (a resumed output) have the header this run writes.
   */
  async init(): Promise<void> {
    for (const sub of ['summaries', 'metrics', 'k6_scripts']) await mkdir(join(this.dir, sub), { recursive: true });
    if (this.functions.length === 0) return; // lb exports nothing without function names
    await appendLines(this.resultsPath, csvLine(this.resultsHeader), '');
    await appendLines(this.skippedPath, csvLine(this.skippedHeader), '');
    await appendLines(this.indexPath, csvLine(LB_INDEX_HEADER, LB_INDEX_DELIMITER), '');
  }

  /** One row of lb's results.csv (lb's dict: DictWriter rules, "" for a missing column). */
  async appendLbResultRow(row: Readonly<Record<string, CsvValue>>): Promise<void> {
    await appendLines(this.resultsPath, csvLine(this.resultsHeader), csvDictLine(this.resultsHeader, row));
  }

  /** One row of lb's skipped.csv (build_skipped_row's dict). */
  async appendLbSkippedRow(row: Readonly<Record<string, CsvValue>>): Promise<void> {
    await appendLines(this.skippedPath, csvLine(this.skippedHeader), csvDictLine(this.skippedHeader, row));
  }

  /**
   * One row of lb's index.csv (`[functions];[rates];results_file`) unless an equal
   * (functions, rates) is already in the file (`_dedupe_index_rows`). Resolves whether it was written.
   */
  async appendLbIndexRow(
    functions: readonly PyValue[],
    rates: readonly PyValue[],
    resultsFile: string = LB_FILES.results,
  ): Promise<boolean> {
    const header = csvLine(LB_INDEX_HEADER, LB_INDEX_DELIMITER);
    const existing = await readIfExists(this.indexPath);
    if (existing !== undefined && existing.startsWith(header)) {
      const read = parseLbIndexText(existing, this.indexPath);
      if (read.keys.some((k) => pyEquals(k.functions, [...functions]) && pyEquals(k.rates, [...rates]))) return false;
    }
    await appendLines(this.indexPath, header, csvLine([[...functions], [...rates], resultsFile], LB_INDEX_DELIMITER));
    return true;
  }

  /** lb's row to results.csv, lb-web's per-function records to results-lbweb.csv. */
  async appendResult(row: ResultRow): Promise<void> {
    await this.appendLbResultRow(row.lbRow);
    await appendLines(
      this.richResultsPath,
      csvLine(RICH_RESULTS_HEADER),
      row.richRecords.map((r) => csvDictLine(RICH_RESULTS_HEADER, r)).join(''),
    );
  }

  /** A configuration not run: lb's row to skipped.csv when lb writes one (lbWritesSkippedRow), always ours. */
  async appendSkipped(e: SkippedEntry): Promise<void> {
    const lbRow = lbWritesSkippedRow(e.reason);
    if (lbRow) await this.appendLbSkippedRow(buildLbSkippedRow(this.functions, keyOrder(e.functions, e.rates)));
    await appendLines(
      this.richSkippedPath,
      csvLine(LBWEB_SKIPPED_HEADER),
      csvLine([
        e.configId,
        JSON.stringify(e.functions),
        JSON.stringify(e.rates),
        e.reason,
        e.dominatedBy ?? '',
        lbRow ? 1 : 0,
        e.ts ?? nowS(),
      ]),
    );
  }

  /**
   * A configuration whose iterations all finished: `[names], [rates], results.csv` to index.csv
   * unless the same (functions, rates) is already there (lb's dedupe), and our line to
   * index-lbweb.csv. Resolves whether index.csv got a new line.
   */
  async appendIndex(e: IndexEntry): Promise<boolean> {
    const pairs = keyOrder(e.functions, e.rates);
    const functions = pairs.map((p) => p.name);
    const rates = pairs.map((p) => p.rate);
    const written = await this.appendLbIndexRow(functions, rates);
    await appendLines(
      this.richIndexPath,
      csvLine(LBWEB_INDEX_HEADER),
      csvLine([
        e.configId,
        JSON.stringify(functions),
        JSON.stringify(rates),
        e.iterations,
        e.overloadedIterations ?? '',
        e.overloaded === undefined ? '' : e.overloaded ? 1 : 0,
        e.repetition,
        e.runId,
        e.ts ?? nowS(),
      ]),
    );
    return written;
  }

  /** An object as lb writes it (`json.dumps(summary, indent=2)`); raw summary text is kept byte for byte. */
  async writeSummary(configId: string, iteration: number, repetition: number, summary: unknown): Promise<string> {
    const path = join(this.dir, 'summaries', `summary-${suffix(configId, iteration, repetition)}.json`);
    await mkdir(join(this.dir, 'summaries'), { recursive: true });
    await writeFile(path, typeof summary === 'string' ? summary : pyJsonDumps(summary, 2), 'utf8');
    return path;
  }

  /**
   * lb's one-line metrics CSV (`_metrics_header` / `_flatten_metrics`) to metrics/, and the
   * range series, when given, to metrics-lbweb/ under the same name. Resolves lb's file.
   */
  async writeMetrics(
    configId: string,
    iteration: number,
    repetition: number,
    metrics: MetricsInput,
    series?: readonly MetricSample[],
  ): Promise<string> {
    const name = `metrics-${suffix(configId, iteration, repetition)}.csv`;
    const path = join(this.dir, 'metrics', name);
    await mkdir(join(this.dir, 'metrics'), { recursive: true });
    const header = this.metricsHeader;
    await writeFile(path, csvLine(header) + csvDictLine(header, flattenMetrics(metrics)), 'utf8');
    if (series) {
      const seriesDir = join(this.dir, LBWEB_FILES.series);
      await mkdir(seriesDir, { recursive: true });
      const rows = series.map((s) => csvLine([s.timestamp, s.metric, s.function, s.value]));
      await writeFile(join(seriesDir, name), csvLine(SERIES_HEADER) + rows.join(''), 'utf8');
    }
    return path;
  }

  /** The first script of a configuration stays (lb skips an existing file); never the gateway password. */
  async writeK6Script(configId: string, script: string): Promise<string> {
    const path = join(this.dir, 'k6_scripts', `config-${configId}.js`);
    await mkdir(join(this.dir, 'k6_scripts'), { recursive: true });
    try {
      await writeFile(path, redactK6Script(script), { encoding: 'utf8', flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    return path;
  }
}

/**
 * config_ids a resumed run skips: lb's index.csv read by lb's rules (lb-index.ts: only keys equal
 * to a configuration's config_key count) and lb-web's index-lbweb.csv. What lb only warns about
 * (an unreadable file, a bad list) resumes nothing from index.csv and goes to `onWarning`; what
 * makes lb's run fail (a TypeError) throws.
 */
export function readIndexedConfigIds(dir: string, onWarning?: (message: string) => void): Set<string> {
  const ids = new Set<string>();
  const lb = loadLbIndex(join(dir, LB_FILES.index));
  if (lb.status === 'error') throw new Error(lb.message);
  if (lb.status === 'warning') onWarning?.(lb.message);
  for (const key of lb.keys) {
    const id = lbIndexKeyConfigId(key);
    if (id) ids.add(id);
  }
  let ours: string | undefined;
  try {
    ours = readFileSync(join(dir, LBWEB_FILES.index), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  for (const r of ours ? parseCsvRecords(ours) : []) if (r.config_id) ids.add(r.config_id);
  return ids;
}
