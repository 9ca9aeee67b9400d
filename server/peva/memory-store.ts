// lb's DuckDB "memory" (schema peva_faas_mem_v1) on @duckdb/node-api, with what lb's
// InProcessMemoryEngine adds around its store (services/memory_engine.py): the policy updates
// of `selection_mode` and the Parquet checkpoints (services/memory_checkpoint.py). Every
// operation runs through one queue: a DuckDB connection has a single transaction, so two async
// writers interleaving BEGIN/COMMIT would corrupt each other's transactions.
// JSON columns hold the text of Python's json.dumps, byte for byte as lb writes it (", " and ": ",
// bare NaN, keys in insertion order): readers parse them with parseTolerantJson. Typed columns
// (execution_results) get NULL for NaN.
import 'server-only';
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import { mkdir, open as openFile, rename } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { nodeApiHeaderProblem } from '@/lib/contract/duckdb-header';
import { ALL_TABLES, MEMORY_SCHEMA_VERSION, type MemoryTable } from '@/lib/contract/memory-tables';
import { pythonJsonDumps } from './config-hash';
import {
  applySchema,
  nowTs,
  RESULTS_INSERT_SQL,
  resultRowValues,
  type ExecutionRecord,
  type ExecutionResultRow,
} from './memory-schema';
import { pyFloat } from './python-format';
import type { PolicyAlgorithm as FullPolicy, PolicyUpdateSummary } from './policy/policy-contract';
import { randomUUID } from 'node:crypto';

export { type ExecutionRecord, type ExecutionResultRow };
export type SessionStatus = 'running' | 'finished' | 'stopped' | 'failed';

/** lb's `json.dumps(value)`: the text lb stores in its JSON columns. */
export const lbJson = (value: unknown): string => pythonJsonDumps(value);

/**
 * lb's metrics dict holds Python floats only (MetricsCollector: Prometheus values, NaN when
 * missing), so json.dumps writes 2.0e9 as "2000000000.0": every number is marked a float.
 */
export function asPythonFloats(value: unknown): unknown {
  if (typeof value === 'number') return pyFloat(value);
  if (Array.isArray(value)) return value.map(asPythonFloats);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asPythonFloats(v)]));
  }
  return value;
}

/** lb's PolicyAlgorithm (services/contracts.py) as the memory engine calls it (its update half). */
export type PolicyAlgorithm = Pick<FullPolicy, 'updateOnline' | 'updateBatch'>;

/** lb's NoOpPolicy (services/algorithm_loader.py), its policy without `algorithm_entrypoint`. */
export const NO_OP_POLICY: PolicyAlgorithm = { updateOnline: () => undefined, updateBatch: () => undefined };

/** lb's `selection_mode`, `micro_batch_size`, `micro_batch_window_s` and loaded policy. */
export interface PolicySettings {
  mode: 'online' | 'micro_batch';
  batchSize: number;
  batchWindowS: number;
  algorithm: PolicyAlgorithm;
  /** Epoch seconds (lb's time.time()); tests pass their own clock. */
  now?: () => number;
}

/** lb's defaults (DfaasConfig): online, 8 events, 30 s, NoOpPolicy. */
export const DEFAULT_POLICY: PolicySettings = {
  mode: 'online',
  batchSize: 8,
  batchWindowS: 30,
  algorithm: NO_OP_POLICY,
};

/** lb's ParquetCheckpoint.CORE_TABLES / DEBUG_TABLES (execution_results, ours, is in neither). */
export const PARQUET_CORE_TABLES = [
  'memory_schema_meta',
  'run_sessions',
  'config_catalog',
  'execution_events',
  'policy_updates',
] as const;
export const PARQUET_DEBUG_TABLES = ['k6_raw_summaries'] as const;

/** lb's `memory.preload_core_parquet_dir`, `export_core_parquet_dir`, `export_raw_debug_parquet_dir`. */
export interface ParquetSettings {
  /** Imported at open when the directory exists (lb's engine startup). */
  preloadCoreDir?: string;
  /** Written at close, only when both are set (lb's engine checkpoint). */
  exportCoreDir?: string;
  exportDebugDir?: string;
}

export interface MemoryStoreOptions {
  fresh?: boolean;
  policy?: PolicySettings;
  parquet?: ParquetSettings;
}

export class MemoryStore {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private closing: Promise<void> | undefined;
  private readonly policy: PolicySettings;
  private readonly parquet: ParquetSettings;
  private pendingEvents: ExecutionRecord[] = [];
  private lastUpdateTs: number;
  /** Events given to the policy so far (a policy_updates row's records_seen). */
  private eventsSeen = 0;

