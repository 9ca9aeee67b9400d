// lb's plugin.py export_results_to_csv (results.csv, skipped.csv, index.csv, metrics/,
// summaries/, k6_scripts/), Python's csv module, ast.literal_eval and run_execution.py
// `_load_index` against server/peva/output-writers.ts, csv.ts, python-literal.ts and
// lb-index.ts. Files are compared byte for byte; a difference names its first differing line.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { csvLine, readCsvRows, type CsvValue } from '@/server/peva/csv';
import { skipReason } from '@/server/agent/loop-checks';
import { configId, type BenchConfig } from '@/server/peva/enumeration';
import { configOverloaded } from '@/server/peva/overload';
import { selectConfigs } from '@/server/peva/scheduler';
import { lbIndexKeyRepr, loadLbIndex, type LbIndexLoad } from '@/server/peva/lb-index';
import {
  dedupeIndexRows,
  flattenMetrics,
  LB_FILES,
  PevaOutputWriter,
  readIndexedConfigIds,
} from '@/server/peva/output-writers';
import { pyCell, pyFloat, pyRepr, pyStrCompare, pyTypeName, PyTuple, type PyValue } from '@/server/peva/python-format';
import { literalEval, PyError } from '@/server/peva/python-literal';
import { lbMetrics } from '@/server/peva/result-row';
import { casesOf, Diffs, expectSame, firstLineDiff, loadFixture, show, title } from './support/fixtures';
import { ourRow, type Measurement } from './support/measurement';

