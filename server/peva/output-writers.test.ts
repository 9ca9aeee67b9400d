import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCsvRecords } from './csv';
import { configId } from './enumeration';
import { buildK6Script } from './k6-script';
import {
  dedupeIndexRows,
  flattenMetrics,
  lbWritesSkippedRow,
  PevaOutputWriter,
  readIndexedConfigIds,
  type IndexEntry,
} from './output-writers';
import { buildResultRow } from './result-row';

let root: string;
let dir: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'peva-out-'));
  dir = join(root, 'run-1', 'host-a', 'peva_faas');
});
afterEach(() => rm(root, { recursive: true, force: true }));

const overload = {
  cpu_overload_pct_of_capacity: 80,
  ram_overload_pct: 90,
  success_rate_node_min: 0.95,
  success_rate_function_min: 0.9,
  replicas_overload_threshold: 15,
  cpu_unit: 'one_core' as const,
};
const row = (iteration: number) =>
  buildResultRow({
    runId: 'run-1',
    config: { id: 'abc123def456', pairs: [{ name: 'figlet', rate: 20 }] },
    allFunctions: ['figlet', 'env'],
    iteration,
    repetition: 1,
    startTs: 100,
    endTs: 110,
    replicas: { figlet: 1 },
    functionMetrics: {},
    idle: { cpu: 5, ram: 1e9, ram_pct: 20, power: NaN },
    restSeconds: 5,
    overload,
    stats: [
      {
        name: 'figlet',
        rate: 20,
        requests: 200,
        successRate: 1,
        latency: { avg: 1, p50: 1, p90: 1, p95: 1, p99: 1, max: 2 },
        noSamples: false,
      },
    ],
    node: { cpu_usage_node: 30, ram_usage_node: 1e9, ram_usage_node_pct: 20, power_usage_node: NaN },
  });

const index = (functions: string[], rates: number[], extra: Partial<IndexEntry> = {}): IndexEntry => ({
  configId: configId(functions.map((name, i) => ({ name, rate: rates[i]! }))),
  functions,
  rates,
  iterations: 2,
  overloadedIterations: 1,
  overloaded: false,
  repetition: 1,
  runId: 'run-1',
  ts: 6,
  ...extra,
});