  private constructor(
    readonly path: string,
    /** Where a previous file was moved by `fresh` (undefined when none was). */
    readonly movedAside: string | undefined,
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    opts: MemoryStoreOptions,
  ) {
    this.policy = opts.policy ?? DEFAULT_POLICY;
    this.parquet = opts.parquet ?? {};
    this.lastUpdateTs = this.clock();
  }

  static async open(path: string, opts: MemoryStoreOptions = {}): Promise<MemoryStore> {
    const file = resolve(path);
    await mkdir(dirname(file), { recursive: true });
    let movedAside: string | undefined;
    if (opts.fresh && existsSync(file)) {
      const stamp = new Date().toISOString().replace(/[-:.]/g, '');
      movedAside = join(dirname(file), `${basename(file)}.${stamp}.bak`);
      await rename(file, movedAside);
      // The WAL belongs to the moved file: keep it beside it so the backup stays complete.
      if (existsSync(`${file}.wal`)) await rename(`${file}.wal`, `${movedAside}.wal`);
    } else if (existsSync(file)) {
      await assertReadableHeader(file);
    }
    const instance = await DuckDBInstance.create(file).catch((err: unknown) => {
      throw new Error(`cannot open DuckDB memory file ${file}: ${(err as Error).message}`, { cause: err });
    });
    const store = new MemoryStore(file, movedAside, instance, await instance.connect(), opts);
    try {
      await store.tx((c) => applySchema(c, file));
      const preload = opts.parquet?.preloadCoreDir;
      if (preload && existsSync(preload)) await store.preloadCoreParquet(preload);
    } catch (err) {
      await store.close().catch(() => undefined);
      throw err;
    }
    return store;
  }

  /** A rerun of the same run id restarts its row (status back to running). */
  async startSession(s: { runId: string; mode: string; configHash: string; gitRev?: string | null }): Promise<void> {
    await this.write(
      `INSERT INTO run_sessions (run_id, started_at, ended_at, mode, config_hash, git_rev, status)
       VALUES ($1, $2::TIMESTAMP, NULL, $3, $4, $5, 'running')
       ON CONFLICT (run_id) DO UPDATE SET started_at = excluded.started_at, ended_at = NULL, mode = excluded.mode,
         config_hash = excluded.config_hash, git_rev = excluded.git_rev, status = 'running'`,
      [s.runId, nowTs(), s.mode, s.configHash, s.gitRev ?? null],
    );
  }

  /** Returns false when no session row exists for `runId`. */
  async endSession(runId: string, status: Exclude<SessionStatus, 'running'>): Promise<boolean> {
    return this.write('UPDATE run_sessions SET ended_at = $1::TIMESTAMP, status = $2 WHERE run_id = $3', [
      nowTs(),
      status,
      runId,
    ]);
  }

  async knownConfigIds(): Promise<Set<string>> {
    const reader = await this.exclusive((c) => c.runAndReadAll('SELECT config_id FROM config_catalog'));
    return new Set(reader.getRowObjects().map((r) => String(r.config_id)));
  }

  /** Returns true when the config was new. */
  async recordConfig(cfg: {
    configId: string;
    functions: string[];
    rates: number[];
    pairs: Array<{ name: string; rate: number }>;
  }): Promise<boolean> {
    // lb's config_pairs is `list[tuple[str, int]]`, which json.dumps writes as [["name", rate], …];
    // keep that shape so lb reads our catalog (and our readers get lb's) unchanged.
    const configPairs = cfg.pairs.map((p) => [p.name, p.rate]);
    const configJson = lbJson({ functions: cfg.functions, rates: cfg.rates, config_pairs: configPairs });
    const sumRate = cfg.rates.reduce((a, b) => a + b, 0);
    return this.write('INSERT INTO config_catalog VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING', [
      cfg.configId,
      lbJson(cfg.functions),
      lbJson(cfg.rates),
      configJson,
      cfg.functions.length,
      sumRate,
    ]);
  }