const file = loadFixture('output-files');
type RawPairs = Array<[string, number]>;
interface LbExport {
  paths: string[];
  files: Record<string, string>;
  /** `_load_index` on the index.csv lb wrote (sorted reprs of the keys); null without one. */
  resume_keys: string[] | null;
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
  raw.map(([name, rate]) => ({ name, rate })).sort((a, b) => pyStrCompare(a.name, b.name));

function compareFile(dir: string, rel: string, lbText: string): void {
  const path = join(dir, rel);
  if (!existsSync(path)) expect.fail(`lb-web writes no ${rel}`);
  const diff = firstLineDiff(readFileSync(path, 'utf8'), lbText);
  if (diff) expect.fail(`${rel} ${diff}`);
}

/** The generator's typed values (["int", "1"], ["float", "1.0"], …) as Python values. */
type Typed = [string, unknown?];
function untype([type, value]: Typed): PyValue {
  switch (type) {
    case 'none':
      return null;
    case 'bool':
      return value as boolean;
    case 'int': {
      const big = BigInt(value as string);
      return big <= BigInt(Number.MAX_SAFE_INTEGER) && big >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
    }
    case 'float': {
      const text = value as string;
      return pyFloat(text === 'inf' ? Infinity : text === '-inf' ? -Infinity : Number(text));
    }
    case 'str':
      return value as string;
    case 'tuple':
      return new PyTuple((value as Typed[]).map(untype));
    case 'list':
      return (value as Typed[]).map(untype);
    default:
      throw new Error(`unknown typed value ${type}`);
  }
}

/** `input.text`, or `input.repeat` ([prefix, unit, count, suffix] / [unit, count]) spelled out. */
function inputText(input: { text?: string; repeat?: Array<string | number> }): string {
  if (input.text !== undefined) return input.text;
  const r = input.repeat!;
  return r.length === 2 ? String(r[0]).repeat(r[1] as number) : `${r[0]}${String(r[1]).repeat(r[2] as number)}${r[3]}`;
}

describe('output files: csv module writer', () => {
  for (const c of casesOf<{ row: Typed[]; delimiter: string }, string>(file, 'csv_line')) {
    it(title(c), () => expectSame(csvLine(c.input.row.map(untype), c.input.delimiter), c.expected, 'CSV line'));
  }
});

describe('output files: csv module reader (universal newlines, as lb opens index.csv)', () => {
  type Lb = { ok: true; rows?: string[][] } | { ok: false; error: string };
  for (const c of casesOf<{ text?: string; repeat?: Array<string | number>; delimiter: string }, Lb>(
    file,
    'csv_read',
  )) {
    it(title(c), () => {
      let ours: Lb;
      try {
        const rows = readCsvRows(inputText(c.input), { delimiter: c.input.delimiter });
        ours = c.input.repeat ? { ok: true } : { ok: true, rows };
      } catch (err) {
        ours = { ok: false, error: (err as Error).message };
      }
      expectSame(ours, c.expected, 'csv.reader');
    });
  }
});

describe('output files: ast.literal_eval', () => {
  type Lb = { ok: true; repr: string; type: string } | { ok: false; error: string };
  for (const c of casesOf<{ text: string }, Lb>(file, 'literal_eval')) {
    it(title(c), () => {
      let ours: Lb;
      try {
        const v = literalEval(c.input.text);
        ours = { ok: true, repr: pyRepr(v), type: pyTypeName(v) };
      } catch (err) {
        if (!(err instanceof PyError)) throw err;
        ours = { ok: false, error: err.type };
      }
      expectSame(ours, c.expected, `literal_eval(${JSON.stringify(c.input.text)})`);
    });
  }
});

/** lb's outcome of `_load_index` in the generator's terms. */
function outcomeOf(load: LbIndexLoad): unknown {
  const keys = load.keys.map(lbIndexKeyRepr).sort(pyStrCompare);
  if (load.status === 'error')
    return { outcome: 'raises', error: load.message.includes('TypeError') ? 'TypeError' : load.message };
  if (load.status === 'warning') {
    return { outcome: 'warning', kind: load.message.startsWith('Could not read') ? 'read' : 'invalid', keys };
  }
  return { outcome: 'ok', keys };
}

describe('output files: resume from index.csv (run_execution.py _load_index)', () => {
  interface In {
    text?: string;
    repeat?: Array<string | number>;
    base64?: string;
    directory?: boolean;
    absent?: boolean;
  }
  for (const c of casesOf<In, unknown>(file, 'lb_load_index')) {
    it(title(c), () => {
      const path = join(tempDir(), 'index.csv');
      if (c.input.directory) mkdirSync(path);
      else if (c.input.base64 !== undefined) writeFileSync(path, Buffer.from(c.input.base64, 'base64'));
      else if (!c.input.absent) writeFileSync(path, inputText(c.input), 'utf8');
      expectSame(outcomeOf(loadLbIndex(path)), c.expected, '_load_index');
    });
  }
});

describe('output files: a measured run', () => {
  type Iteration = Measurement & { iteration: number; start_ts: number; end_ts: number; k6_summary: unknown };
  interface In {
    functions: string[];
    run_id: string;
    repetition: number;
    iterations: Iteration[];
    skipped: Array<{ config_pairs: RawPairs; reason: string; dominated_by: RawPairs; ts: number }>;
    completed: RawPairs[];
    scripts: Array<{ config_pairs: RawPairs; script: string }>;
  }
  for (const c of casesOf<In, LbExport>(file, 'export_measured')) {
    // Written the way the agent writes them (server/agent/iteration.ts, peva-loop.ts).
    async function writeOurs(): Promise<string> {
      const dir = tempDir();
      const { run_id: runId, repetition } = c.input;
      const writer = new PevaOutputWriter(dir, c.input.functions);
      await writer.init();
      for (const m of c.input.iterations) {
        const id = configId(sortPairs(m.config_pairs));
        const ctx = { runId, iteration: m.iteration, repetition, startTs: m.start_ts, endTs: m.end_ts };
        await writer.appendResult(ourRow(m, ctx));
        const { functions, ...node } = m.metrics;
        const fns = Object.fromEntries(
          Object.entries(functions).map(([n, f]) => [n, { cpu: f.cpu ?? NaN, ram: f.ram ?? NaN, power: f.power }]),
        );
        await writer.writeMetrics(id, m.iteration, repetition, lbMetrics(node, fns));
        await writer.writeSummary(id, m.iteration, repetition, m.k6_summary);
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
      for (const done of c.input.completed) {
        const pairs = sortPairs(done);
        await writer.appendIndex({
          configId: configId(pairs),
          functions: pairs.map((p) => p.name),
          rates: pairs.map((p) => p.rate),
          iterations: 1,
          repetition,
          runId,
        });
      }
      for (const s of c.input.scripts) await writer.writeK6Script(configId(sortPairs(s.config_pairs)), s.script);
      return dir;
    }
    for (const rel of Object.keys(c.expected.files)) {
      it(`${title(c)} › ${rel}`, async () => compareFile(await writeOurs(), rel, c.expected.files[rel]!));
    }
    it(`${title(c)} › no lb file lb does not write`, async () => {
      const dir = await writeOurs();
      const ours = ['', 'metrics', 'summaries', 'k6_scripts'].flatMap((sub) =>
        readdirSync(join(dir, sub), { withFileTypes: true })
          .filter((e) => e.isFile() && !e.name.includes('lbweb'))
          .map((e) => (sub ? `${sub}/${e.name}` : e.name)),
      );
      expectSame(ours.sort(), Object.keys(c.expected.files).sort(), 'lb-named files');
    });
    it(`${title(c)} › round trip: lb's _load_index rules read our index.csv to lb's keys`, async () => {
      const dir = await writeOurs();
      const diffs = new Diffs();
      diffs.check(
        outcomeOf(loadLbIndex(join(dir, LB_FILES.index))),
        { outcome: 'ok', keys: c.expected.resume_keys },
        'keys',
      );
      const ids = c.input.completed.map((p) => configId(sortPairs(p)));
      diffs.check([...readIndexedConfigIds(dir)].sort(), [...new Set(ids)].sort(), 'config ids resumed');
      diffs.assert();
    });
  }
});

describe("output files: lb's export test", () => {
  interface Gen {
    peva_faas_functions?: string[];
    peva_faas_results?: Array<Record<string, CsvValue>>;
    peva_faas_skipped?: Array<Record<string, CsvValue>>;
    peva_faas_index?: Array<{ functions: string[]; rates: number[]; results_file?: string }>;
    peva_faas_summaries?: Array<{ config_id: string; iteration: number; summary: unknown }>;
    peva_faas_metrics?: Array<{ config_id: string; iteration: number; metrics: Parameters<typeof flattenMetrics>[0] }>;
    peva_faas_scripts?: Array<{ config_id: string; script: string }>;
  }
  type In = { results: Array<{ repetition?: number; generator_result: Gen }> };
  for (const c of casesOf<In, LbExport>(file, 'export_raw')) {
    /** lb's generator_result rows through the writer's lb-row methods, in lb's order. */
    async function writeOurs(): Promise<string> {
      const dir = tempDir();
      const functions = c.input.results.map((e) => e.generator_result.peva_faas_functions).find((f) => f?.length) ?? [];
      const writer = new PevaOutputWriter(dir, functions);
      await writer.init();
      if (functions.length === 0) return dir;
      const gens = c.input.results.map((e) => ({ rep: e.repetition ?? 1, gen: e.generator_result }));
      for (const { gen } of gens) for (const row of gen.peva_faas_results ?? []) await writer.appendLbResultRow(row);
      for (const { gen } of gens) for (const row of gen.peva_faas_skipped ?? []) await writer.appendLbSkippedRow(row);
      for (const { gen } of gens) {
        for (const row of gen.peva_faas_index ?? [])
          await writer.appendLbIndexRow(row.functions, row.rates, row.results_file);
      }
      for (const { rep, gen } of gens) {
        for (const s of gen.peva_faas_summaries ?? [])
          await writer.writeSummary(s.config_id, s.iteration, rep, s.summary);
        for (const m of gen.peva_faas_metrics ?? [])
          await writer.writeMetrics(m.config_id, m.iteration, rep, m.metrics);
      }
      for (const { gen } of gens)
        for (const s of gen.peva_faas_scripts ?? []) await writer.writeK6Script(s.config_id, s.script);
      return dir;
    }
    if (c.expected.paths.length === 0) {
      it(title(c), async () => {
        const dir = await writeOurs();
        const written = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
        expectSame(
          written.map((e) => e.name),
          [],
          'files written',
        );
      });
      continue;
    }
    for (const rel of Object.keys(c.expected.files)) {
      it(`${title(c)} › ${rel}`, async () => compareFile(await writeOurs(), rel, c.expected.files[rel]!));
    }
  }
});

describe('output files: which configurations leave skipped.csv / index.csv rows', () => {
  interface In {
    index: RawPairs[];
    memory: RawPairs[];
    config: { iterations?: number };
    overload_flags: Array<{ pairs: RawPairs; flags: boolean[] }>;
    failures: Array<{ pairs: RawPairs; iteration: number; kind: string }>;
  }
  interface Lb {
    configs: RawPairs[];
    iterations_run: Record<string, number>;
    files: Record<string, string>;
  }
  for (const c of casesOf<In, Lb>(file, 'run_rows')) {
    it(title(c), async () => {
      // The decisions of PevaLoop (#runConfig / #runIterations) and the rows its writer calls leave.
      const dir = tempDir();
      const bench = (raw: RawPairs) => ({ id: configId(sortPairs(raw)), pairs: sortPairs(raw) });
      const ids = (list: RawPairs[]) => new Set(list.map((p) => bench(p).id));
      const configs = c.expected.configs.map(bench);
      const names = [...new Set(configs.flatMap((b) => b.pairs.map((p) => p.name)))];
      const writer = new PevaOutputWriter(dir, names);
      await writer.init();
      const flags = new Map(c.input.overload_flags.map((o) => [bench(o.pairs).id, o.flags]));
      const failures = new Map(c.input.failures.map((f) => [bench(f.pairs).id, f]));
      const [index, memory] = [ids(c.input.index), ids(c.input.memory)];
      const overloaded: BenchConfig[] = [];
      const iterationsRun: Record<string, number> = {};
      const entry = (b: BenchConfig) => ({
        configId: b.id,
        functions: b.pairs.map((p) => p.name),
        rates: b.pairs.map((p) => p.rate),
      });
      for (const b of configs) iterationsRun[b.id] = 0;
      // PevaLoop leaves configurations already seen out before its loop (lb's scheduler).
      for (const b of selectConfigs(configs, index, memory).selected) {
        const skip = skipReason(b, index, overloaded);
        if (skip) {
          await writer.appendSkipped({ ...entry(b), reason: skip.reason, dominatedBy: skip.dominatedBy });
          continue;
        }
        const own: boolean[] = [];
        let failed = false;
        for (let it = 1; it <= (c.input.config.iterations ?? 1); it++) {
          const failure = failures.get(b.id);
          if (failure?.iteration === it) {
            const reason =
              failure.kind === 'cooldown_timeout' ? 'cooldown timeout after 61s (max 60s)' : 'failed: k6 exited 1';
            await writer.appendSkipped({ ...entry(b), reason });
            failed = true;
            break;
          }
          iterationsRun[b.id]!++;
          own.push(flags.get(b.id)?.[it - 1] ?? false);
        }
        if (failed) continue;
        if (configOverloaded(own)) overloaded.push(b);
        await writer.appendIndex({ ...entry(b), iterations: own.length, repetition: 1, runId: 'run-1' });
      }
      const diffs = new Diffs();
      for (const [rel, lbText] of Object.entries(c.expected.files)) {
        const diff = firstLineDiff(readFileSync(join(dir, rel), 'utf8'), lbText);
        if (diff) diffs.add(`${rel} ${diff}`);
      }
      diffs.check(iterationsRun, c.expected.iterations_run, 'iterations run (results rows)');
      diffs.assert();
    });
  }
});

describe('output files: lb helpers', () => {
  type Row = { functions?: string[]; rates?: number[]; results_file?: string };
  for (const c of casesOf<{ rows: Row[] }, Row[]>(file, 'dedupe_index')) {
    it(title(c), () => expectSame(dedupeIndexRows(c.input.rows), c.expected, '_dedupe_index_rows'));
  }
  type Flat = { row: Record<string, string>; columns: string[] };
  for (const c of casesOf<{ metrics: Parameters<typeof flattenMetrics>[0] }, Flat>(file, 'flatten_metrics')) {
    it(title(c), () => {
      const ours = Object.fromEntries(Object.entries(flattenMetrics(c.input.metrics)).map(([k, v]) => [k, pyCell(v)]));
      const diffs = new Diffs();
      // The input's function order is lost (fixture objects have sorted keys): only the node keys' order counts.
      diffs.check(Object.keys(ours).slice(0, 4), c.expected.columns.slice(0, 4), 'node keys in order');
      diffs.check(ours, c.expected.row, `_flatten_metrics ${show(c.input.metrics)}`);
      diffs.assert();
    });
  }
});
