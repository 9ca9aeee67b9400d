// Reads the DuckDB main-header storage version before handing a file to DuckDB, so a
// user gets "this is a DuckDB 2.x file" instead of an opaque IO error from duckdb-wasm.
// Pure (Uint8Array + DataView only): the browser explorer imports it too.

export type DuckDbHeader = { ok: true; version: number } | { ok: false; reason: 'empty' | 'truncated' | 'not-duckdb' };

/** Byte layout: 8-byte checksum, magic `DUCK` at 8, little-endian uint64 version at 12. */
const MAGIC_OFFSET = 8;
const VERSION_OFFSET = 12;
const HEADER_BYTES = VERSION_OFFSET + 8;
const MAGIC = [0x44, 0x55, 0x43, 0x4b]; // "DUCK"

export function readDuckDbHeader(buf: Uint8Array): DuckDbHeader {
  if (buf.byteLength === 0) return { ok: false, reason: 'empty' };
  const magicComplete = buf.byteLength >= MAGIC_OFFSET + MAGIC.length;
  // Compare what we have of the magic: a short prefix of a real file is "truncated",
  // anything that already disagrees is "not-duckdb".
  for (let i = 0; i < MAGIC.length && MAGIC_OFFSET + i < buf.byteLength; i++) {
    if (buf[MAGIC_OFFSET + i] !== MAGIC[i]) return { ok: false, reason: 'not-duckdb' };
  }
  if (!magicComplete || buf.byteLength < HEADER_BYTES) return { ok: false, reason: 'truncated' };
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const version = view.getBigUint64(VERSION_OFFSET, true);
  // Real versions are small; anything beyond 2^53 is garbage after a valid magic.
  if (version > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, reason: 'not-duckdb' };
  return { ok: true, version: Number(version) };
}

export interface StorageVersionInfo {
  version: number;
  /** Which DuckDB releases write this storage version. */
  writtenBy: string;
  /** Whether @duckdb/duckdb-wasm 1.32 (DuckDB core 1.4.3) can open it. */
  readableByWasm: boolean;
  message: string;
}

/** Highest storage version DuckDB core 1.4.3 (duckdb-wasm 1.32) reads. */
export const WASM_MAX_STORAGE_VERSION = 67;
export const WASM_MIN_STORAGE_VERSION = 64;
export const DUCKDB_2X_STORAGE_VERSION = 999;

export function describeStorageVersion(v: number): StorageVersionInfo {
  if (v === DUCKDB_2X_STORAGE_VERSION) {
    return {
      version: v,
      writtenBy: 'DuckDB 2.x',
      readableByWasm: false,
      message:
        'storage version 999 is DuckDB 2.x; no DuckDB 1.x reader (duckdb-wasm 1.32 included) can open it. ' +
        'Re-export it with DuckDB 1.x, or write it with @duckdb/node-api 1.5.x default settings.',
    };
  }
  if (v >= WASM_MIN_STORAGE_VERSION && v <= WASM_MAX_STORAGE_VERSION) {
    const writtenBy = v === 64 ? 'DuckDB 0.10–1.x (default format)' : `DuckDB 1.${v - 63}+ (opt-in STORAGE_VERSION)`;
    return {
      version: v,
      writtenBy,
      readableByWasm: true,
      message: `storage version ${v} (${writtenBy}): readable by duckdb-wasm 1.32`,
    };
  }
  if (v < WASM_MIN_STORAGE_VERSION) {
    return {
      version: v,
      writtenBy: 'DuckDB before 0.10',
      readableByWasm: false,
      message: `storage version ${v} predates DuckDB 0.10; DuckDB 1.x cannot open it. Export it with the old DuckDB and re-import.`,
    };
  }
  return {
    version: v,
    writtenBy: 'a DuckDB newer than 1.4',
    readableByWasm: false,
    message:
      `storage version ${v} is newer than duckdb-wasm 1.32 (DuckDB 1.4.3) reads (64–67). ` +
      'Write the file without raising STORAGE_VERSION.',
  };
}