  /**
   * Returns true when the event was new (its typed rows are written with it). Then, as lb's
   * engine `ingest_event`, the policy is updated (every event, new or not).
   */
  async recordExecution(e: ExecutionRecord): Promise<boolean> {
    const payload = {
      result_row: e.payload.result_row,
      metrics: asPythonFloats(e.payload.metrics),
      summary: e.payload.summary,
    };
    const inserted = await this.tx(async (c) => {
      const r = await c.run(
        'INSERT INTO execution_events VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING',
        [
          e.configId,
          e.iteration,
          e.repetition,
          e.runId,
          lbJson(e.functions),
          lbJson(e.rates),
          e.startTs,
          e.endTs,
          Math.max(0, e.endTs - e.startTs),
          e.skipReason ?? null,
          lbJson(payload),
        ],
      );
      if (e.results?.length) await insertResults(c, e.results);
      return r.rowsChanged > 0;
    });
    await this.updatePolicy(e);
    return inserted;
  }

  /** lb's engine: online → one update per event; micro_batch → at batch size or window, then reset. */
  private async updatePolicy(e: ExecutionRecord): Promise<void> {
    const { mode, batchSize, batchWindowS, algorithm } = this.policy;
    if (mode === 'online') {
      this.eventsSeen++;
      await this.recordPolicyUpdate(await algorithm.updateOnline(e), e.runId);
      return;
    }
    this.pendingEvents.push(e);
    const now = this.clock();
    if (this.pendingEvents.length >= batchSize || now - this.lastUpdateTs >= batchWindowS) {
      this.lastUpdateTs = now;
      await this.flushPendingUpdates();
    }
  }

  /**
   * The pending micro-batch goes to the policy now (lb does it only at batch size, window or
   * checkpoint; lb-web's loop also does it before it asks the policy for its next batch).
   */
  async flushPendingUpdates(conn?: DuckDBConnection): Promise<void> {
    if (this.policy.mode !== 'micro_batch' || this.pendingEvents.length === 0) return;
    const batch = this.pendingEvents;
    this.pendingEvents = [];
    this.eventsSeen += batch.length;
    await this.recordPolicyUpdate(await this.policy.algorithm.updateBatch(batch), batch[0]!.runId, conn);
  }

  /** A `policy_updates` row (lb's columns) for an update that returned what it learnt. */
  private async recordPolicyUpdate(
    summary: void | PolicyUpdateSummary,
    runId: string,
    conn?: DuckDBConnection,
  ): Promise<void> {
    if (!summary) return;
    const sql = 'INSERT INTO policy_updates VALUES ($1, $2, $3, $4, $5, $6, $7::TIMESTAMP)';
    const values: DuckDBValue[] = [
      randomUUID(),
      runId,
      this.policy.mode,
      this.eventsSeen,
      summary.score,
      summary.loss,
      nowTs(),
    ];
    // Inside checkpointOn the queue is already held: write on its connection, not through it.
    if (conn) await conn.run(sql, values);
    else await this.write(sql, values);
  }

  private clock(): number {
    return this.policy.now ? this.policy.now() : Date.now() / 1000;
  }

  /**
   * lb's engine `checkpoint()` (at the end of a run): the pending micro-batch goes to the policy,
   * then the Parquet export when both export directories are set. `close()` does it first.
   */
  flushCheckpoint(): Promise<void> {
    return this.exclusive((c) => this.checkpointOn(c));
  }

  private async checkpointOn(c: DuckDBConnection): Promise<void> {
    await this.flushPendingUpdates(c);
    const { exportCoreDir, exportDebugDir } = this.parquet;
    if (exportCoreDir && exportDebugDir) {
      await exportTables(c, PARQUET_CORE_TABLES, exportCoreDir);
      await exportTables(c, PARQUET_DEBUG_TABLES, exportDebugDir);
    }
  }

  /** lb's `ParquetCheckpoint._export_tables`: one `<table>.parquet` per table in `dir`. */
  exportParquet(tables: readonly MemoryTable[], dir: string): Promise<void> {
    return this.exclusive((c) => exportTables(c, tables, dir));
  }

  /**
   * lb's `ParquetCheckpoint.preload_core`: memory_schema_meta.parquet must be there and hold this
   * schema version; then each core table with a file is replaced by the file's rows.
   */
  async preloadCoreParquet(dir: string): Promise<void> {
    const metaFile = join(dir, 'memory_schema_meta.parquet');
    if (!existsSync(metaFile)) throw new Error('Missing memory_schema_meta.parquet in preload directory');
    await this.tx(async (c) => {
      const row = (
        await c.runAndReadAll('SELECT schema_version FROM read_parquet($1) LIMIT 1', [metaFile])
      ).getRowObjects()[0];
      if (!row) throw new Error('Invalid memory_schema_meta.parquet: missing schema_version');
      if (String(row.schema_version) !== MEMORY_SCHEMA_VERSION) {
        throw new Error(
          `schema_version mismatch: expected=${MEMORY_SCHEMA_VERSION} actual=${String(row.schema_version)}`,
        );
      }
      for (const t of PARQUET_CORE_TABLES) {
        const file = join(dir, `${t}.parquet`);
        if (!existsSync(file)) continue;
        await c.run(`DELETE FROM ${t}`);
        await c.run(`INSERT INTO ${t} BY NAME SELECT * FROM read_parquet($1)`, [file]);
      }
    });
  }