describe('PevaOutputWriter', () => {
  it("writes lb's files with lb's names and bytes, ours beside them", async () => {
    const w = new PevaOutputWriter(dir, ['figlet', 'env']);
    await w.init();
    await w.appendResult(row(1));
    await w.appendResult(row(2));
    await w.appendSkipped({
      configId: 'ffff00001111',
      functions: ['figlet'],
      rates: [40],
      reason: 'dominated_by_overload',
      dominatedBy: 'abc123def456',
      ts: 5,
    });
    await w.appendSkipped({ configId: 'eeee', functions: ['env'], rates: [5], reason: 'already_in_index: x', ts: 7 });
    await w.appendIndex(index(['figlet'], [20]));
    await w.writeSummary('abc123def456', 1, 1, '{"metrics": {"x": NaN}}');
    await w.writeMetrics(
      'abc123def456',
      1,
      1,
      {
        cpu_usage_node: 12.5,
        ram_usage_node: 1e9,
        ram_usage_node_pct: 20,
        power_usage_node: NaN,
        functions: { figlet: { cpu: 1, ram: 2 } },
      },
      [
        { timestamp: 100, metric: 'cpu_usage_node', function: '', value: 12.5 },
        { timestamp: 110, metric: 'ram_usage_function', function: 'figlet', value: NaN },
      ],
    );
    await w.writeK6Script(
      'abc123def456',
      buildK6Script({
        pairs: [{ name: 'figlet', rate: 20 }],
        functions: [{ name: 'figlet', method: 'GET', body: '', headers: {} }],
        gatewayUrl: 'http://gw',
        duration: '10s',
        authHeader: 'Basic c2VjcmV0',
      }),
    );

    expect((await readdir(dir)).sort()).toEqual([
      'index-lbweb.csv',
      'index.csv',
      'k6_scripts',
      'metrics',
      'metrics-lbweb',
      'results-lbweb.csv',
      'results.csv',
      'skipped-lbweb.csv',
      'skipped.csv',
      'summaries',
    ]);
    expect(await readdir(join(dir, 'metrics'))).toEqual(['metrics-abc123def456-iter1-rep1.csv']);
    expect(await readdir(join(dir, 'metrics-lbweb'))).toEqual(['metrics-abc123def456-iter1-rep1.csv']);

    const results = await readFile(join(dir, 'results.csv'), 'utf8');
    const lines = results.split('\r\n');
    expect(lines[0]).toBe(
      'function_env,rate_function_env,success_rate_function_env,cpu_usage_function_env,ram_usage_function_env,' +
        'power_usage_function_env,replica_env,overloaded_function_env,medium_latency_function_env,' +
        'function_figlet,rate_function_figlet,success_rate_function_figlet,cpu_usage_function_figlet,' +
        'ram_usage_function_figlet,power_usage_function_figlet,replica_figlet,overloaded_function_figlet,' +
        'medium_latency_function_figlet,cpu_usage_idle_node,cpu_usage_node,ram_usage_idle_node,ram_usage_node,' +
        'ram_usage_idle_node_percentage,ram_usage_node_percentage,power_usage_idle_node,power_usage_node,' +
        'rest_seconds,overloaded_node',
    );
    expect(lines[1]).toBe(
      ',,,,,,,,,figlet,20,1.000,nan,nan,nan,1,0,1,5.000,30.000,1000000000.000,1000000000.000,20.000,20.000,nan,nan,5,0',
    );
    expect(lines).toHaveLength(4);
    expect(
      parseCsvRecords(await readFile(w.richResultsPath, 'utf8')).map((r) => [r.iteration, r.latency_p99_ms]),
    ).toEqual([
      ['1', '1'],
      ['2', '1'],
    ]);

    // lb writes no skipped row for a configuration its scheduler already dropped (index, memory).
    expect(await readFile(join(dir, 'skipped.csv'), 'utf8')).toBe(
      'function_env,rate_function_env,function_figlet,rate_function_figlet\r\n,,figlet,40\r\n',
    );
    expect(parseCsvRecords(await readFile(w.richSkippedPath, 'utf8'))).toEqual([
      {
        config_id: 'ffff00001111',
        functions: '["figlet"]',
        rates: '[40]',
        reason: 'dominated_by_overload',
        dominated_by: 'abc123def456',
        in_skipped_csv: '1',
        ts: '5',
      },
      {
        config_id: 'eeee',
        functions: '["env"]',
        rates: '[5]',
        reason: 'already_in_index: x',
        dominated_by: '',
        in_skipped_csv: '0',
        ts: '7',
      },
    ]);
    expect(await readFile(join(dir, 'index.csv'), 'utf8')).toBe(
      "functions;rates;results_file\r\n['figlet'];[20];results.csv\r\n",
    );
    expect(parseCsvRecords(await readFile(w.richIndexPath, 'utf8'))).toEqual([
      {
        config_id: configId([{ name: 'figlet', rate: 20 }]),
        functions: '["figlet"]',
        rates: '[20]',
        iterations: '2',
        overloaded_iterations: '1',
        overloaded: '0',
        repetition: '1',
        run_id: 'run-1',
        ts: '6',
      },
    ]);
    expect(await readFile(join(dir, 'summaries', 'summary-abc123def456-iter1-rep1.json'), 'utf8')).toBe(
      '{"metrics": {"x": NaN}}',
    );
    expect(await readFile(join(dir, 'metrics', 'metrics-abc123def456-iter1-rep1.csv'), 'utf8')).toBe(
      'cpu_usage_node,ram_usage_node,ram_usage_node_pct,power_usage_node,cpu_usage_function_env,' +
        'ram_usage_function_env,power_usage_function_env,cpu_usage_function_figlet,ram_usage_function_figlet,' +
        'power_usage_function_figlet\r\n12.5,1000000000.0,20.0,nan,,,,1.0,2.0,nan\r\n',
    );
    expect(await readFile(join(dir, 'metrics-lbweb', 'metrics-abc123def456-iter1-rep1.csv'), 'utf8')).toBe(
      'timestamp,metric,function,value\r\n100,cpu_usage_node,,12.5\r\n110,ram_usage_function,figlet,nan\r\n',
    );
    const script = await readFile(join(dir, 'k6_scripts', 'config-abc123def456.js'), 'utf8');
    expect(script).toContain('constant-arrival-rate');
    expect(script).not.toContain('c2VjcmV0');
  });

  it('init writes the three headers even without rows, and is idempotent', async () => {
    const w = new PevaOutputWriter(dir, ['b', 'a']);
    await w.init();
    await w.init();
    expect(await readFile(w.skippedPath, 'utf8')).toBe('function_a,rate_function_a,function_b,rate_function_b\r\n');
    expect(await readFile(w.indexPath, 'utf8')).toBe('functions;rates;results_file\r\n');
    expect((await readFile(w.resultsPath, 'utf8')).split('\r\n')).toHaveLength(2);
  });

  it('refuses to append to a results.csv with another header', async () => {
    await new PevaOutputWriter(dir, ['figlet', 'env']).appendResult(row(1));
    const other = new PevaOutputWriter(dir, ['figlet', 'env', 'x']);
    await expect(other.appendResult(row(2))).rejects.toThrow(/different header/);
    await expect(other.init()).rejects.toThrow(/different header/);
    // A row with a function outside the header is lb's DictWriter ValueError.
    await expect(new PevaOutputWriter(join(root, 'o'), ['figlet']).appendResult(row(1))).rejects.toThrow(
      /not in fieldnames: 'function_env'/,
    );
  });

  it('index.csv: one row per (functions, rates), in config_key order, first one kept', async () => {
    const w = new PevaOutputWriter(dir, ['a', 'b']);
    expect(await w.appendIndex(index(['b', 'a'], [20, 10]))).toBe(true);
    expect(await w.appendIndex(index(['a', 'b'], [10, 20], { runId: 'run-2' }))).toBe(false);
    expect(await w.appendIndex(index(['a'], [10]))).toBe(true);
    expect(await readFile(w.indexPath, 'utf8')).toBe(
      "functions;rates;results_file\r\n['a', 'b'];[10, 20];results.csv\r\n['a'];[10];results.csv\r\n",
    );
    // Ours keeps every completion (run-1 and run-2).
    expect(parseCsvRecords(await readFile(w.richIndexPath, 'utf8')).map((r) => r.run_id)).toEqual([
      'run-1',
      'run-2',
      'run-1',
    ]);
  });

  it('keeps the first k6 script of a configuration (lb skips an existing file)', async () => {
    const w = new PevaOutputWriter(dir, ['f']);
    await w.writeK6Script('c1', 'first');
    await w.writeK6Script('c1', 'second');
    expect(await readFile(join(dir, 'k6_scripts', 'config-c1.js'), 'utf8')).toBe('first');
  });

  it('writes an object summary as json.dumps(indent=2) does', async () => {
    const summary = { metrics: { a: { value: NaN, avg: 1e-7, n: 3, tags: [], name: 'fünf' } } };
    const path = await new PevaOutputWriter(dir, ['f']).writeSummary('c', 1, 2, summary);
    expect(path.endsWith(join('summaries', 'summary-c-iter1-rep2.json'))).toBe(true);
    expect(await readFile(path, 'utf8')).toBe(
      '{\n  "metrics": {\n    "a": {\n      "value": NaN,\n      "avg": 1e-07,\n      "n": 3,\n      "tags": [],\n' +
        '      "name": "f\\u00fcnf"\n    }\n  }\n}',
    );
  });
});

