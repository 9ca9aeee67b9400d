// Makes a collected copy of the DuckDB memory whole and says what it holds: a WAL pulled
// beside it is replayed and checkpointed into the file (so the browser, which opens one file,
// sees every committed row), then the file is opened read-only and each §9 table counted.
// A file that does not open is reported, never marked collected.
import 'server-only';
import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import { readDuckDbHeader } from '@/lib/contract/duckdb-header';
import { ALL_TABLES } from '@/lib/contract/memory-tables';
import { nowTs } from './memory-schema';

export interface MemoryInspection {
  ok: boolean;
  /** DuckDB storage version in the header (64 for @duckdb/node-api 1.5 defaults). */
  headerVersion: number | null;
  /** A WAL was beside the file and has been checkpointed into it. */
  walMerged: boolean;
  /** Rows per table of the memory schema, for the tables the file has. */
  tables: Record<string, number>;
  /** The run's session row was left `running` by a killed agent and is now `failed`. */
  sessionClosed: boolean;
  /** With `configIds`: the config_catalog ids (what a run leaves out as already seen). */
  configIds?: string[];
  error?: string;
}

async function headerVersion(file: string): Promise<number | null> {
  const fh = await openFile(file, 'r');
  const buf = new Uint8Array(20);
  const { bytesRead } = await fh.read(buf, 0, buf.byteLength, 0).finally(() => fh.close());
  const h = readDuckDbHeader(buf.subarray(0, bytesRead));
  return h.ok ? h.version : null;
}

async function withInstance<T>(file: string, readOnly: boolean, fn: (i: DuckDBInstance) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(file, readOnly ? { access_mode: 'READ_ONLY' } : {});
  try {
    return await fn(instance);
  } finally {
    instance.closeSync();
  }
}

export async function inspectMemoryFile(
  file: string,
  opts: { closeSessionOf?: string; configIds?: boolean } = {},
): Promise<MemoryInspection> {
  const out: MemoryInspection = { ok: false, headerVersion: null, walMerged: false, tables: {}, sessionClosed: false };
  try {
    out.headerVersion = await headerVersion(file);
    if (out.headerVersion === null) throw new Error('not a DuckDB file (its header has no DUCK magic)');
    const wal = existsSync(`${file}.wal`);
    if (wal || opts.closeSessionOf) {
      await withInstance(file, false, async (instance) => {
        const c = await instance.connect();
        try {
          if (opts.closeSessionOf && (await hasTable(c, 'run_sessions'))) {
            const r = await c.run(
              `UPDATE run_sessions SET status = 'failed', ended_at = $1::TIMESTAMP WHERE run_id = $2 AND status = 'running'`,
              [nowTs(), opts.closeSessionOf],
            );
            out.sessionClosed = r.rowsChanged > 0;
          }
          await c.run('CHECKPOINT');
        } finally {
          c.closeSync();
        }
      });
      out.walMerged = wal && !existsSync(`${file}.wal`);
    }
    await withInstance(file, true, async (instance) => {
      const c = await instance.connect();
      try {
        for (const t of ALL_TABLES) {
          if (!(await hasTable(c, t))) continue;
          const row = (await c.runAndReadAll(`SELECT count(*) AS n FROM ${t}`)).getRowObjects()[0];
          out.tables[t] = Number(row?.n ?? 0);
        }
        if (opts.configIds) {
          out.configIds = (await hasTable(c, 'config_catalog'))
            ? (await c.runAndReadAll('SELECT config_id FROM config_catalog'))
                .getRowObjects()
                .map((r) => String(r.config_id))
            : [];
        }
      } finally {
        c.closeSync();
      }
    });
    out.ok = true;
  } catch (err) {
    out.error = (err as Error).message;
  }
  return out;
}

async function hasTable(c: Awaited<ReturnType<DuckDBInstance['connect']>>, name: string): Promise<boolean> {
  const r = await c.runAndReadAll(`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = $1`, [name]);
  return Number(r.getRowObjects()[0]?.n ?? 0) > 0;
}