  async recordK6Summary(k: {
    configId: string;
    iteration: number;
    repetition: number;
    runId: string;
    summary: unknown;
  }): Promise<boolean> {
    const json = lbJson(k.summary ?? null);
    const size = BigInt(new TextEncoder().encode(json).byteLength);
    return this.write(
      'INSERT INTO k6_raw_summaries VALUES ($1, $2, $3, $4, $5, $6, $7::TIMESTAMP) ON CONFLICT DO NOTHING',
      [k.configId, k.iteration, k.repetition, k.runId, json, size, nowTs()],
    );
  }

  /** Returns how many rows were new. */
  async recordResults(rows: ExecutionResultRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    return this.tx((c) => insertResults(c, rows));
  }

  async counts(): Promise<Record<MemoryTable, number>> {
    return this.exclusive(async (c) => {
      const out = {} as Record<MemoryTable, number>;
      for (const t of ALL_TABLES) {
        const row = (await c.runAndReadAll(`SELECT count(*) AS n FROM ${t}`)).getRowObjects()[0];
        out[t] = Number(row?.n ?? 0);
      }
      return out;
    });
  }

  /** Moves the WAL into the .duckdb file, so a copy of that file alone holds every row. */
  async checkpoint(): Promise<void> {
    await this.exclusive((c) => c.run('CHECKPOINT'));
  }

  /**
   * lb's end-of-run checkpoint (flushCheckpoint), then CHECKPOINT and close, after queued writes;
   * idempotent; later calls fail with "closed". The file is closed even when the flush fails
   * (the flush's error is thrown afterwards: lb logs it as a warning).
   */
  close(): Promise<void> {
    this.closing ??= this.queue.then(async () => {
      let flushError: unknown;
      await this.checkpointOn(this.conn).catch((err: unknown) => (flushError = err));
      this.closed = true;
      await this.conn.run('CHECKPOINT').finally(() => (this.conn.closeSync(), this.instance.closeSync()));
      if (flushError) throw flushError;
    });
    this.queue = this.closing.catch(() => undefined);
    return this.closing;
  }

  /** One statement; true when it changed a row (false: ON CONFLICT DO NOTHING skipped it). */
  private async write(sql: string, values: DuckDBValue[]): Promise<boolean> {
    return (await this.exclusive((c) => c.run(sql, values))).rowsChanged > 0;
  }

  private exclusive<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      if (this.closed) throw new Error(`DuckDB memory file ${this.path} is already closed`);
      return fn(this.conn);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Every write spanning statements or tables goes through here. */
  private tx<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.exclusive(async (c) => {
      await c.run('BEGIN TRANSACTION');
      try {
        const out = await fn(c);
        await c.run('COMMIT');
        return out;
      } catch (err) {
        await c.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }
}

async function exportTables(c: DuckDBConnection, tables: readonly MemoryTable[], dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const t of tables) await c.run(`COPY (SELECT * FROM ${t}) TO $1 (FORMAT PARQUET)`, [join(dir, `${t}.parquet`)]);
}

async function insertResults(c: DuckDBConnection, rows: ExecutionResultRow[]): Promise<number> {
  const stmt = await c.prepare(RESULTS_INSERT_SQL);
  let inserted = 0;
  try {
    for (const row of rows) {
      stmt.bind(resultRowValues(row));
      inserted += (await stmt.run()).rowsChanged;
    }
  } finally {
    stmt.destroySync();
  }
  return inserted;
}

async function assertReadableHeader(file: string): Promise<void> {
  const fh = await openFile(file, 'r');
  const buf = new Uint8Array(20);
  const { bytesRead } = await fh.read(buf, 0, buf.byteLength, 0).finally(() => fh.close());
  const problem = nodeApiHeaderProblem(buf.subarray(0, bytesRead));
  if (problem)
    throw new Error(`cannot open DuckDB memory file ${file}: ${problem}; move it away or open a fresh memory file`);
}
