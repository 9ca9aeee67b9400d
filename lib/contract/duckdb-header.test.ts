import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeStorageVersion, nodeApiHeaderProblem, readDuckDbHeader } from '@/lib/contract/duckdb-header';

/** A header as DuckDB lays it out: checksum, "DUCK", little-endian uint64 version. */
function header(version: bigint, magic = 'DUCK'): Uint8Array {
  const buf = new Uint8Array(64);
  buf.set(new TextEncoder().encode(magic), 8);
  new DataView(buf.buffer).setBigUint64(12, version, true);
  return buf;
}

describe('readDuckDbHeader', () => {
  it('reads version 64 from a file written by @duckdb/node-api', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'peva-hdr-'));
    try {
      const path = join(dir, 'real.duckdb');
      const inst = await DuckDBInstance.create(path);
      const conn = await inst.connect();
      await conn.run('CREATE TABLE t(a INTEGER)');
      conn.closeSync();
      inst.closeSync();
      expect(readDuckDbHeader(readFileSync(path))).toEqual({ ok: true, version: 64 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads 999 (DuckDB 2.x) and works on a subarray with an offset', () => {
    const padded = new Uint8Array(100);
    padded.set(header(999n), 10);
    expect(readDuckDbHeader(padded.subarray(10))).toEqual({ ok: true, version: 999 });
  });

  it('reports empty, text, truncated and garbage versions', () => {
    expect(readDuckDbHeader(new Uint8Array(0))).toEqual({ ok: false, reason: 'empty' });
    expect(readDuckDbHeader(new TextEncoder().encode('id,name\n1,figlet\n2,env\n'))).toEqual({
      ok: false,
      reason: 'not-duckdb',
    });
    expect(readDuckDbHeader(header(64n).subarray(0, 16))).toEqual({ ok: false, reason: 'truncated' });
    expect(readDuckDbHeader(header(64n).subarray(0, 10))).toEqual({ ok: false, reason: 'truncated' });
    expect(readDuckDbHeader(new Uint8Array(5))).toEqual({ ok: false, reason: 'truncated' });
    expect(readDuckDbHeader(header(64n, 'KUZU'))).toEqual({ ok: false, reason: 'not-duckdb' });
    expect(readDuckDbHeader(header(2n ** 60n))).toEqual({ ok: false, reason: 'not-duckdb' });
  });
});

describe('describeStorageVersion', () => {
  it('marks 64–67 readable by duckdb-wasm 1.32 and 999 / older / newer not', () => {
    for (const v of [64, 65, 66, 67]) expect(describeStorageVersion(v).readableByWasm).toBe(true);
    expect(describeStorageVersion(999)).toMatchObject({ readableByWasm: false, writtenBy: 'DuckDB 2.x' });
    expect(describeStorageVersion(999).message).toMatch(/no DuckDB 1\.x reader/);
    expect(describeStorageVersion(51).message).toMatch(/predates DuckDB 0\.10/);
    expect(describeStorageVersion(68).message).toMatch(/newer than duckdb-wasm 1\.32/);
  });

  it('nodeApiHeaderProblem names what DuckDB 1.x cannot open', () => {
    expect(nodeApiHeaderProblem(header(64n))).toBeUndefined();
    expect(nodeApiHeaderProblem(header(999n))).toMatch(/DuckDB 2\.x/);
    expect(nodeApiHeaderProblem(new Uint8Array(0))).toMatch(/empty/);
  });
});
