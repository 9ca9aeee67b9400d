// Decides from a file's first bytes whether duckdb-wasm can open it, before ATTACH: an
// empty, truncated, foreign or too-new file would otherwise give an opaque IO error (or,
// for a DuckDB 2.x file, a storage error naming numbers the user cannot act on).
import {
  describeStorageVersion,
  DUCKDB_HEADERS_BYTES,
  readDatabaseHeader,
  truncationOf,
  readDuckDbHeader,
} from '@/lib/contract/duckdb-header';

/**
 * Bytes needed for the check: the magic and version (at 8..20) and the database headers (to
 * 12 KiB), whose block count says how long the file must be — a truncated copy otherwise
 * passes the magic and hangs ATTACH.
 */
export const HEADER_PROBE_BYTES = DUCKDB_HEADERS_BYTES;

const mib = (n: number) =>
  n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MiB` : `${n.toLocaleString('en')} bytes`;

export type FileCheck =
  { ok: true; version: number; detail: string } | { ok: false; title: string; detail: string; hint: string };

/** Recognises common non-DuckDB files so the message can say what the file actually is. */
export function sniffKind(bytes: Uint8Array): string | null {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (ascii(0, 16) === 'SQLite format 3\u0000') return 'an SQLite database';
  if (ascii(0, 4) === 'PAR1') return 'a Parquet file';
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return 'a gzip archive (decompress it first)';
  if (ascii(0, 4) === 'PK\u0003\u0004') return 'a zip archive (extract the .duckdb file first)';
  if (ascii(0, 6) === 'ARROW1') return 'an Arrow IPC file';
  const head = ascii(0, Math.min(bytes.length, HEADER_PROBE_BYTES)).trimStart();
  if (/^<(!doctype|html|\?xml)/i.test(head)) return 'an HTML/XML page (often a server error page instead of the file)';
  if (/^[{[]/.test(head)) return 'JSON text';
  // Mostly printable ASCII/UTF-8 without NUL bytes: some text file (CSV, log, notes).
  const sample = bytes.subarray(0, Math.min(bytes.length, HEADER_PROBE_BYTES));
  const printable = sample.filter((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b !== 127)).length;
  if (sample.length > 0 && !sample.includes(0) && printable / sample.length > 0.95) {
    return `a text file (starts with "${head.slice(0, 24).replace(/\s+/g, ' ')}")`;
  }
  return null;
}

/**
 * `bytes` are the first bytes of the file (at least HEADER_PROBE_BYTES when the file is
 * that long); `size` the whole file's size when known, to tell "truncated" from "short read".
 */
export function checkDuckDbBytes(name: string, bytes: Uint8Array, size?: number): FileCheck {
  const header = readDuckDbHeader(bytes);
  if (header.ok) {
    const info = describeStorageVersion(header.version);
    if (info.readableByWasm) {
      const truncated = truncation(name, bytes, size);
      return truncated ?? { ok: true, version: header.version, detail: info.message };
    }
    return {
      ok: false,
      title: `${name} is a DuckDB file this browser engine cannot open`,
      detail: `Written by ${info.writtenBy}: ${info.message}`,
      hint:
        header.version > 67
          ? 'With the DuckDB that wrote it: EXPORT DATABASE; then IMPORT DATABASE into DuckDB 1.4/1.5 and drop that file here.'
          : 'Open it with the old DuckDB release, export it, and import it into DuckDB 1.x.',
    };
  }
  if (header.reason === 'empty') {
    return {
      ok: false,
      title: `${name} is empty (0 bytes)`,
      detail:
        'There is no database in it — often a copy taken before DuckDB wrote its first checkpoint, or a failed download.',
      hint: 'Fetch the file again after the run has ended (lb-web CHECKPOINTs before collecting), or pick another file.',
    };
  }
  if (header.reason === 'truncated') {
    return {
      ok: false,
      title: `${name} is too short to be a DuckDB database (${size ?? bytes.length} bytes)`,
      detail: 'A DuckDB file starts with a 4 KiB header; this one ends before it.',
      hint: 'The copy or download was cut off: fetch the file again.',
    };
  }
  const kind = sniffKind(bytes);
  return {
    ok: false,
    title: `${name} is not a DuckDB database`,
    detail: kind ? `It looks like ${kind}.` : 'Its header has no "DUCK" magic at byte 8.',
    hint: "Pick the run's memory file (memory/<runner>/peva_faas.duckdb in the run's output).",
  };
}

/** A file shorter than its headers, ending inside a block, or before its catalog, was cut off. */
function truncation(name: string, bytes: Uint8Array, size: number | undefined): FileCheck | null {
  if (size === undefined) return null;
  if (size < DUCKDB_HEADERS_BYTES) {
    return {
      ok: false,
      title: `${name} is truncated: ${mib(size)}, DuckDB expects at least ${mib(DUCKDB_HEADERS_BYTES)}`,
      detail: 'A DuckDB file starts with 12 KiB of headers; this one ends inside them.',
      hint: 'The copy or download was cut off: fetch the file again.',
    };
  }
  const db = readDatabaseHeader(bytes);
  const cut = db && truncationOf(size, db);
  if (db && cut) {
    return {
      ok: false,
      title: `${name} is truncated: ${mib(size)}, DuckDB expects at least ${mib(cut.expectedBytes)}`,
      detail:
        cut.reason === 'mid-block'
          ? `It ends inside a block (DuckDB writes whole blocks of ${db.blockAllocSize / 1024} KiB after 12 KiB of headers).`
          : `Its header puts the catalog in block ${cut.block}; the file ends before it.`,
      hint: 'The copy or download was cut off (or taken while DuckDB was writing): fetch it again after the run has ended.',
    };
  }
  return null;
}
