// Opens a DuckDB file exactly as the browser explorer will: duckdb-wasm 1.32 (DuckDB core
// 1.4.3), file registered as a buffer, ATTACHed READ_ONLY, extension autoload off. Tests
// use it to prove that what @duckdb/node-api 1.5 writes is readable in the browser.
import * as duckdb from '@duckdb/duckdb-wasm/blocking';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { describeStorageVersion, readDuckDbHeader } from '@/lib/contract/duckdb-header';

export interface WasmReader {
  /** Rows as plain objects; BIGINTs arrive as numbers (castBigIntToDouble). */
  query(sql: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

const require = createRequire(import.meta.url);

export async function openWithDuckDbWasm(path: string): Promise<WasmReader> {
  const buf = new Uint8Array(await readFile(path));
  const header = readDuckDbHeader(buf);
  if (!header.ok) throw new Error(`${path} is not a readable DuckDB file (${header.reason})`);
  const info = describeStorageVersion(header.version);
  if (!info.readableByWasm) throw new Error(`${path}: ${info.message}`);

  const bundles = {
    mvp: { mainModule: require.resolve('@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm'), mainWorker: '' },
    eh: { mainModule: require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'), mainWorker: '' },
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate(() => {});
  db.open({ query: { castBigIntToDouble: true } });
  const conn = db.connect();
  let closed = false;
  try {
    // Offline, autoloading an extension hangs; failing at once is what the browser sees too.
    conn.query('SET autoinstall_known_extensions=false');
    conn.query('SET autoload_known_extensions=false');
    const name = basename(path);
    db.registerFileBuffer(name, buf);
    conn.query(`ATTACH '${name.replace(/'/g, "''")}' AS run (READ_ONLY)`);
    conn.query('USE run');
  } catch (err) {
    conn.close();
    db.reset();
    throw new Error(`duckdb-wasm could not open ${path}: ${(err as Error).message}`, { cause: err });
  }
  return {
    async query(sql) {
      if (closed) throw new Error('openWithDuckDbWasm: reader is closed');
      return conn
        .query(sql)
        .toArray()
        .map((row) => ({ ...(row.toJSON() as Record<string, unknown>) }));
    },
    async close() {
      if (closed) return;
      closed = true;
      conn.close();
      db.reset();
    },
  };
}
