// Real processes end to end: the local stack (gateway, function workers, Prometheus,
// node-exporter) and the agent program, checked through its files and its DuckDB memory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parseTolerantJson } from '@/lib/contract/tolerant-json';
import { startLocalStack, type LocalStack } from '@/server/localstack/local-stack';
import { descendantsOf, isPidAlive } from '@/server/process/proc-tree';
import { openWithDuckDbWasm } from '@/test/support/wasm-reader';
import { launchAgent } from '@/test/support/agent-harness';

let stack: LocalStack;
let root: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'lbweb-agent-'));
  stack = await startLocalStack({ dir: join(root, 'k3s') });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  expect(descendantsOf(process.pid).filter((p) => p.comm !== 'esbuild')).toEqual([]);
  rmSync(root, { recursive: true, force: true });
});

const lbWorkdir = () => join(root, 'runner', 'lb_workdir');
const memoryPath = () => join(lbWorkdir(), 'benchmark_results/peva_faas/memory/peva_faas.duckdb');

function spec(runId: string, config: object, extra: object = {}) {
  return {
    run_id: runId,
    host: 'runner',
    lb_workdir: lbWorkdir(),
    output_dir: join(root, 'runner', 'out', runId),
    gateway_url: stack.gatewayUrl,
    prometheus_url: stack.prometheusUrl,
    config,
    load_driver: 'builtin' as const,
    prometheus_empty_retry_s: 20,
    ...extra,
  };
}

const quickCooldown = { max_wait_seconds: 30, sleep_step_seconds: 1, idle_threshold_pct: 100 };

async function readDb(path: string) {
  const db = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const conn = await db.connect();
  const q = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJson();
  return { q, close: () => (conn.closeSync(), db.closeSync()) };
}