/** Why @duckdb/node-api 1.5 (DuckDB 1.x) cannot open a file with this header, or undefined. */
export function nodeApiHeaderProblem(buf: Uint8Array): string | undefined {
  const header = readDuckDbHeader(buf);
  if (!header.ok)
    return header.reason === 'empty'
      ? 'the file is empty (0 bytes), not a DuckDB file'
      : `not a DuckDB file (${header.reason})`;
  const v = header.version;
  return v === DUCKDB_2X_STORAGE_VERSION || v < WASM_MIN_STORAGE_VERSION
    ? describeStorageVersion(v).message
    : undefined;
}

/** The main header and the two database headers: 4 KiB each, before the first data block. */
export const DUCKDB_HEADERS_BYTES = 3 * 4096;

export interface DatabaseHeaderInfo {
  iteration: number;
  blockCount: number;
  blockAllocSize: number;
  /** Block ids where the catalog (meta block) and the free list start; null when there is none. */
  metaBlock: number | null;
  freeListBlock: number | null;
}

/**
 * The active database header (the one of the two with the higher iteration): DuckDB writes
 * `checksum, iteration, meta_block, free_list, block_count, block_alloc_size, vector_size, …`
 * as little-endian 64-bit fields at 4096 and 8192 (a block pointer holds the block id in its low
 * 56 bits, an index within the block above; all ones = none). Null when `buf` is shorter than
 * the headers or neither header is plausible.
 */
export function readDatabaseHeader(buf: Uint8Array): DatabaseHeaderInfo | null {
  if (buf.byteLength < DUCKDB_HEADERS_BYTES) return null;
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const at = (off: number) => {
    const u64 = (i: number) => view.getBigUint64(off + i * 8, true);
    const blockAllocSize = u64(5);
    const blockCount = u64(4);
    // A block is a power of two of at least 16 KiB; counts beyond 2^40 are garbage.
    const plausible =
      blockAllocSize >= 16384n &&
      blockAllocSize <= 1n << 30n &&
      (blockAllocSize & (blockAllocSize - 1n)) === 0n &&
      blockCount < 1n << 40n;
    return plausible
      ? {
          iteration: Number(u64(1)),
          blockCount: Number(blockCount),
          blockAllocSize: Number(blockAllocSize),
          metaBlock: blockId(u64(2)),
          freeListBlock: blockId(u64(3)),
        }
      : null;
  };
  const candidates = [at(4096), at(8192)].filter((h) => h !== null);
  if (candidates.length === 0) return null;
  return candidates.reduce((a, b) => (b.iteration > a.iteration ? b : a));
}

const NO_BLOCK = (1n << 64n) - 1n;
function blockId(pointer: bigint): number | null {
  return pointer === NO_BLOCK ? null : Number(pointer & ((1n << 56n) - 1n));
}

/**
 * Why a file of `size` bytes with this header cannot be whole, or null. Not "shorter than
 * block_count blocks": DuckDB itself cuts free blocks off the end of the file at a checkpoint
 * and keeps the count (a memory file reused across runs often is), so a whole file may be
 * shorter than its header counts. It always ends on a block boundary, though, and holds the
 * blocks its catalog and free list start in. `expectedBytes` is the least size that would do.
 */
export function truncationOf(
  size: number,
  h: DatabaseHeaderInfo,
):
  | { reason: 'mid-block'; expectedBytes: number }
  | { reason: 'catalog-missing'; expectedBytes: number; block: number }
  | null {
  const data = size - DUCKDB_HEADERS_BYTES;
  const blocks = Math.ceil(data / h.blockAllocSize);
  if (data % h.blockAllocSize !== 0)
    return { reason: 'mid-block', expectedBytes: DUCKDB_HEADERS_BYTES + blocks * h.blockAllocSize };
  const block = Math.max(h.metaBlock ?? -1, h.freeListBlock ?? -1);
  if (block >= blocks)
    return { reason: 'catalog-missing', expectedBytes: DUCKDB_HEADERS_BYTES + (block + 1) * h.blockAllocSize, block };
  return null;
}
