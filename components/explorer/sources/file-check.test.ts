import { describe, expect, it } from 'vitest';
import { checkDuckDbBytes, sniffKind } from './file-check';

function duckHeader(version: bigint, length = 64): Uint8Array {
  const b = new Uint8Array(length);
  b.set([0x44, 0x55, 0x43, 0x4b], 8);
  new DataView(b.buffer).setBigUint64(12, version, true);
  return b;
}
const text = (s: string) => new TextEncoder().encode(s);

describe('checkDuckDbBytes', () => {
  it('accepts storage version 64 (DuckDB 1.x default)', () => {
    const r = checkDuckDbBytes('a.duckdb', duckHeader(64n));
    expect(r).toMatchObject({ ok: true, version: 64 });
  });

  it('names DuckDB 2.x for version 999 and says what to do', () => {
    const r = checkDuckDbBytes('future.duckdb', duckHeader(999n));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.title).toContain('cannot open');
    expect(r.detail).toContain('DuckDB 2.x');
    expect(r.hint).toMatch(/export/i);
  });

  it('rejects a version newer than the wasm core reads', () => {
    const r = checkDuckDbBytes('new.duckdb', duckHeader(70n));
    expect(r.ok).toBe(false);
  });

  it('reports an empty file', () => {
    const r = checkDuckDbBytes('empty.duckdb', new Uint8Array(0));
    expect(r).toMatchObject({ ok: false, title: 'empty.duckdb is empty (0 bytes)' });
  });

  it('reports a truncated DuckDB file', () => {
    const r = checkDuckDbBytes('cut.duckdb', duckHeader(64n).subarray(0, 14), 14);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.title).toContain('too short');
  });

  it('says a CSV is a text file', () => {
    const r = checkDuckDbBytes('notes.duckdb', text('config_id,rate\nabc,10\n(this is a CSV)\n'));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.title).toBe('notes.duckdb is not a DuckDB database');
      expect(r.detail).toContain('a text file (starts with "config_id,rate abc,10');
    }
  });
});

describe('sniffKind', () => {
  it('recognises other formats', () => {
    expect(sniffKind(text('SQLite format 3\u0000rest'))).toBe('an SQLite database');
    expect(sniffKind(text('PAR1xxxx'))).toBe('a Parquet file');
    expect(sniffKind(new Uint8Array([0x1f, 0x8b, 8, 0]))).toContain('gzip');
    expect(sniffKind(text('<!DOCTYPE html><html>'))).toContain('HTML');
    expect(sniffKind(text('  {"a": NaN}'))).toBe('JSON text');
    expect(sniffKind(new Uint8Array([0, 1, 2, 3, 200, 201]))).toBeNull();
  });
});

describe('truncated DuckDB files (the header passes, the blocks are missing)', () => {
  const BLOCK = 262144;
  /** Headers as DuckDB writes them: the active database header at 4096 counts the blocks and
   *  points at the catalog (meta block) and the free list. */
  function realHeaders(blockCount: number, meta = 0n, freeList = 0n, blockAlloc = BLOCK): Uint8Array {
    const b = duckHeader(64n, 3 * 4096);
    const v = new DataView(b.buffer);
    v.setBigUint64(4096 + 8, 2n, true); // iteration
    v.setBigUint64(4096 + 16, meta, true);
    v.setBigUint64(4096 + 24, freeList, true);
    v.setBigUint64(4096 + 32, BigInt(blockCount), true);
    v.setBigUint64(4096 + 40, BigInt(blockAlloc), true);
    v.setBigUint64(8192 + 8, 1n, true); // the older header
    v.setBigUint64(8192 + 32, 1n, true);
    v.setBigUint64(8192 + 40, BigInt(blockAlloc), true);
    return b;
  }
  const blocks = (n: number) => 12288 + n * BLOCK;

  it('accepts a file as long as its active header says', () => {
    expect(checkDuckDbBytes('a.duckdb', realHeaders(12), blocks(12))).toMatchObject({ ok: true });
  });

  it('accepts a whole file shorter than its block count: DuckDB cuts free blocks off the end', () => {
    // Measured with @duckdb/node-api: after deletes and a CHECKPOINT a memory file shrank from 7
    // blocks to 4 while its header still counted 7 (catalog in block 0, index 4).
    const meta = (4n << 56n) | 0n;
    const free = (9n << 56n) | 0n;
    expect(checkDuckDbBytes('reused.duckdb', realHeaders(7, meta, free), blocks(4))).toMatchObject({ ok: true });
  });

  it('says how long a copy cut inside a block is and how long it should be', () => {
    const r = checkDuckDbBytes('cut.duckdb', realHeaders(12), 1_000_000);
    expect(r).toMatchObject({
      ok: false,
      title: 'cut.duckdb is truncated: 1,000,000 bytes, DuckDB expects at least 1.0 MiB',
    });
    expect(!r.ok && r.detail).toBe(
      'It ends inside a block (DuckDB writes whole blocks of 256 KiB after 12 KiB of headers).',
    );
  });

  it('catches a copy cut on a block boundary before the catalog', () => {
    const r = checkDuckDbBytes('short.duckdb', realHeaders(12, 9n), blocks(5));
    expect(r).toMatchObject({
      ok: false,
      title: 'short.duckdb is truncated: 1.3 MiB, DuckDB expects at least 2.5 MiB',
    });
    expect(!r.ok && r.detail).toBe('Its header puts the catalog in block 9; the file ends before it.');
  });

  it('catches a copy cut inside the headers (the first 10 KB of a real file)', () => {
    const r = checkDuckDbBytes('head.duckdb', realHeaders(12).subarray(0, 10_000), 10_000);
    expect(r).toMatchObject({
      ok: false,
      title: 'head.duckdb is truncated: 10,000 bytes, DuckDB expects at least 12,288 bytes',
    });
  });
});
