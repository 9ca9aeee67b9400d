import { DuckDBInstance } from '@duckdb/node-api';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readDuckDbHeader } from '@/lib/contract/duckdb-header';
import { parseTolerantJson } from '@/lib/contract/tolerant-json';
import { MemoryStore, type ExecutionRecord, type ExecutionResultRow } from './memory-store';

// Contracts §9, verbatim (TEXT reads back as VARCHAR), plus our execution_results.
const EXPECTED: Record<string, string> = {
  memory_schema_meta: 'schema_version VARCHAR, created_at TIMESTAMP, updated_at TIMESTAMP',
  run_sessions:
    'run_id VARCHAR, started_at TIMESTAMP, ended_at TIMESTAMP, mode VARCHAR, batch_size_n INTEGER, batch_window_s INTEGER, config_hash VARCHAR, git_rev VARCHAR, status VARCHAR',
  config_catalog:
    'config_id VARCHAR, functions JSON, rates JSON, config_json JSON, n_functions INTEGER, sum_rate DOUBLE',
  execution_events:
    'config_id VARCHAR, iteration INTEGER, repetition INTEGER, run_id VARCHAR, config_functions JSON, config_rates JSON, start_ts DOUBLE, end_ts DOUBLE, duration_s DOUBLE, skip_reason VARCHAR, payload_json JSON',
  k6_raw_summaries:
    'config_id VARCHAR, iteration INTEGER, repetition INTEGER, run_id VARCHAR, summary_json JSON, summary_size_bytes BIGINT, ingested_at TIMESTAMP',
  policy_updates:
    'update_id VARCHAR, run_id VARCHAR, mode VARCHAR, records_seen BIGINT, score DOUBLE, loss DOUBLE, ts TIMESTAMP',
  execution_results:
    'config_id VARCHAR, iteration INTEGER, repetition INTEGER, run_id VARCHAR, function_name VARCHAR, rate DOUBLE, success_rate DOUBLE, requests BIGINT, latency_avg_ms DOUBLE, latency_p50_ms DOUBLE, latency_p90_ms DOUBLE, latency_p95_ms DOUBLE, latency_p99_ms DOUBLE, latency_max_ms DOUBLE, replicas INTEGER, cpu_usage_function DOUBLE, ram_usage_function DOUBLE, cpu_usage_node DOUBLE, ram_usage_node DOUBLE, ram_usage_node_pct DOUBLE, overloaded_function BOOLEAN, overloaded_node BOOLEAN, start_ts DOUBLE, end_ts DOUBLE, n_functions INTEGER, functions VARCHAR',
};
const EXPECTED_CONSTRAINTS = [
  'config_catalog PRIMARY KEY config_id',
  'execution_events UNIQUE config_id,iteration,repetition,run_id',
  'execution_results UNIQUE config_id,iteration,repetition,run_id,function_name',
  'k6_raw_summaries UNIQUE config_id,iteration,repetition,run_id',
  'policy_updates PRIMARY KEY update_id',
  'run_sessions PRIMARY KEY run_id',
];
// Explicit NOT NULLs of §9 plus the implied ones of the three primary keys.
const EXPECTED_NOT_NULL = [
  'config_catalog.config_id',
  'execution_events.config_id',
  'execution_events.iteration',
  'execution_events.repetition',
  'execution_events.run_id',
  'k6_raw_summaries.config_id',
  'k6_raw_summaries.iteration',
  'k6_raw_summaries.repetition',
  'k6_raw_summaries.run_id',
  'k6_raw_summaries.summary_json',
  'memory_schema_meta.created_at',
  'memory_schema_meta.schema_version',
  'memory_schema_meta.updated_at',
  'policy_updates.mode',
  'policy_updates.run_id',
  'policy_updates.ts',
  'policy_updates.update_id',
  'run_sessions.run_id',
];

/** Reads a closed file with a separate DuckDB instance: proves the data is in the file. */
async function inspect<T = Record<string, unknown>>(path: string, sql: string): Promise<T[]> {
  const inst = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  try {
    const conn = await inst.connect();
    const rows = (await conn.runAndReadAll(sql)).getRowObjectsJS() as T[];
    conn.closeSync();
    return rows;
  } finally {
    inst.closeSync();
  }
}

