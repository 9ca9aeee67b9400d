// A file attached as a catalog (`run`, `cmp`). `register` puts it into DuckDB's virtual
// file system and runs again after an engine restart, so it must be repeatable.
import type { AsyncDuckDB } from '@duckdb/duckdb-wasm';

/** A file attached as a catalog; `register` runs again after an engine restart. */
export interface AttachedSource {
  alias: string;
  fileName: string;
  register(db: AsyncDuckDB): Promise<void>;
}

/** A downloaded file: registerFileBuffer transfers (detaches) the bytes to the worker. */
export function bufferSource(alias: string, fileName: string, load: () => Promise<Uint8Array>): AttachedSource {
  return { alias, fileName, register: async (db) => db.registerFileBuffer(fileName, await load()) };
}

/** A dropped/picked File: DuckDB reads the parts it needs lazily, nothing is copied whole. */
export function fileSource(alias: string, fileName: string, file: File): AttachedSource {
  return {
    alias,
    fileName,
    register: async (db) => {
      const { DuckDBDataProtocol } = await import('@duckdb/duckdb-wasm');
      await db.registerFileHandle(fileName, file, DuckDBDataProtocol.BROWSER_FILEREADER, true);
    },
  };
}

/**
 * A file on our server read where it lies: DuckDB fetches only the blocks it needs with HTTP
 * range requests (the artifact route answers `Range`), so a 1 GB run file opens without being
 * downloaded and never has to fit in the page's memory.
 */
export function urlSource(alias: string, fileName: string, absoluteUrl: string): AttachedSource {
  return {
    alias,
    fileName,
    register: async (db) => {
      const { DuckDBDataProtocol } = await import('@duckdb/duckdb-wasm');
      await db.registerFileURL(fileName, absoluteUrl, DuckDBDataProtocol.HTTP, false);
    },
  };
}
