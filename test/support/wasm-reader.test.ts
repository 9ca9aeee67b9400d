import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '@/server/peva/memory-store';
import { parseTolerantJson } from '@/lib/contract/tolerant-json';
import { openWithDuckDbWasm, type WasmReader } from './wasm-reader';

// The browser explorer reads what the runner's @duckdb/node-api 1.5.6 wrote, with
// duckdb-wasm 1.32 (DuckDB 1.4.3): prove that on a real file, read-only, offline.
describe('openWithDuckDbWasm', () => {
  let dir: string;
  let file: string;
  let nodeCounts: Record<string, number>;
  let reader: WasmReader;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'peva-wasm-'));
    file = join(dir, 'peva_faas.duckdb');
    const store = await MemoryStore.open(file);
    await store.startSession({ runId: 'run-1', mode: 'peva_faas', configHash: 'h' });
    await store.recordConfig({
      configId: 'cfg1',
      functions: ['figlet'],
      rates: [20],
      pairs: [{ name: 'figlet', rate: 20 }],
    });
    await store.recordExecution({
      configId: 'cfg1',
      iteration: 1,
      repetition: 1,
      runId: 'run-1',
      functions: ['figlet'],
      rates: [20],
      startTs: 1,
      endTs: 11,
      payload: { result_row: { x: NaN }, metrics: { cpu_usage_node: 12.5 }, summary: {} },
    });
    await store.recordK6Summary({
      configId: 'cfg1',
      iteration: 1,
      repetition: 1,
      runId: 'run-1',
      summary: { metrics: {} },
    });
    await store.recordResults([
      {
        config_id: 'cfg1',
        iteration: 1,
        repetition: 1,
        run_id: 'run-1',
        function_name: 'figlet',
        rate: 20,
        success_rate: 1,
        requests: 2 ** 40,
        latency_avg_ms: 2,
        latency_p50_ms: 2,
        latency_p90_ms: 3,
        latency_p95_ms: 3,
        latency_p99_ms: 4,
        latency_max_ms: 5,
        replicas: 1,
        cpu_usage_function: 10,
        ram_usage_function: 1e7,
        cpu_usage_node: 12.5,
        ram_usage_node: 1e9,
        ram_usage_node_pct: 20,
        overloaded_function: false,
        overloaded_node: false,
        start_ts: 1,
        end_ts: 11,
        n_functions: 1,
        functions: ['figlet'],
      },
    ]);
    await store.endSession('run-1', 'finished');
    nodeCounts = await store.counts();
    await store.close();
    reader = await openWithDuckDbWasm(file);
  }, 60_000);

  afterAll(async () => {
    await reader?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs DuckDB 1.4.3 and sees every table with the node-api row counts', async () => {
    expect(await reader.query('SELECT version() AS v')).toEqual([{ v: 'v1.4.3' }]);
    const wasmCounts: Record<string, number> = {};
    for (const table of Object.keys(nodeCounts)) {
      const [row] = await reader.query(`SELECT count(*) AS n FROM ${table}`);
      wasmCounts[table] = Number(row?.n);
    }
    expect(wasmCounts).toEqual(nodeCounts);
    expect(nodeCounts.execution_events).toBe(1);
  });

  it('reads JSON columns as text without the json extension, and typed numbers', async () => {
    const [ev] = await reader.query('SELECT payload_json::VARCHAR AS p FROM execution_events');
    // lb's json.dumps text: bare NaN reads back through the tolerant parser, as the explorer does.
    expect(String(ev?.p)).toContain('"x": NaN');
    const payload = parseTolerantJson(String(ev?.p)) as {
      metrics: { cpu_usage_node: unknown };
      result_row: { x: unknown };
    };
    expect(typeof payload.metrics.cpu_usage_node).toBe('number');
    expect(payload.result_row.x).toBeNull();
    const [typed] = await reader.query('SELECT requests, rate, overloaded_node, functions FROM execution_results');
    expect(typed).toEqual({ requests: 2 ** 40, rate: 20, overloaded_node: false, functions: 'figlet' });
    const [s] = await reader.query('SELECT status FROM run_sessions');
    expect(s).toEqual({ status: 'finished' });
  });

  it('is read-only', async () => {
    await expect(reader.query("INSERT INTO run_sessions (run_id) VALUES ('x')")).rejects.toThrow(
      /read-only|read only/i,
    );
  });

  it('refuses a non-DuckDB file before instantiating wasm', async () => {
    const text = join(dir, 'notes.duckdb');
    writeFileSync(text, 'just text');
    await expect(openWithDuckDbWasm(text)).rejects.toThrow(
      /notes\.duckdb is not a readable DuckDB file \(not-duckdb\)/,
    );
  });
});
