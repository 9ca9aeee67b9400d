// The one place that talks to duckdb-wasm; React only wraps it (use-engine.ts).
// - init once, shared by every caller; a failed start is forgotten so the next call retries;
// - bundles from our own origin (/duckdb/, copied from node_modules), never a CDN;
// - extension autoload/autoinstall off: offline, a JSON function would otherwise wait on a
//   download forever; with it off DuckDB answers at once with a Catalog Error;
// - every query has a timeout and a cancel; the caller's promise settles at once, and if
//   DuckDB does not give the worker back within a grace period the worker is terminated and
//   the engine restarted with its files re-attached, so the page can never hang.
import type { AsyncDuckDB, AsyncDuckDBConnection } from '@duckdb/duckdb-wasm';
import { appendRows, columnsOf, type ArrowBatchLike, type Cell, type ResultColumn } from './arrow-values';
import { quoteIdent, quoteString } from './sql-text';

export type EngineState = 'idle' | 'starting' | 'ready' | 'failed';
export interface EngineStatus {
  state: EngineState;
  error?: string;
  bundle?: string;
  version?: string;
  startMs?: number;
  restarts: number;
}

export type QueryErrorKind = 'duckdb' | 'timeout' | 'cancelled' | 'engine';
export class QueryError extends Error {
  constructor(
    message: string,
    readonly kind: QueryErrorKind,
    readonly durationMs: number,
  ) {
    super(message);
    this.name = 'QueryError';
  }
}

export interface QueryResult {
  columns: ResultColumn[];
  rows: Cell[][];
  /** Rows returned (at most maxRows); `truncated` when the query had more. */
  rowCount: number;
  truncated: boolean;
  durationMs: number;
}

export interface QueryOptions {
  timeoutMs?: number;
  /** Rows kept in the page; the rest are not fetched (default 200 000). */
  maxRows?: number;
}

export interface QueryHandle {
  result: Promise<QueryResult>;
  cancel(): void;
}

