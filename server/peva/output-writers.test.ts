import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCsvRecords } from './csv';
import { parsePevaConfig } from '@/lib/contract/peva-config';
import { buildK6Script } from './k6-script';
import { PevaOutputWriter, readIndexedConfigIds } from './output-writers';
import { buildResultRow, resultSlots } from './result-row';

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
};
const row = (iteration: number) =>
  buildResultRow({
    runId: 'run-1',
    config: { id: 'abc123def456', pairs: [{ name: 'figlet', rate: 20 }] },
    iteration,
    repetition: 1,
    startTs: 100,
    endTs: 110,
    replicas: { figlet: 1 },
    functionMetrics: {},
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

describe('PevaOutputWriter', () => {
  it('writes exactly the FORMATS.md §5 tree', async () => {
    const w = new PevaOutputWriter(dir, 1);
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
    await w.appendIndex({
      configId: 'abc123def456',
      functions: ['figlet'],
      rates: [20],
      iteration: 1,
      repetition: 1,
      runId: 'run-1',
      ts: 6,
    });
    await w.writeSummary('abc123def456', 1, 1, '{"metrics": {"x": NaN}}');
    await w.writeMetrics('abc123def456', 1, 1, [
      { timestamp: 100, metric: 'cpu_usage_node', function: '', value: 12.5 },
      { timestamp: 110, metric: 'ram_usage_function', function: 'figlet', value: NaN },
    ]);
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
      'index.csv',
      'k6_scripts',
      'metrics',
      'results.csv',
      'skipped.csv',
      'summaries',
    ]);
    expect(await readdir(join(dir, 'summaries'))).toEqual(['summary-abc123def456-iter1-rep1.json']);
    expect(await readdir(join(dir, 'metrics'))).toEqual(['metrics-abc123def456-iter1-rep1.csv']);
    expect(await readdir(join(dir, 'k6_scripts'))).toEqual(['config-abc123def456.js']);

    const results = await readFile(join(dir, 'results.csv'), 'utf8');
    expect(results.split('\n').filter((l) => l.startsWith('config_id,'))).toHaveLength(1);
    expect(parseCsvRecords(results).map((r) => r.iteration)).toEqual(['1', '2']);
    expect(parseCsvRecords(await readFile(join(dir, 'skipped.csv'), 'utf8'))).toEqual([
      {
        config_id: 'ffff00001111',
        functions: '["figlet"]',
        rates: '[40]',
        reason: 'dominated_by_overload',
        dominated_by: 'abc123def456',
        ts: '5',
      },
    ]);
    expect(await readFile(join(dir, 'index.csv'), 'utf8')).toBe(
      'config_id,functions,rates,iteration,repetition,run_id,ts\nabc123def456,"[""figlet""]",[20],1,1,run-1,6\n',
    );
    expect(await readFile(join(dir, 'summaries', 'summary-abc123def456-iter1-rep1.json'), 'utf8')).toBe(
      '{"metrics": {"x": NaN}}',
    );
    expect(await readFile(join(dir, 'metrics', 'metrics-abc123def456-iter1-rep1.csv'), 'utf8')).toBe(
      'timestamp,metric,function,value\n100,cpu_usage_node,,12.5\n110,ram_usage_function,figlet,NaN\n',
    );
    const script = await readFile(join(dir, 'k6_scripts', 'config-abc123def456.js'), 'utf8');
    expect(script).toContain('constant-arrival-rate');
    expect(script).not.toContain('c2VjcmV0');
  });

  it('creates its directory on first append without init and accepts {maxFunctions}', async () => {
    const w = new PevaOutputWriter(dir, { maxFunctions: 2 });
    await w.appendResult(row(1));
    const header = (await readFile(w.resultsPath, 'utf8')).split('\n')[0]!;
    expect(header.split(',')).toHaveLength(16 + 2 * 14);
  });

  it('refuses to append to a results.csv with another header', async () => {
    await new PevaOutputWriter(dir, 2).appendResult(row(1));
    await expect(new PevaOutputWriter(dir, 1).appendResult(row(2))).rejects.toThrow(/different header/);
  });

  it('writes an object summary as JSON', async () => {
    const path = await new PevaOutputWriter(dir, 1).writeSummary('c', 1, 2, { metrics: { a: { value: NaN } } });
    expect(path.endsWith(join('summaries', 'summary-c-iter1-rep2.json'))).toBe(true);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ metrics: { a: { value: null } } });
  });
});

describe('readIndexedConfigIds', () => {
  it('is empty without an index and lists every config id otherwise', async () => {
    expect(readIndexedConfigIds(dir).size).toBe(0);
    const w = new PevaOutputWriter(dir, 1);
    for (const [id, it] of [
      ['aaa', 1],
      ['aaa', 2],
      ['bbb', 1],
    ] as const) {
      await w.appendIndex({ configId: id, functions: ['f,1'], rates: [1], iteration: it, repetition: 1, runId: 'r' });
    }
    expect([...readIndexedConfigIds(dir)].sort()).toEqual(['aaa', 'bbb']);
  });

  it('reads an index.csv written by hand (resume across tools)', async () => {
    const w = new PevaOutputWriter(dir, 1);
    await w.init();
    await writeFile(
      join(dir, 'index.csv'),
      'config_id,functions,rates,iteration,repetition,run_id,ts\r\nzzz,"[""a""]",[5],1,1,r,1\r\n',
    );
    expect(readIndexedConfigIds(dir)).toEqual(new Set(['zzz']));
  });
});

describe('resultSlots', () => {
  it('is max_functions − 1, capped by the function count', () => {
    const cfg = (n: number, max: number) => {
      const r = parsePevaConfig({
        functions: Array.from({ length: n }, (_, i) => ({ name: `f${i}` })),
        combinations: { min_functions: 1, max_functions: max },
      });
      if (!r.ok) throw new Error('bad');
      return r.config;
    };
    expect(resultSlots(cfg(3, 2))).toBe(1);
    expect(resultSlots(cfg(3, 3))).toBe(2);
    expect(resultSlots(cfg(2, 10))).toBe(2);
  });
});