const row = (fn: string, over: Partial<ExecutionResultRow> = {}): ExecutionResultRow => ({
  config_id: 'cfg1',
  iteration: 1,
  repetition: 1,
  run_id: 'run-1',
  function_name: fn,
  rate: 20,
  success_rate: 1,
  requests: 200,
  latency_avg_ms: 3.5,
  latency_p50_ms: 3,
  latency_p90_ms: 5,
  latency_p95_ms: 6,
  latency_p99_ms: 9,
  latency_max_ms: 12,
  replicas: 1,
  cpu_usage_function: NaN,
  ram_usage_function: 1.5e7,
  cpu_usage_node: 42,
  ram_usage_node: 1e9,
  ram_usage_node_pct: 30,
  overloaded_function: false,
  overloaded_node: false,
  start_ts: 1000,
  end_ts: 1010,
  n_functions: 2,
  functions: ['env', 'figlet'],
  ...over,
});

const execution = (iteration: number, results?: ExecutionResultRow[]) => ({
  configId: 'cfg1',
  iteration,
  repetition: 1,
  runId: 'run-1',
  functions: ['figlet'],
  rates: [20],
  startTs: 1000.5,
  endTs: 1010.75,
  results,
  payload: {
    result_row: { function: 'figlet', cpu_usage_function: NaN },
    metrics: { cpu_usage_node: 42, power_usage_node: NaN },
    summary: {},
  },
});

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'peva-mem-'));
  file = join(dir, 'nested', 'memory', 'peva_faas.duckdb');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('MemoryStore', () => {
  it('creates parent dirs and every table with the exact §9 columns and constraints', async () => {
    const store = await MemoryStore.open(file);
    await store.close();
    const cols = await inspect<{ table_name: string; cols: string }>(
      file,
      `SELECT table_name, string_agg(column_name || ' ' || data_type, ', ' ORDER BY column_index) AS cols
       FROM duckdb_columns() WHERE database_name = current_database() GROUP BY table_name`,
    );
    expect(Object.fromEntries(cols.map((c) => [c.table_name, c.cols]))).toEqual(EXPECTED);
    const cons = await inspect<{ c: string }>(
      file,
      `SELECT table_name || ' ' || constraint_type || ' ' || array_to_string(constraint_column_names, ',') AS c
       FROM duckdb_constraints() WHERE constraint_type IN ('PRIMARY KEY', 'UNIQUE') ORDER BY c`,
    );
    expect(cons.map((r) => r.c)).toEqual(EXPECTED_CONSTRAINTS);
    const notNull = await inspect<{ c: string }>(
      file,
      `SELECT table_name || '.' || column_name AS c FROM duckdb_columns()
       WHERE NOT is_nullable AND table_name <> 'execution_results' ORDER BY c`,
    );
    expect(notNull.map((r) => r.c)).toEqual(EXPECTED_NOT_NULL);
    const meta = await inspect(file, 'SELECT schema_version FROM memory_schema_meta');
    expect(meta).toEqual([{ schema_version: 'peva_faas_mem_v1' }]);
  });

  it("writes session, config, execution (Python's json.dumps text), k6 summary and typed rows; ON CONFLICT keeps the first", async () => {
    const store = await MemoryStore.open(file);
    await store.startSession({ runId: 'run-1', mode: 'peva_faas', configHash: 'abc', gitRev: 'deadbeef' });
    expect(
      await store.recordConfig({
        configId: 'cfg1',
        functions: ['figlet'],
        rates: [20],
        pairs: [{ name: 'figlet', rate: 20 }],
      }),
    ).toBe(true);
    expect(await store.recordConfig({ configId: 'cfg1', functions: ['other'], rates: [1], pairs: [] })).toBe(false);
    expect(
      await store.recordExecution(execution(1, [row('figlet'), row('env', { requests: NaN, overloaded_node: null })])),
    ).toBe(true);
    expect(await store.recordExecution(execution(1))).toBe(false);
    const summary = { metrics: { latency_figlet: { avg: 3.5, 'p(95)': NaN } } };
    expect(
      await store.recordK6Summary({ configId: 'cfg1', iteration: 1, repetition: 1, runId: 'run-1', summary }),
    ).toBe(true);
    expect(
      await store.recordK6Summary({ configId: 'cfg1', iteration: 1, repetition: 1, runId: 'run-1', summary: {} }),
    ).toBe(false);
    expect(await store.recordResults([row('figlet', { rate: 999 }), row('figlet', { iteration: 2 })])).toBe(1);
    expect(await store.endSession('run-1', 'finished')).toBe(true);
    expect(await store.endSession('no-such-run', 'failed')).toBe(false);
    expect(await store.counts()).toEqual({
      memory_schema_meta: 1,
      run_sessions: 1,
      config_catalog: 1,
      execution_events: 1,
      k6_raw_summaries: 1,
      policy_updates: 0,
      execution_results: 3,
    });
    await store.close();

    const [session] = await inspect(
      file,
      'SELECT status, mode, config_hash, git_rev, started_at <= ended_at AS ordered FROM run_sessions',
    );
    expect(session).toEqual({
      status: 'finished',
      mode: 'peva_faas',
      config_hash: 'abc',
      git_rev: 'deadbeef',
      ordered: true,
    });
    const [cfg] = await inspect<{ config_json: string; n_functions: number; sum_rate: number }>(
      file,
      'SELECT config_json::VARCHAR AS config_json, n_functions, sum_rate FROM config_catalog',
    );
    // lb's config_pairs is a list of (function, rate) tuples: JSON arrays, not objects.
    expect(cfg!.config_json).toBe('{"functions": ["figlet"], "rates": [20], "config_pairs": [["figlet", 20]]}');
    expect([cfg!.n_functions, cfg!.sum_rate]).toEqual([1, 20]);
    const [ev] = await inspect<{ payload: string; duration_s: number; config_functions: string }>(
      file,
      'SELECT payload_json::VARCHAR AS payload, duration_s, config_functions::VARCHAR AS config_functions FROM execution_events',
    );
    // As lb's json.dumps: bare NaN, metrics as floats (42.0), ", " and ": " separators.
    expect(ev!.payload).toBe(
      '{"result_row": {"function": "figlet", "cpu_usage_function": NaN}, ' +
        '"metrics": {"cpu_usage_node": 42.0, "power_usage_node": NaN}, "summary": {}}',
    );
    expect(parseTolerantJson(ev!.payload)).toMatchObject({ metrics: { cpu_usage_node: 42, power_usage_node: null } });
    expect(ev!.duration_s).toBeCloseTo(10.25);
    expect(ev!.config_functions).toBe('["figlet"]');
    const [k6] = await inspect<{ s: string; size: bigint; at: unknown }>(
      file,
      'SELECT summary_json::VARCHAR AS s, summary_size_bytes AS size, ingested_at AS at FROM k6_raw_summaries',
    );
    expect(Number(k6!.size)).toBe(Buffer.byteLength(k6!.s));
    expect(k6!.s).toBe('{"metrics": {"latency_figlet": {"avg": 3.5, "p(95)": NaN}}}');
    expect(k6!.at).not.toBeNull();
    const typed = await inspect<Record<string, unknown>>(
      file,
      'SELECT * FROM execution_results ORDER BY iteration, function_name',
    );
    expect(typed.map((r) => [r.function_name, r.iteration, r.rate])).toEqual([
      ['env', 1, 20],
      ['figlet', 1, 20],
      ['figlet', 2, 20],
    ]);
    expect(typed[0]).toMatchObject({
      requests: null,
      overloaded_node: null,
      cpu_usage_function: null,
      functions: 'env,figlet',
    });
    expect(typed[1]).toMatchObject({
      requests: 200n,
      replicas: 1,
      latency_p99_ms: 9,
      overloaded_function: false,
      n_functions: 2,
    });
  });

  it('rolls back an execution event when its typed rows fail', async () => {
    const store = await MemoryStore.open(file);
    await expect(store.recordExecution(execution(1, [row('figlet', { iteration: NaN })]))).rejects.toThrow();
    expect((await store.counts()).execution_events).toBe(0);
    expect(await store.recordExecution(execution(1, [row('figlet')]))).toBe(true); // the connection is usable again
    await store.close();
  });

  it('serialises concurrent writers (one connection, one transaction at a time)', async () => {
    const store = await MemoryStore.open(file);
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((i) => store.recordExecution(execution(i, [row('figlet', { iteration: i })]))),
    );
    expect(results).toEqual([true, true, true, true, true]);
    expect(await store.counts()).toMatchObject({ execution_events: 5, execution_results: 5 });
    await store.checkpoint();
    // A copy of the .duckdb alone (what the controller fetches) holds every row once checkpointed.
    copyFileSync(file, join(dir, 'copy.duckdb'));
    expect(await inspect(join(dir, 'copy.duckdb'), 'SELECT count(*)::INTEGER AS n FROM execution_events')).toEqual([
      { n: 5 },
    ]);
    await Promise.all([store.close(), store.close()]);
    await expect(store.counts()).rejects.toThrow(/already closed/);
  });

  it('reopens for resume, writes memory_schema_meta once, leaves no .wal and a v64 header', async () => {
    const first = await MemoryStore.open(file);
    await first.recordConfig({
      configId: 'cfg1',
      functions: ['figlet'],
      rates: [20],
      pairs: [{ name: 'figlet', rate: 20 }],
    });
    await first.recordConfig({
      configId: 'cfg2',
      functions: ['figlet'],
      rates: [40],
      pairs: [{ name: 'figlet', rate: 40 }],
    });
    expect(existsSync(`${file}.wal`)).toBe(true); // recent rows live in the WAL until CHECKPOINT
    await first.close();
    expect(readdirSync(join(dir, 'nested', 'memory'))).toEqual(['peva_faas.duckdb']);
    expect(readDuckDbHeader(readFileSync(file))).toEqual({ ok: true, version: 64 });
    const rows = await inspect(file, 'SELECT config_id FROM config_catalog ORDER BY 1');
    expect(rows).toEqual([{ config_id: 'cfg1' }, { config_id: 'cfg2' }]);

    const again = await MemoryStore.open(file);
    expect(again.movedAside).toBeUndefined();
    expect(await again.knownConfigIds()).toEqual(new Set(['cfg1', 'cfg2']));
    expect((await again.counts()).memory_schema_meta).toBe(1);
    await again.close();
    // As lb does on every startup: created_at stays, updated_at moves to the latest open.
    const [meta] = await inspect<{ later: boolean }>(
      file,
      'SELECT updated_at > created_at AS later FROM memory_schema_meta',
    );
    expect(meta).toEqual({ later: true });
  });

  it('fresh moves the old file aside (never deletes it)', async () => {
    const first = await MemoryStore.open(file);
    await first.recordConfig({ configId: 'cfg1', functions: ['figlet'], rates: [20], pairs: [] });
    await first.close();
    const fresh = await MemoryStore.open(file, { fresh: true });
    expect(fresh.movedAside).toMatch(/peva_faas\.duckdb\.\d{8}T\d{9}Z\.bak$/);
    expect(await fresh.knownConfigIds()).toEqual(new Set());
    await fresh.close();
    expect(existsSync(fresh.movedAside!)).toBe(true);
    expect(await inspect(fresh.movedAside!, 'SELECT config_id FROM config_catalog')).toEqual([{ config_id: 'cfg1' }]);
  });

  it('refuses a file that is not DuckDB, naming the path and the fix', async () => {
    writeFileSync(join(dir, 'text.duckdb'), 'hello, this is a text file and not a database');
    await expect(MemoryStore.open(join(dir, 'text.duckdb'))).rejects.toThrow(
      /text\.duckdb: not a DuckDB file \(not-duckdb\).*fresh/,
    );
    writeFileSync(join(dir, 'empty.duckdb'), '');
    await expect(MemoryStore.open(join(dir, 'empty.duckdb'))).rejects.toThrow(/empty\.duckdb: the file is empty/);
  });
  it("updates lb's policy: online per event, micro_batch per batch or window and at close", async () => {
    const calls: string[] = [];
    const algorithm = {
      updateOnline: (e: ExecutionRecord) => void calls.push(`online ${e.iteration}`),
      updateBatch: (es: ExecutionRecord[]) => void calls.push(`batch ${es.map((e) => e.iteration).join(',')}`),
    };
    const online = await MemoryStore.open(file, {
      policy: { mode: 'online', batchSize: 8, batchWindowS: 30, algorithm },
    });
    await online.recordExecution(execution(1));
    await online.recordExecution(execution(1)); // already stored: lb updates the policy all the same
    await online.close();
    expect(calls.splice(0)).toEqual(['online 1', 'online 1']);

    let t = 0;
    const batched = await MemoryStore.open(join(dir, 'b.duckdb'), {
      policy: { mode: 'micro_batch', batchSize: 2, batchWindowS: 30, algorithm, now: () => t },
    });
    for (const [i, at] of [
      [1, 1],
      [2, 2],
      [3, 40],
      [4, 41],
    ] as const) {
      t = at;
      await batched.recordExecution(execution(i));
      if (i === 3) expect(calls).toEqual(['batch 1,2', 'batch 3']); // 40 - 2 >= 30: the window elapsed
    }
    await batched.close();
    expect(calls).toEqual(['batch 1,2', 'batch 3', 'batch 4']);
  });

  it("writes a policy_updates row in lb's columns for each update that reports what it learnt, none for NoOpPolicy", async () => {
    const quiet = await MemoryStore.open(file);
    await quiet.recordExecution(execution(1));
    await quiet.close();
    expect(await inspect(file, 'SELECT count(*)::INT AS n FROM policy_updates')).toEqual([{ n: 0 }]);

    const learning = {
      updateOnline: () => undefined,
      updateBatch: (es: ExecutionRecord[]) => ({ score: es.length / 4, loss: 10 }),
    };
    const batched = await MemoryStore.open(join(dir, 'p.duckdb'), {
      policy: { mode: 'micro_batch', batchSize: 2, batchWindowS: 300, algorithm: learning, now: () => 0 },
    });
    for (const i of [1, 2, 3]) await batched.recordExecution(execution(i));
    await batched.close(); // the pending third event goes to the policy at the checkpoint
    const rows = await inspect<Record<string, unknown>>(
      join(dir, 'p.duckdb'),
      'SELECT run_id, mode, records_seen::INT AS records_seen, score, loss, typeof(ts) AS ts_type, length(update_id)::INT AS id_len FROM policy_updates ORDER BY records_seen',
    );
    expect(rows).toEqual([
      { run_id: 'run-1', mode: 'micro_batch', records_seen: 2, score: 0.5, loss: 10, ts_type: 'TIMESTAMP', id_len: 36 },
      {
        run_id: 'run-1',
        mode: 'micro_batch',
        records_seen: 3,
        score: 0.25,
        loss: 10,
        ts_type: 'TIMESTAMP',
        id_len: 36,
      },
    ]);
  });

  it("exports lb's Parquet checkpoints at close and preloads the core tables at open", async () => {
    const [core, debug] = [join(dir, 'core'), join(dir, 'debug')];
    const store = await MemoryStore.open(file, { parquet: { exportCoreDir: core, exportDebugDir: debug } });
    await store.recordExecution(execution(1, [row('figlet')]));
    await store.recordK6Summary({ configId: 'cfg1', iteration: 1, repetition: 1, runId: 'run-1', summary: {} });
    await store.close();
    expect(readdirSync(core).sort()).toEqual([
      'config_catalog.parquet',
      'execution_events.parquet',
      'memory_schema_meta.parquet',
      'policy_updates.parquet',
      'run_sessions.parquet',
    ]);
    expect(readdirSync(debug)).toEqual(['k6_raw_summaries.parquet']);

    const target = join(dir, 'target.duckdb');
    const loaded = await MemoryStore.open(target, { parquet: { preloadCoreDir: core } });
    expect(await loaded.counts()).toMatchObject({ execution_events: 1, k6_raw_summaries: 0, execution_results: 0 });
    await loaded.close();
    // Without memory_schema_meta.parquet the preload is refused and the file keeps its rows.
    await expect(MemoryStore.open(target, { parquet: { preloadCoreDir: debug } })).rejects.toThrow(
      'Missing memory_schema_meta.parquet in preload directory',
    );
    // A directory that does not exist is no preload (lb checks `.exists()`).
    await (await MemoryStore.open(target, { parquet: { preloadCoreDir: join(dir, 'none') } })).close();
    expect(await inspect(target, 'SELECT count(*)::INTEGER AS n FROM execution_events')).toEqual([{ n: 1 }]);
  });
});