/** A file attached as a catalog; `register` runs again after an engine restart. */
export interface AttachedSource {
  alias: string;
  fileName: string;
  register(db: AsyncDuckDB): Promise<void>;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_ROWS = 200_000;
/** After a cancel, how long DuckDB gets to hand the worker back before it is replaced. */
const CANCEL_GRACE_MS = 2_500;
const START_TIMEOUT_MS = 90_000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class DuckDbConnector {
  private db: AsyncDuckDB | null = null;
  private starting: Promise<AsyncDuckDB> | null = null;
  private status: EngineStatus = { state: 'idle', restarts: 0 };
  private listeners = new Set<(s: EngineStatus) => void>();
  private sources = new Map<string, AttachedSource>();
  /** Abort functions of queries in flight, failed together when the engine is replaced. */
  private inFlight = new Set<(reason: string) => void>();
  private restarting: Promise<void> | null = null;

  getStatus = (): EngineStatus => this.status;

  subscribe = (fn: (s: EngineStatus) => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  private setStatus(next: Partial<EngineStatus>): void {
    this.status = { ...this.status, ...next };
    for (const fn of this.listeners) fn(this.status);
  }

  /** Starts the engine once; concurrent callers share the start; a failure can be retried. */
  init(): Promise<AsyncDuckDB> {
    if (this.db) return Promise.resolve(this.db);
    if (!this.starting) {
      this.starting = this.start().then(
        (db) => {
          this.db = db;
          return db;
        },
        (e: unknown) => {
          this.starting = null;
          this.setStatus({ state: 'failed', error: errorText(e) });
          throw e;
        },
      );
    }
    return this.starting;
  }

  private async start(): Promise<AsyncDuckDB> {
    const t0 = performance.now();
    this.setStatus({ state: 'starting', error: undefined });
    const duckdb = await import('@duckdb/duckdb-wasm');
    const base = new URL('/duckdb/', window.location.href).href;
    const bundle = await duckdb.selectBundle({
      mvp: { mainModule: `${base}duckdb-mvp.wasm`, mainWorker: `${base}duckdb-browser-mvp.worker.js` },
      eh: { mainModule: `${base}duckdb-eh.wasm`, mainWorker: `${base}duckdb-browser-eh.worker.js` },
    });
    const worker = new Worker(bundle.mainWorker!);
    const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
    try {
      const ready = (async () => {
        await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
        await db.open({ query: { castBigIntToDouble: true, castDecimalToDouble: true, castTimestampToDate: true } });
        const c = await db.connect();
        await c.query('SET autoinstall_known_extensions=false');
        await c.query('SET autoload_known_extensions=false');
        await c.close();
        return db.getVersion();
      })();
      const version = await Promise.race([
        ready,
        sleep(START_TIMEOUT_MS).then(() => {
          throw new Error(`DuckDB engine did not start within ${START_TIMEOUT_MS / 1000} s (loading /duckdb/*.wasm)`);
        }),
      ]);
      this.setStatus({
        state: 'ready',
        bundle: bundle.mainModule.includes('-eh') ? 'eh' : 'mvp',
        version,
        startMs: Math.round(performance.now() - t0),
      });
      return db;
    } catch (e) {
      await db.terminate().catch(() => undefined);
      throw e;
    }
  }

  /** Registers a file under `alias` and attaches it read-only; replaces an earlier one. */
  async attach(source: AttachedSource): Promise<void> {
    const db = await this.init();
    await this.detach(source.alias);
    await source.register(db);
    try {
      await this.exec(db, `ATTACH ${quoteString(source.fileName)} AS ${quoteIdent(source.alias)} (READ_ONLY)`);
    } catch (e) {
      await db.dropFile(source.fileName).catch(() => undefined);
      throw e;
    }
    this.sources.set(source.alias, source);
  }

  async detach(alias: string): Promise<void> {
    const src = this.sources.get(alias);
    if (!src || !this.db) return;
    this.sources.delete(alias);
    await this.exec(this.db, `DETACH DATABASE IF EXISTS ${quoteIdent(alias)}`).catch(() => undefined);
    await this.db.dropFile(src.fileName).catch(() => undefined);
  }

  attachedAliases(): string[] {
    return [...this.sources.keys()];
  }

  private async exec(db: AsyncDuckDB, sql: string): Promise<void> {
    const c = await db.connect();
    try {
      await c.query(sql);
    } finally {
      await c.close().catch(() => undefined);
    }
  }

  /** Runs one query on its own connection, bounded by a timeout, cancellable. */
  query(sql: string, opts: QueryOptions = {}): QueryHandle {
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;
    const t0 = performance.now();
    const elapsed = () => Math.round(performance.now() - t0);
    let conn: AsyncDuckDBConnection | null = null;
    let stopped: QueryError | null = null;
    let settled = false;
    let resolveOuter!: (r: QueryResult) => void;
    let rejectOuter!: (e: QueryError) => void;
    const result = new Promise<QueryResult>((res, rej) => {
      resolveOuter = res;
      rejectOuter = rej;
    });

    const inner = (async (): Promise<QueryResult> => {
      const db = await this.init();
      conn = await db.connect();
      if (stopped) throw stopped;
      // USE is per connection: unqualified names resolve in the main file.
      if (this.sources.has('run')) await conn.query('USE run');
      const reader = await conn.send(sql, true);
      const rows: Cell[][] = [];
      let columns: ResultColumn[] = [];
      let truncated = false;
      for await (const batch of reader as AsyncIterable<ArrowBatchLike>) {
        if (stopped) throw stopped;
        if (columns.length === 0) columns = columnsOf(batch);
        const room = maxRows - rows.length;
        appendRows(batch, columns, rows, room);
        if (batch.numRows > room) {
          truncated = true;
          break;
        }
      }
      if (columns.length === 0) columns = (reader as { schema?: { fields: ArrowBatchLike['schema']['fields'] } }).schema?.fields.map((f) => ({ name: f.name, type: String(f.type) })) ?? [];
      if (truncated) await conn.cancelSent().catch(() => false);
      return { columns, rows, rowCount: rows.length, truncated, durationMs: elapsed() };
    })();

    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      this.inFlight.delete(abort);
      fn();
    };
    const abort = (reason: string, kind: QueryErrorKind = 'engine') => {
      if (settled) return;
      stopped = new QueryError(reason, kind, elapsed());
      settle(() => rejectOuter(stopped!));
      if (kind !== 'engine') void this.reclaim(conn, inner);
    };
    const timer = setTimeout(
      () => abort(`Query timed out after ${(timeoutMs / 1000).toFixed(timeoutMs % 1000 ? 1 : 0)} s and was cancelled.`, 'timeout'),
      timeoutMs,
    );
    this.inFlight.add(abort);

    inner.then(
      (r) => settle(() => resolveOuter(r)),
      (e: unknown) => settle(() => rejectOuter(e instanceof QueryError ? e : new QueryError(errorText(e), 'duckdb', elapsed()))),
    );
    void inner.catch(() => undefined).finally(() => void (conn as AsyncDuckDBConnection | null)?.close().catch(() => undefined));

    return { result, cancel: () => abort('Query cancelled.', 'cancelled') };
  }

  /**
   * After a timeout or cancel: ask DuckDB to interrupt; if the worker is still busy after a
   * grace period (a stuck wasm call never reads the cancel message), replace the engine.
   */
  private async reclaim(conn: AsyncDuckDBConnection | null, inner: Promise<unknown>): Promise<void> {
    let done = false;
    void inner.catch(() => undefined).finally(() => (done = true));
    if (conn) await Promise.race([conn.cancelSent().catch(() => false), sleep(CANCEL_GRACE_MS)]);
    const deadline = performance.now() + CANCEL_GRACE_MS;
    while (!done && performance.now() < deadline) await sleep(50);
    if (!done) await this.restart('the previous query did not stop after cancel');
  }

  /** Terminates the worker and starts a new engine with the same files attached. */
  restart(why: string): Promise<void> {
    if (this.restarting) return this.restarting;
    this.restarting = (async () => {
      const old = this.db;
      this.db = null;
      this.starting = null;
      for (const abort of [...this.inFlight]) abort(`DuckDB engine restarted (${why}); run the query again.`);
      await old?.terminate().catch(() => undefined);
      this.setStatus({ restarts: this.status.restarts + 1 });
      const db = await this.init();
      for (const src of this.sources.values()) {
        await src.register(db);
        await this.exec(db, `ATTACH ${quoteString(src.fileName)} AS ${quoteIdent(src.alias)} (READ_ONLY)`);
      }
    })().finally(() => (this.restarting = null));
    return this.restarting;
  }

  /** Registered-file helpers: a fetched buffer (transferred to the worker) or a File read lazily. */
  static bufferSource(alias: string, fileName: string, load: () => Promise<Uint8Array>): AttachedSource {
    return { alias, fileName, register: async (db) => db.registerFileBuffer(fileName, await load()) };
  }

  static fileSource(alias: string, fileName: string, file: File): AttachedSource {
    return {
      alias,
      fileName,
      register: async (db) => {
        const { DuckDBDataProtocol } = await import('@duckdb/duckdb-wasm');
        await db.registerFileHandle(fileName, file, DuckDBDataProtocol.BROWSER_FILEREADER, true);
      },
    };
  }
}

let shared: DuckDbConnector | null = null;
/** The page's single engine (one worker per tab). */
export function getConnector(): DuckDbConnector {
  shared ??= new DuckDbConnector();
  return shared;
}
