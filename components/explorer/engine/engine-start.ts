// Boots duckdb-wasm from our own origin: selectBundle over the /duckdb/ copies (coi — the
// multi-threaded build — on a cross-origin-isolated page, eh where the browser has wasm
// exceptions, else mvp), a dedicated Worker, instantiate, open, and
// extension autoload/autoinstall off before anyone can query (offline, an extension
// download would otherwise hold a query forever). Bounded: a start that hangs fails.
import type { AsyncDuckDB } from '@duckdb/duckdb-wasm';

export type EngineBundle = 'coi' | 'eh' | 'mvp';

const bundleName = (mainModule: string): EngineBundle =>
  mainModule.includes('-coi') ? 'coi' : mainModule.includes('-eh') ? 'eh' : 'mvp';

export interface StartedEngine {
  db: AsyncDuckDB;
  bundle: EngineBundle;
  /** DuckDB's worker threads (1 except with the coi bundle). */
  threads: number;
  version: string;
}

export async function startEngine(timeoutMs: number): Promise<StartedEngine> {
  const duckdb = await import('@duckdb/duckdb-wasm');
  const base = new URL('/duckdb/', window.location.href).href;
  const bundle = await duckdb.selectBundle({
    mvp: { mainModule: `${base}duckdb-mvp.wasm`, mainWorker: `${base}duckdb-browser-mvp.worker.js` },
    eh: { mainModule: `${base}duckdb-eh.wasm`, mainWorker: `${base}duckdb-browser-eh.worker.js` },
    coi: {
      mainModule: `${base}duckdb-coi.wasm`,
      mainWorker: `${base}duckdb-browser-coi.worker.js`,
      pthreadWorker: `${base}duckdb-browser-coi.pthread.worker.js`,
    },
  });
  const name = bundleName(bundle.mainModule);
  // coi: one DuckDB thread per core the browser reports (the page's own thread included).
  const threads = name === 'coi' ? Math.max(1, Math.min(navigator.hardwareConcurrency || 1, 8)) : 1;
  const worker = new Worker(bundle.mainWorker!);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const ready = (async () => {
      await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
      // Exact values: BIGINT as bigint, DECIMAL/HUGEINT unscaled, TIMESTAMP as timestamps (the
      // grid shows them exactly and under DuckDB's type names: arrow-values.ts).
      await db.open({
        query: { castBigIntToDouble: false, castDecimalToDouble: false, castTimestampToDate: false },
        // Range reads of run artifacts: trust the HEAD's Content-Length (our server sends it),
        // never a whole-file GET unless the server ignores ranges.
        filesystem: { reliableHeadRequests: true, allowFullHTTPReads: true, forceFullHTTPReads: false },
      });
      const c = await db.connect();
      await c.query('SET autoinstall_known_extensions=false');
      await c.query('SET autoload_known_extensions=false');
      if (threads > 1) await c.query(`SET threads=${threads}`);
      await c.close();
      return db.getVersion();
    })();
    // A worker script that fails to load (bundles not copied to public/duckdb/) only fires
    // an error event; without this the start would wait for the timeout.
    const workerFailed = new Promise<never>((_, reject) =>
      worker.addEventListener('error', () =>
        reject(
          new Error(
            `could not load ${bundle.mainWorker}: are the duckdb-wasm bundles in public/duckdb/ (npm install runs scripts/copy-duckdb-wasm.mjs)?`,
          ),
        ),
      ),
    );
    // Later worker errors (after a good start) must not surface as unhandled rejections.
    workerFailed.catch(() => undefined);
    const version = await Promise.race([
      ready,
      workerFailed,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`DuckDB engine did not start within ${timeoutMs / 1000} s (loading /duckdb/*.wasm)`)),
          timeoutMs,
        );
      }),
    ]);
    return { db, bundle: name, threads, version };
  } catch (e) {
    await db.terminate().catch(() => undefined);
    throw e;
  } finally {
    clearTimeout(timer);
  }
}
