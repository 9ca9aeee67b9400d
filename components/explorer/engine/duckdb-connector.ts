// The one place that talks to duckdb-wasm; React only wraps it (use-engine.ts).
// - init once, shared by every caller; a failed start is forgotten so the next call retries;
// - bundles from our own origin (/duckdb/, copied from node_modules), never a CDN;
// - extension autoload/autoinstall off: offline, a JSON function would otherwise wait on a
//   download forever; with it off DuckDB answers at once with a Catalog Error;
// - every query has a timeout and a cancel; the caller's promise settles at once, and if
//   DuckDB does not give the worker back within a grace period the worker is terminated and
//   the engine restarted with its files re-attached, so the page can never hang.
import type { AsyncDuckDB, AsyncDuckDBConnection } from '@duckdb/duckdb-wasm';
import type { AttachedSource } from './attached-source';
import { QueryError, type QueryErrorKind, type QueryHandle, type QueryOptions, type QueryResult } from './query-types';
import { errorText } from './duckdb-error';
import { readResult } from './read-result';
import { startEngine } from './engine-start';
import { quoteIdent, quoteString } from './sql-text';

export { QueryError, type QueryHandle, type QueryResult } from './query-types';

export type EngineState = 'idle' | 'starting' | 'ready' | 'failed';
export interface EngineStatus {
  state: EngineState;
  error?: string;
  bundle?: string;
  version?: string;
  startMs?: number;
  restarts: number;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_ROWS = 200_000;
/** After a cancel, how long DuckDB gets to hand the worker back before it is replaced. */
const CANCEL_GRACE_MS = 2_500;
const START_TIMEOUT_MS = 60_000;
/** How long registering and ATTACHing one file may take before the engine is replaced. */
export const ATTACH_TIMEOUT_MS = 20_000;

export class AttachTimeoutError extends Error {
  constructor(fileName: string, ms: number) {
    super(
      `DuckDB did not finish opening ${fileName} within ${ms / 1000} s; the engine was restarted ` +
        '(the file may be damaged). Other open files are attached again.',
    );
    this.name = 'AttachTimeoutError';
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class DuckDbConnector {
  private db: AsyncDuckDB | null = null;
  private starting: Promise<AsyncDuckDB> | null = null;
  private status: EngineStatus = { state: 'idle', restarts: 0 };
  private listeners = new Set<(s: EngineStatus) => void>();
  private sources = new Map<string, AttachedSource>();
  /** Abort functions of queries in flight, failed together when the engine is replaced. */
  private inFlight = new Set<(reason: string) => void>();
  private restarting: Promise<void> | null = null;
  private session: Promise<{ conn: AsyncDuckDBConnection; db: AsyncDuckDB; attachGen: number }> | null = null;
  /** Bumped on attach/detach: the session connection re-points its default catalog once. */
  private attachGen = 0;

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
    const { db, bundle, threads, version } = await startEngine(START_TIMEOUT_MS);
    const label = threads > 1 ? `${bundle}, ${threads} threads` : bundle;
    this.setStatus({ state: 'ready', bundle: label, version, startMs: Math.round(performance.now() - t0) });
    return db;
  }

  /**
   * Registers a file under `alias` and attaches it read-only; replaces an earlier one. Bounded:
   * a file that hangs ATTACH (a damaged one can) gets the worker replaced after `timeoutMs`, so
   * the other slot and every later query keep working.
   */
  async attach(source: AttachedSource, timeoutMs = ATTACH_TIMEOUT_MS): Promise<void> {
    const db = await this.init();
    await this.detach(source.alias);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
    const work = (async () => {
      await source.register(db);
      try {
        await this.exec(db, `ATTACH ${quoteString(source.fileName)} AS ${quoteIdent(source.alias)} (READ_ONLY)`);
      } catch (e) {
        await db.dropFile(source.fileName).catch(() => undefined);
        throw e;
      }
    })();
    try {
      if ((await Promise.race([work, deadline])) === 'timeout') {
        void work.catch(() => undefined);
        await this.restart(`opening ${source.fileName} hung`);
        throw new AttachTimeoutError(source.fileName, timeoutMs);
      }
    } finally {
      clearTimeout(timer);
    }
    this.sources.set(source.alias, source);
    this.attachGen++;
  }

  async detach(alias: string): Promise<void> {
    const src = this.sources.get(alias);
    if (!src || !this.db) return;
    this.sources.delete(alias);
    this.attachGen++;
    // DuckDB refuses to detach a connection's default catalog: move the session off it first.
    const session = await this.session?.catch(() => null);
    if (session && session.db === this.db) {
      await session.conn.query('USE memory').catch(() => undefined);
      session.attachGen = -1;
    }
    await this.exec(this.db, `DETACH DATABASE IF EXISTS ${quoteIdent(alias)}`).catch(() => undefined);
    await this.db.dropFile(src.fileName).catch(() => undefined);
  }

  attachedAliases(): string[] {
    return [...this.sources.keys()];
  }

  /** Catalogs the catalog panel lists: the attached files and, with them, the memory catalog. */
  catalogAliases(): string[] {
    return this.sources.size > 0 ? [...this.sources.keys(), 'memory'] : [];
  }

  private useSql(): string[] {
    return this.sources.has('run') ? ['USE run', "SET search_path = 'run.main,memory.main'"] : ['USE memory'];
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

    let own = true;
    const inner = (async (): Promise<QueryResult> => {
      const db = await this.init();
      if (opts.session) {
        conn = await this.sessionConnection(db);
        own = false;
      } else {
        conn = await db.connect();
        // USE is per connection: unqualified names resolve in the main file, then in the
        // engine's memory catalog (peva_results and the user's own tables).
        for (const sql of this.useSql()) await conn.query(sql);
      }
      if (stopped) throw stopped;
      // The editor's queries say how many rows a truncated result really has.
      const read = await readResult(conn, sql, maxRows, () => stopped, { countTruncated: opts.session });
      return { ...read, durationMs: elapsed() };
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
      () =>
        abort(
          `Query timed out after ${(timeoutMs / 1000).toFixed(timeoutMs % 1000 ? 1 : 0)} s and was cancelled.`,
          'timeout',
        ),
      timeoutMs,
    );
    this.inFlight.add(abort);

    inner.then(
      (r) => settle(() => resolveOuter(r)),
      (e: unknown) =>
        settle(() => rejectOuter(e instanceof QueryError ? e : new QueryError(errorText(e), 'duckdb', elapsed()))),
    );
    void inner
      .catch(() => undefined)
      .finally(() => {
        if (own) void (conn as AsyncDuckDBConnection | null)?.close().catch(() => undefined);
      });

    return { result, cancel: () => abort('Query cancelled.', 'cancelled') };
  }

  /** The editor's long-lived connection; re-created after an engine restart. */
  private async sessionConnection(db: AsyncDuckDB): Promise<AsyncDuckDBConnection> {
    let s = await this.session?.catch(() => null);
    if (!s || s.db !== db) {
      this.session = db.connect().then((conn) => ({ conn, db, attachGen: -1 }));
      s = await this.session;
    }
    if (s.attachGen !== this.attachGen) {
      for (const sql of this.useSql()) await s.conn.query(sql);
      s.attachGen = this.attachGen;
    }
    return s.conn;
  }

  /**
   * After a timeout or cancel: ask DuckDB to interrupt; if the worker is still busy after a
   * grace period (a stuck wasm call never reads the cancel message), replace the engine.
   */
  private async reclaim(conn: AsyncDuckDBConnection | null, inner: Promise<unknown>): Promise<void> {
    let done = false;
    void inner.catch(() => undefined).finally(() => (done = true));
    const deadline = performance.now() + CANCEL_GRACE_MS;
    if (conn) await Promise.race([conn.cancelSent().catch(() => false), sleep(CANCEL_GRACE_MS)]);
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
      this.session = null;
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
}

let shared: DuckDbConnector | null = null;
/** The page's single engine (one worker per tab). */
export function getConnector(): DuckDbConnector {
  shared ??= new DuckDbConnector();
  return shared;
}
