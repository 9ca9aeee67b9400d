// lb's plugin.py export_results_to_csv (results.csv, skipped.csv, index.csv, metrics/,
// summaries/, k6_scripts/) and Python's csv module against server/peva/output-writers.ts
// and csv.ts. Files are compared as text; a difference names its first differing line.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { csvLine, type CsvValue } from '@/server/peva/csv';
import { configId } from '@/server/peva/enumeration';
import { PevaOutputWriter, type MetricSample } from '@/server/peva/output-writers';
import { casesOf, expectSame, firstLineDiff, loadFixture, missing, title } from './support/fixtures';
import { ourRow, type Measurement } from './support/measurement';

const file = loadFixture('output-files');
type RawPairs = Array<[string, number]>;
interface LbExport {
  paths: string[];
  files: Record<string, string>;
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'lb-conformance-'));
  dirs.push(d);
  return d;
}

const sortPairs = (raw: RawPairs) =>
  raw.map(([name, rate]) => ({ name, rate })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

function compareFile(dir: string, rel: string, lbText: string): void {
  const path = join(dir, rel);
  if (!existsSync(path)) missing(`lb-web writes no ${rel}`);
  const diff = firstLineDiff(readFileSync(path, 'utf8'), lbText);
  if (diff) expect.fail(`${rel} ${diff}`);
}

describe('output files: csv module', () => {
  for (const c of casesOf<{ row: CsvValue[]; delimiter: string }, string>(file, 'csv_line')) {
    it(title(c), () => {
      if (c.input.delimiter !== ',')
        missing(`"${c.input.delimiter}"-delimited CSV (lb's index.csv); csvLine writes ","`);
      expectSame(csvLine(c.input.row), c.expected, 'CSV line');
    });
  }
});

/** The series lb-web's writeMetrics takes, built from the iteration's averages at its end. */
function samplesOf(m: Measurement & { end_ts: number }): MetricSample[] {
  const node = ['cpu_usage_node', 'ram_usage_node', 'ram_usage_node_pct'] as const;
  const out: MetricSample[] = node.map((metric) => ({
    timestamp: m.end_ts,
    metric,
    function: '',
    value: m.metrics[metric],
  }));
  for (const [fn, v] of Object.entries(m.metrics.functions)) {
    out.push({ timestamp: m.end_ts, metric: 'cpu_usage_function', function: fn, value: v.cpu ?? NaN });
    out.push({ timestamp: m.end_ts, metric: 'ram_usage_function', function: fn, value: v.ram ?? NaN });
  }
  return out;
}

describe('output files: a measured run', () => {
  type Iteration = Measurement & { iteration: number; start_ts: number; end_ts: number; k6_summary: unknown };
  interface In {
    functions: string[];
    run_id: string;
    repetition: number;
    iterations: Iteration[];
    skipped: Array<{ config_pairs: RawPairs; reason: string; dominated_by: RawPairs; ts: number }>;
    scripts: Array<{ config_pairs: RawPairs; script: string }>;
  }
  for (const c of casesOf<In, LbExport>(file, 'export_measured')) {
    // Written the way the agent writes them (server/agent/iteration.ts, peva-loop.ts).
    async function writeOurs(): Promise<string> {
      const dir = tempDir();
      const { run_id: runId, repetition } = c.input;
      const writer = new PevaOutputWriter(dir, c.input.functions.length);
      await writer.init();
      for (const m of c.input.iterations) {
        const pairs = sortPairs(m.config_pairs);
        const id = configId(pairs);
        const ctx = { runId, iteration: m.iteration, repetition, startTs: m.start_ts, endTs: m.end_ts };
        await writer.appendResult(ourRow(m, ctx));
        await writer.writeMetrics(id, m.iteration, repetition, samplesOf(m));
        await writer.writeSummary(id, m.iteration, repetition, m.k6_summary);
        const [functions, rates] = [pairs.map((p) => p.name), pairs.map((p) => p.rate)];
        await writer.appendIndex({
          configId: id,
          functions,
          rates,
          iteration: m.iteration,
          repetition,
          runId,
          ts: m.end_ts,
        });
      }
      for (const s of c.input.skipped) {
        const pairs = sortPairs(s.config_pairs);
        await writer.appendSkipped({
          configId: configId(pairs),
          functions: pairs.map((p) => p.name),
          rates: pairs.map((p) => p.rate),
          reason: s.reason,
          dominatedBy: configId(sortPairs(s.dominated_by)),
          ts: s.ts,
        });
      }
      for (const s of c.input.scripts) await writer.writeK6Script(configId(sortPairs(s.config_pairs)), s.script);
      return dir;
    }
    for (const rel of Object.keys(c.expected.files)) {
      it(`${title(c)} › ${rel}`, async () => compareFile(await writeOurs(), rel, c.expected.files[rel]!));
    }
  }
});

describe('output files: lb export test', () => {
  interface Gen {
    peva_faas_functions?: string[];
    peva_faas_index?: Array<{ functions: string[]; rates: number[] }>;
    peva_faas_summaries?: Array<{ config_id: string; iteration: number; summary: unknown }>;
    peva_faas_scripts?: Array<{ config_id: string; script: string }>;
  }
  type In = { results: Array<{ repetition?: number; generator_result: Gen }> };
  for (const c of casesOf<In, LbExport>(file, 'export_raw')) {
    if (c.expected.paths.length === 0) {
      it(title(c), () => missing('an export step that writes nothing when no functions are named (lb returns [])'));
      continue;
    }
    /** The parts of lb's raw generator result lb-web's writer can take (it has no lb row dicts). */
    async function writeOurs(): Promise<string> {
      const dir = tempDir();
      const writer = new PevaOutputWriter(dir, 1);
      for (const entry of c.input.results) {
        const rep = entry.repetition ?? 1;
        const gen = entry.generator_result;
        for (const s of gen.peva_faas_summaries ?? [])
          await writer.writeSummary(s.config_id, s.iteration, rep, s.summary);
        for (const s of gen.peva_faas_scripts ?? []) await writer.writeK6Script(s.config_id, s.script);
        for (const row of gen.peva_faas_index ?? []) {
          const pairs = row.functions.map((name, i) => ({ name, rate: row.rates[i]! }));
          await writer.appendIndex({
            ...row,
            configId: configId(pairs),
            iteration: 1,
            repetition: rep,
            runId: 'run-1',
            ts: 0,
          });
        }
      }
      return dir;
    }
    for (const rel of Object.keys(c.expected.files)) {
      it(`${title(c)} › ${rel}`, async () => {
        if (/^(results|skipped)\.csv$|^metrics\//.test(rel)) {
          missing(`writing ${rel} from lb's generator_result rows (lb-web's writer takes its own ResultRow)`);
        }
        compareFile(await writeOurs(), rel, c.expected.files[rel]!);
      });
    }
  }
});

describe('output files: lb helpers', () => {
  for (const c of casesOf(file, 'dedupe_index')) {
    it(title(c), () => missing('index rows deduplicated by (functions, rates): lb-web writes one row per iteration'));
  }
  for (const c of casesOf(file, 'flatten_metrics')) {
    it(title(c), () =>
      missing("lb's wide metrics row (_flatten_metrics): lb-web writes a long timestamp,metric,function,value series"),
    );
  }
});