describe("lb's export helpers", () => {
  it('flattenMetrics: floats as repr, "nan" for missing values', () => {
    expect(
      flattenMetrics({
        ram_usage_node: 20,
        functions: { figlet: { cpu: 1.5, ram: 2.5, power: 3.5 }, echo: { cpu: 0.1 } },
      }),
    ).toMatchObject({
      cpu_usage_node: 'nan',
      power_usage_node: 'nan',
      cpu_usage_function_echo: { value: 0.1 },
      ram_usage_function_echo: 'nan',
    });
  });

  it('dedupeIndexRows keeps the first of equal keys', () => {
    const rows = [
      { functions: ['f'], rates: [10], n: 1 },
      { functions: ['f'], rates: [10], n: 2 },
      { functions: ['f'], rates: [20], n: 3 },
    ];
    expect(dedupeIndexRows(rows).map((r) => r.n)).toEqual([1, 3]);
  });

  it('lbWritesSkippedRow: not for resume skips', () => {
    expect(lbWritesSkippedRow('dominated_by_overload')).toBe(true);
    expect(lbWritesSkippedRow('failed: k6 exited 1')).toBe(true);
    expect(lbWritesSkippedRow('already_in_memory: x')).toBe(false);
  });
});

describe('readIndexedConfigIds', () => {
  it('is empty without an index; reads back what the writer wrote (index.csv and index-lbweb.csv)', async () => {
    expect(readIndexedConfigIds(dir).size).toBe(0);
    const w = new PevaOutputWriter(dir, ['f,1', 'g']);
    await w.appendIndex(index(['f,1'], [1]));
    await w.appendIndex(index(['g', 'f,1'], [2, 3]));
    expect([...readIndexedConfigIds(dir)].sort()).toEqual(
      [
        configId([{ name: 'f,1', rate: 1 }]),
        configId([
          { name: 'f,1', rate: 3 },
          { name: 'g', rate: 2 },
        ]),
      ].sort(),
    );
  });

  it("reads lb's index.csv by lb's rules: unsorted names never match, a bad literal resumes nothing", async () => {
    await mkdir(dir, { recursive: true });
    const path = join(dir, 'index.csv');
    await writeFile(
      path,
      "functions;rates;results_file\n\"['f1']\";\"[10]\";results.csv\n['b', 'a'];[1, 2];results.csv\n",
    );
    expect(readIndexedConfigIds(dir)).toEqual(new Set([configId([{ name: 'f1', rate: 10 }])]));
    await writeFile(path, "functions;rates;results_file\n['f1'];[10];r\n['f1';[10];r\n");
    const warnings: string[] = [];
    expect(readIndexedConfigIds(dir, (m) => warnings.push(m)).size).toBe(0);
    expect(warnings[0]).toMatch(/Invalid data in index file/);
    await writeFile(path, 'functions;rates\n5;[1]\n');
    expect(() => readIndexedConfigIds(dir)).toThrow(/'int' object is not iterable/);
  });
});