describe('agent on the local stack', () => {
  it('runs one configuration and records CSVs and the DuckDB memory', async () => {
    const a = launchAgent(
      spec('run-int-1', {
        functions: [{ name: 'figlet' }],
        rate_strategy: { type: 'custom', rates: [20] },
        duration: '10s',
        iterations: 1,
        cooldown: quickCooldown,
      }),
    );
    const exit = await a.proc.exited;
    expect(a.stderr.join('\n')).not.toMatch(/Error/);
    expect(exit.code).toBe(0);
    expect(a.events.at(-1)).toMatchObject({ status: 'done', type: 'status' });
    expect(a.events.some((e) => e.type === 'metric')).toBe(true);

    const peva = join(root, 'runner', 'out', 'run-int-1', 'peva_faas');
    const results = readFileSync(join(peva, 'results.csv'), 'utf8').trim().split('\n');
    expect(results).toHaveLength(2);
    expect(results[0]).toMatch(/^function_figlet,rate_function_figlet,.*,rest_seconds,overloaded_node\r$/);
    expect(readFileSync(join(peva, 'index.csv'), 'utf8')).toBe(
      "functions;rates;results_file\r\n['figlet'];[20];results.csv\r\n",
    );
    expect(readFileSync(join(peva, 'skipped.csv'), 'utf8')).toBe('function_figlet,rate_function_figlet\r\n');
    expect(readFileSync(join(peva, 'results-lbweb.csv'), 'utf8').trim().split('\n')).toHaveLength(2);
    expect(readdirSync(join(peva, 'metrics')).length).toBe(1);
    expect(existsSync(`${memoryPath()}.wal`)).toBe(false);

    const db = await readDb(memoryPath());
    const events = await db.q('SELECT payload_json::VARCHAR AS p FROM execution_events');
    expect(events).toHaveLength(1);
    // lb's json.dumps text: bare NaN (power is not measured) is Python's, not JSON's.
    expect(String(events[0]!.p)).toMatch(/^\{"result_row": \{"function_figlet": "figlet", /);
    expect(String(events[0]!.p)).toMatch(/"power_usage_node": NaN/);
    const payload = parseTolerantJson(String(events[0]!.p)) as {
      metrics: { cpu_usage_node: unknown };
      result_row: Record<string, unknown>;
    };
    expect(typeof payload.metrics.cpu_usage_node).toBe('number');
    // lb's row (result_builder.py): the function's columns, then the node's.
    expect(payload.result_row).toMatchObject({ function_figlet: 'figlet', rate_function_figlet: 20, rest_seconds: 0 });
    expect(Object.keys(payload.result_row).at(-1)).toBe('overloaded_node');
    expect(a.events.find((e) => e.phase === 'baseline' && e.message.startsWith('baseline:'))?.message).toMatch(
      /% of one core \(.*% of \d+-core capacity\)/,
    );
    const counts = await db.q(`SELECT
      (SELECT count(*) FROM config_catalog) AS catalog,
      (SELECT count(*) FROM k6_raw_summaries) AS summaries,
      (SELECT count(*) FROM execution_results) AS typed,
      (SELECT status FROM run_sessions WHERE run_id = 'run-int-1') AS session`);
    db.close();
    expect(counts[0]).toMatchObject({ catalog: '1', summaries: '1', typed: '1', session: 'finished' });

    const wasm = await openWithDuckDbWasm(memoryPath());
    const wasmCounts = await wasm.query(
      'SELECT (SELECT count(*) FROM execution_events) AS e, (SELECT count(*) FROM execution_results) AS t',
    );
    await wasm.close();
    expect(Number(wasmCounts[0]!.e)).toBe(1);
    expect(Number(wasmCounts[0]!.t)).toBe(1);
  }, 120_000);

  it('resumes: a second run leaves out the configuration already in memory (lb: not selected) and says so', async () => {
    const a = launchAgent(
      spec('run-int-2', {
        functions: [{ name: 'figlet' }],
        rate_strategy: { type: 'custom', rates: [20] },
        duration: '10s',
        iterations: 1,
        cooldown: quickCooldown,
      }),
    );
    expect((await a.proc.exited).code).toBe(0);
    // lb's scheduler drops a configuration already seen before its loop: no outcome, no
    // skipped.csv row, not in "config i/n"; lb-web says so in one setup log event.
    expect(a.events.some((e) => e.data?.outcome !== undefined)).toBe(false);
    const notSelected = a.events.find((e) => e.phase === 'setup' && e.data?.not_selected !== undefined);
    expect(notSelected).toMatchObject({
      type: 'log',
      data: { not_selected: 1, not_selected_in_memory: 1, not_selected_in_index: 0, configs_total: 0 },
    });
    expect(notSelected?.message).toMatch(/1 of 1 configurations already seen, not selected/);
    expect(a.events.some((e) => e.type === 'metric')).toBe(false);
    const peva = join(root, 'runner', 'out', 'run-int-2', 'peva_faas');
    expect(readFileSync(join(peva, 'skipped.csv'), 'utf8')).toBe('function_figlet,rate_function_figlet\r\n');
  }, 90_000);

  it("exports lb's Parquet checkpoint at the end and a fresh memory preloads it (memory.*_parquet_dir)", async () => {
    const base = {
      functions: [{ name: 'figlet' }],
      rate_strategy: { type: 'custom', rates: [20] },
      duration: '10s',
      iterations: 1,
      cooldown: quickCooldown,
    };
    const exporting = launchAgent(
      spec('run-int-parquet-1', {
        ...base,
        memory: { export_core_parquet_dir: 'ckpt/core', export_raw_debug_parquet_dir: 'ckpt/debug' },
      }),
    );
    expect((await exporting.proc.exited).code).toBe(0);
    const core = readdirSync(join(lbWorkdir(), 'ckpt', 'core')).sort();
    expect(core).toEqual(
      expect.arrayContaining(['config_catalog.parquet', 'execution_events.parquet', 'memory_schema_meta.parquet']),
    );
    expect(readdirSync(join(lbWorkdir(), 'ckpt', 'debug'))).toEqual(['k6_raw_summaries.parquet']);

    // A fresh file (the old one moved aside) filled from the checkpoint: the configuration is seen.
    const preloading = launchAgent(
      spec('run-int-parquet-2', { ...base, memory: { fresh: true, preload_core_parquet_dir: 'ckpt/core' } }),
    );
    expect((await preloading.proc.exited).code).toBe(0);
    const notSelected = preloading.events.find((e) => e.phase === 'setup' && e.data?.not_selected !== undefined);
    expect(notSelected?.data).toMatchObject({ not_selected: 1, not_selected_in_memory: 1 });
  }, 90_000);

  it('stops within 5 s on STOP, checkpoints DuckDB and leaves no process', async () => {
    const a = launchAgent(
      spec('run-int-3', {
        functions: [{ name: 'env' }],
        rate_strategy: { type: 'custom', rates: [5, 10] },
        duration: '1m',
        iterations: 2,
        cooldown: quickCooldown,
      }),
    );
    await a.waitForEvent((e) => e.status === 'running' && e.phase === 'load', 90_000);
    await new Promise((r) => setTimeout(r, 1500));
    writeFileSync(join(lbWorkdir(), 'STOP'), '');
    const t0 = Date.now();
    const exit = await a.proc.exited;
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(exit.code).toBe(3);
    expect(isPidAlive(a.proc.pid)).toBe(false);
    expect(a.events.at(-1)).toMatchObject({ status: 'stopped' });
    expect(existsSync(`${memoryPath()}.wal`)).toBe(false);
    const db = await readDb(memoryPath());
    const rows = await db.q(`SELECT status FROM run_sessions WHERE run_id = 'run-int-3'`);
    const partial = await db.q(`SELECT count(*) AS n FROM execution_events WHERE run_id = 'run-int-3'`);
    db.close();
    expect(rows[0]?.status).toBe('stopped');
    expect(partial[0]?.n).toBe('0');
  }, 120_000);

  it('fails an unknown function with the gateway answer and goes on with the next config', async () => {
    const a = launchAgent(
      spec('run-int-4', {
        functions: [{ name: 'figlet' }, { name: 'nope-fn' }],
        rate_strategy: { type: 'custom', rates: [3] },
        duration: '2s',
        iterations: 1,
        cooldown: quickCooldown,
        memory: { fresh: true },
      }),
    );
    expect((await a.proc.exited).code).toBe(0);
    const failed = a.events.find((e) => e.data?.outcome === 'failed');
    expect(failed).toMatchObject({ type: 'log', level: 'ERROR' });
    expect(failed?.message).toMatch(/nope-fn.*404/);
    expect(a.events.filter((e) => e.phase === 'config_done')).toHaveLength(1);
  }, 90_000);

  it('fails fast with the URL when Prometheus is unreachable', async () => {
    const t0 = Date.now();
    const a = launchAgent(
      spec(
        'run-int-5',
        {
          functions: [{ name: 'figlet' }],
          rate_strategy: { type: 'custom', rates: [3] },
          duration: '2s',
          iterations: 1,
          memory: { fresh: true },
        },
        { prometheus_url: 'http://127.0.0.1:9' },
      ),
    );
    expect((await a.proc.exited).code).toBe(1);
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(a.events.at(-1)?.message).toMatch(/127\.0\.0\.1:9/);
  }, 60_000);
});
