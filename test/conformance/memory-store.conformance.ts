// lb's DuckDB memory (services/memory_store.py, memory_engine.py, memory_checkpoint.py)
// against server/peva/memory-schema.ts and memory-store.ts, read back through DuckDB itself:
// same tables/columns/types/keys, same rows (and the same JSON text) for the same event, the
// same Parquet checkpoints and the same policy updates.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseTolerantJson } from '@/lib/contract/tolerant-json';
import { configId } from '@/server/peva/enumeration';
import { LB_SCHEMA_DDL } from '@/server/peva/memory-schema';
import {
  MemoryStore,
  type ExecutionRecord,
  type MemoryStoreOptions,
  type PolicyAlgorithm,
} from '@/server/peva/memory-store';
import { casesOf, Diffs, expectSame, loadFixture, title } from './support/fixtures';

const file = loadFixture('memory-store');

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'lb-conformance-'));
  dirs.push(d);
  return d;
}
const tempFile = (): string => join(tempDir(), 'mem.duckdb');

async function withDb<T>(path: string, fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(path);
  const conn = await instance.connect();
  try {
    return await fn(conn);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
const rows = async (c: DuckDBConnection, sql: string) => (await c.runAndReadAll(sql)).getRowObjectsJson();

interface Table {
  columns: Array<{ name: string; type: string; nullable: boolean }>;
  keys: Array<{ type: string; columns: string[] }>;
}

/** The same catalogue queries the generator ran against lb's file. */
async function schemaOf(c: DuckDBConnection): Promise<Record<string, Table>> {
  const tables: Record<string, Table> = {};
  const cols = await rows(
    c,
    'SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns ORDER BY table_name, ordinal_position',
  );
  for (const r of cols) {
    const t = (tables[String(r.table_name)] ??= { columns: [], keys: [] });
    t.columns.push({ name: String(r.column_name), type: String(r.data_type), nullable: r.is_nullable === 'YES' });
  }
  const cons = await rows(
    c,
    "SELECT table_name, constraint_type, array_to_string(constraint_column_names, ',') AS cols FROM duckdb_constraints() " +
      "WHERE constraint_type IN ('PRIMARY KEY', 'UNIQUE') ORDER BY table_name, constraint_type, constraint_index",
  );
  for (const r of cons) {
    tables[String(r.table_name)]?.keys.push({ type: String(r.constraint_type), columns: String(r.cols).split(',') });
  }
  return tables;
}

describe('memory store: schema', () => {
  for (const c of casesOf<unknown, { tables: Record<string, Table> }>(file, 'schema')) {
    it(title(c), async () => {
      const ours = await withDb(':memory:', async (conn) => {
        for (const ddl of LB_SCHEMA_DDL) await conn.run(ddl);
        return schemaOf(conn);
      });
      const diffs = new Diffs();
      for (const [name, lb] of Object.entries(c.expected.tables)) diffs.check(ours[name], lb, `table ${name}`);
      diffs.assert();
    });
  }
  for (const c of casesOf<unknown, { schema_version: string; rows: number }>(file, 'schema_meta')) {
    it(title(c), async () => {
      const path = tempFile();
      await (await MemoryStore.open(path)).close();
      const meta = await withDb(path, (conn) =>
        rows(conn, 'SELECT schema_version, count(*) OVER () AS n FROM memory_schema_meta'),
      );
      expectSame(
        { schema_version: meta[0]?.schema_version, rows: Number(meta[0]?.n) },
        c.expected,
        'memory_schema_meta',
      );
    });
  }
  for (const c of casesOf<{ file_schema_version: string }, { refused: boolean }>(file, 'schema_mismatch')) {
    it(title(c), async () => {
      const path = tempFile();
      await withDb(path, async (conn) => {
        for (const ddl of LB_SCHEMA_DDL) await conn.run(ddl);
        await conn.run(`INSERT INTO memory_schema_meta VALUES ('${c.input.file_schema_version}', now(), now())`);
      });
      const refused = await MemoryStore.open(path).then(
        async (s) => (await s.close(), false),
        () => true,
      );
      expectSame(refused, c.expected.refused, `file of schema ${c.input.file_schema_version} refused`);
    });
  }
});

/** One event as lb's ExecutionEvent carries it; `summary_text` is k6's summary.json. */
interface EventIn {
  run_id: string;
  config_pairs: Array<[string, number]>;
  iteration: number;
  repetition: number;
  start_ts: number;
  end_ts: number;
  result_row: unknown;
  metrics: unknown;
  summary_text: string;
}

/** What the agent stores for one iteration (server/agent/iteration.ts): the config, then the event. */
async function recordEvent(store: MemoryStore, inp: EventIn): Promise<void> {
  const pairs = inp.config_pairs.map(([name, rate]) => ({ name, rate })).sort((a, b) => (a.name < b.name ? -1 : 1));
  const [functions, rates] = [pairs.map((p) => p.name), pairs.map((p) => p.rate)];
  const id = configId(pairs);
  await store.recordConfig({ configId: id, functions, rates, pairs });
  await store.recordExecution({
    configId: id,
    iteration: inp.iteration,
    repetition: inp.repetition,
    runId: inp.run_id,
    functions,
    rates,
    startTs: inp.start_ts,
    endTs: inp.end_ts,
    // The load drivers read summary.json with JSON.parse (server/agent/load/k6-driver.ts).
    payload: { result_row: inp.result_row, metrics: inp.metrics, summary: JSON.parse(inp.summary_text) as unknown },
  });
}

describe('memory store: rows of one event', () => {
  type Row = Record<string, unknown>;
  type Lb = { execution_events: Row[]; config_catalog: Row[] };
  const JSON_COLUMNS = new Set([
    'config_functions',
    'config_rates',
    'payload_json',
    'functions',
    'rates',
    'config_json',
  ]);

  async function ourRows(inp: EventIn): Promise<Lb> {
    const path = tempFile();
    const store = await MemoryStore.open(path);
    await recordEvent(store, inp);
    await store.close();
    return withDb(path, async (conn) => ({
      execution_events: await rows(
        conn,
        'SELECT config_id, iteration, repetition, run_id, CAST(config_functions AS VARCHAR) AS config_functions, ' +
          'CAST(config_rates AS VARCHAR) AS config_rates, start_ts, end_ts, duration_s, skip_reason, ' +
          'CAST(payload_json AS VARCHAR) AS payload_json FROM execution_events',
      ),
      config_catalog: await rows(
        conn,
        'SELECT config_id, CAST(functions AS VARCHAR) AS functions, CAST(rates AS VARCHAR) AS rates, ' +
          'CAST(config_json AS VARCHAR) AS config_json, n_functions, sum_rate FROM config_catalog',
      ),
    }));
  }

  function compare(ours: Lb, lb: Lb, exactJson: boolean): void {
    const diffs = new Diffs();
    for (const table of ['execution_events', 'config_catalog'] as const) {
      diffs.check(ours[table].length, lb[table].length, `${table} rows`);
      lb[table].forEach((lbRow, i) => {
        for (const [col, lbVal] of Object.entries(lbRow)) {
          const mine = ours[table][i]?.[col];
          if (JSON_COLUMNS.has(col)) {
            if (exactJson) diffs.check(mine, lbVal, `${table}.${col} text`);
            else diffs.check(parseTolerantJson(String(mine)), parseTolerantJson(String(lbVal)), `${table}.${col}`);
          } else if (!exactJson)
            diffs.check(
              mine === null ? null : typeof lbVal === 'number' ? Number(mine) : mine,
              lbVal,
              `${table}.${col}`,
            );
        }
      });
    }
    diffs.assert();
  }

  for (const c of casesOf<EventIn, Lb>(file, 'event_rows')) {
    it(`${title(c)} › values`, async () => compare(await ourRows(c.input), c.expected, false));
    it(`${title(c)} › exact JSON text`, async () => compare(await ourRows(c.input), c.expected, true));
  }
});

/** lb's ParquetCheckpoint.CORE_TABLES and DEBUG_TABLES. */
const LB_CORE_TABLES = ['memory_schema_meta', 'run_sessions', 'config_catalog', 'execution_events', 'policy_updates'];
const LB_CHECKPOINT_TABLES = [...LB_CORE_TABLES, 'k6_raw_summaries'];

/** A file with the event and one k6 summary, closed with lb's export directories set. */
async function exportedStore(event: EventIn): Promise<{ path: string; core: string; debug: string }> {
  const root = tempDir();
  const [path, core, debug] = [join(root, 'mem.duckdb'), join(root, 'core'), join(root, 'debug')];
  const store = await MemoryStore.open(path, { parquet: { exportCoreDir: core, exportDebugDir: debug } });
  await recordEvent(store, event);
  await store.recordK6Summary({ configId: 'cfg', iteration: 1, repetition: 1, runId: event.run_id, summary: {} });
  await store.close();
  return { path, core, debug };
}

const tableCounts = (path: string): Promise<Record<string, number>> =>
  withDb(path, async (conn) => {
    const out: Record<string, number> = {};
    for (const t of LB_CHECKPOINT_TABLES) out[t] = Number((await rows(conn, `SELECT count(*) AS n FROM ${t}`))[0]?.n);
    return out;
  });

describe('memory store: Parquet checkpoints', () => {
  for (const c of casesOf<{ event: EventIn }, { core_files: string[]; debug_files: string[] }>(
    file,
    'parquet_export',
  )) {
    it(title(c), async () => {
      const { core, debug } = await exportedStore(c.input.event);
      expectSame(
        { core_files: readdirSync(core).sort(), debug_files: readdirSync(debug).sort() },
        c.expected,
        'exported files',
      );
    });
  }

  type Preloaded = { ok: boolean; error?: { message: string }; counts: Record<string, number> };
  for (const c of casesOf<{ event: EventIn; source: string }, Preloaded>(file, 'parquet_preload')) {
    it(title(c), async () => {
      const exported = await exportedStore(c.input.event);
      let source = { core: exported.core, debug: exported.debug }[c.input.source];
      if (c.input.source === 'other-schema') {
        // A core checkpoint whose memory_schema_meta says another version.
        const dir = (source = tempDir());
        await withDb(exported.path, async (conn) => {
          await conn.run("UPDATE memory_schema_meta SET schema_version = 'peva_faas_mem_v2'");
          for (const t of LB_CORE_TABLES) {
            await conn.run(`COPY (SELECT * FROM ${t}) TO '${join(dir, `${t}.parquet`)}' (FORMAT PARQUET)`);
          }
        });
      }
      if (!source || !existsSync(source)) expect.fail(`no checkpoint directory for ${c.input.source}`);
      const target = tempFile();
      await (await MemoryStore.open(target)).close();
      const opts: MemoryStoreOptions = { parquet: { preloadCoreDir: source } };
      const outcome: Omit<Preloaded, 'counts'> = await MemoryStore.open(target, opts).then(
        async (s) => (await s.close(), { ok: true }),
        (err: Error) => ({ ok: false, error: { message: err.message } }),
      );
      const diffs = new Diffs();
      diffs.check(outcome.ok, c.expected.ok, 'preloaded');
      diffs.check(outcome.error?.message, c.expected.error?.message, 'error');
      diffs.check(await tableCounts(target), c.expected.counts, 'rows after preload');
      diffs.assert();
    });
  }
});

describe('memory store: policy updates', () => {
  interface In {
    mode: 'online' | 'micro_batch';
    batch_size: number;
    window_s: number;
    event_times: number[];
    checkpoint: boolean;
    event: EventIn;
  }
  type Calls = { online: number; batch: number; batch_sizes: number[] };
  for (const c of casesOf<In, Calls>(file, 'policy_updates')) {
    it(title(c), async () => {
      const calls: Calls = { online: 0, batch: 0, batch_sizes: [] };
      const spy: PolicyAlgorithm = {
        updateOnline: () => void calls.online++,
        updateBatch: (events: ExecutionRecord[]) => void (calls.batch++, calls.batch_sizes.push(events.length)),
      };
      // lb's engine reads the clock once when built and once per micro_batch event.
      const times = [0, ...c.input.event_times];
      const store = await MemoryStore.open(tempFile(), {
        policy: {
          mode: c.input.mode,
          batchSize: c.input.batch_size,
          batchWindowS: c.input.window_s,
          algorithm: spy,
          now: () => times.shift() ?? expect.fail('clock read more often than lb reads it'),
        },
      });
      for (let i = 0; i < c.input.event_times.length; i++) {
        await recordEvent(store, { ...c.input.event, config_pairs: [['a', 10 * (i + 1)]] });
      }
      // lb-web's close() is lb's end-of-run engine checkpoint: without one, count before it.
      if (c.input.checkpoint) await store.close();
      const seen = structuredClone(calls);
      if (!c.input.checkpoint) await store.close();
      expectSame(seen, c.expected, `policy calls in ${c.input.mode} mode`);
    });
  }
});
