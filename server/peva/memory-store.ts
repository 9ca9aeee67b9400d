// lb's DuckDB "memory" (schema peva_faas_mem_v1) on @duckdb/node-api. Every operation
// runs through one queue: a DuckDB connection has a single transaction, so two async
// writers interleaving BEGIN/COMMIT would corrupt each other's transactions.
// NaN: JSON columns get null (toStrictJson), typed columns NULL; readers of lb's files
// still need parseTolerantJson for Python's bare NaN.
import 'server-only';
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import { mkdir, open as openFile, rename } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { nodeApiHeaderProblem } from '@/lib/contract/duckdb-header';
import { ALL_TABLES, type MemoryTable } from '@/lib/contract/memory-tables';
import {
  applySchema,
  nowTs,
  RESULTS_INSERT_SQL,
  resultRowValues,
  toStrictJson,
  type ExecutionRecord,
  type ExecutionResultRow,
} from './memory-schema';

export { toStrictJson, type ExecutionRecord, type ExecutionResultRow };
export type SessionStatus = 'running' | 'finished' | 'stopped' | 'failed';

export class MemoryStore {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private closing: Promise<void> | undefined;

  private constructor(
    readonly path: string,
    /** Where a previous file was moved by `fresh` (undefined when none was). */
    readonly movedAside: string | undefined,
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
  ) {}

  static async open(path: string, opts: { fresh?: boolean } = {}): Promise<MemoryStore> {
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
    const store = new MemoryStore(file, movedAside, instance, await instance.connect());
    try {
      await store.tx((c) => applySchema(c, file));
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
    const configJson = toStrictJson({ functions: cfg.functions, rates: cfg.rates, config_pairs: configPairs });
    const sumRate = cfg.rates.reduce((a, b) => a + b, 0);
    return this.write('INSERT INTO config_catalog VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING', [
      cfg.configId,
      toStrictJson(cfg.functions),
      toStrictJson(cfg.rates),
      configJson,
      cfg.functions.length,
      sumRate,
    ]);
  }

  /** Returns true when the event was new (its typed rows are written with it). */
  async recordExecution(e: ExecutionRecord): Promise<boolean> {
    return this.tx(async (c) => {
      const r = await c.run(
        'INSERT INTO execution_events VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING',
        [
          e.configId,
          e.iteration,
          e.repetition,
          e.runId,
          toStrictJson(e.functions),
          toStrictJson(e.rates),
          e.startTs,
          e.endTs,
          e.endTs - e.startTs,
          e.skipReason ?? null,
          toStrictJson(e.payload),
        ],
      );
      if (e.results?.length) await insertResults(c, e.results);
      return r.rowsChanged > 0;
    });
  }

  async recordK6Summary(k: {
    configId: string;
    iteration: number;
    repetition: number;
    runId: string;
    summary: unknown;
  }): Promise<boolean> {
    const json = toStrictJson(k.summary ?? null);
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

  /** CHECKPOINT, then close, after queued writes; idempotent; later calls fail with "closed". */
  close(): Promise<void> {
    this.closing ??= this.queue.then(async () => {
      this.closed = true;
      await this.conn.run('CHECKPOINT').finally(() => (this.conn.closeSync(), this.instance.closeSync()));
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
