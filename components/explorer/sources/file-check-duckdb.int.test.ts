// The file check against files DuckDB itself wrote (@duckdb/node-api, the version the runner
// uses): a memory file reused across runs, shrunk by DuckDB at a checkpoint below its header's
// block count, is whole; the same file cut inside a block is not.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { readDatabaseHeader } from '@/lib/contract/duckdb-header';
import { checkDuckDbBytes } from './file-check';

const dir = mkdtempSync(join(tmpdir(), 'lbweb-filecheck-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function session(file: string, sql: string[]): Promise<void> {
  const db = await DuckDBInstance.create(file);
  const c = await db.connect();
  try {
    for (const q of sql) await c.run(q);
    await c.run('CHECKPOINT');
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

describe('file check on files DuckDB wrote', () => {
  it('accepts a file DuckDB shrank below its block count, and refuses the same file cut mid-block', async () => {
    const file = join(dir, 'memory.duckdb');
    // Runs of a memory file that grows, loses rows and drops a table: at the last checkpoint
    // the blocks at the end are free and DuckDB cuts them off the file (measured: 6 → 2 blocks).
    for (let round = 0; round < 5; round++) {
      const sql = [
        'CREATE TABLE IF NOT EXISTS e (i BIGINT, s VARCHAR)',
        `INSERT INTO e SELECT range + ${round * 100000}, repeat('y', ${50 + round * 7}) FROM range(${20000 + (round % 3) * 40000})`,
      ];
      if (round % 2) sql.push(`DELETE FROM e WHERE i % ${3 + round} = 0`);
      if (round === 3) sql.push('CREATE OR REPLACE TABLE e AS SELECT * FROM e WHERE i % 2 = 0');
      sql.push(
        round === 4
          ? 'DROP TABLE IF EXISTS z'
          : `CREATE OR REPLACE TABLE z AS SELECT range AS r FROM range(${round * 30000})`,
      );
      await session(file, sql);
    }
    const bytes = new Uint8Array(readFileSync(file));
    const size = statSync(file).size;
    const header = readDatabaseHeader(bytes)!;
    expect(size).toBeLessThan(12288 + header.blockCount * header.blockAllocSize);
    expect(checkDuckDbBytes('memory.duckdb', bytes, size)).toMatchObject({ ok: true });

    const cut = size - 1000;
    const r = checkDuckDbBytes('memory.duckdb', bytes.subarray(0, cut), cut);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.title).toMatch(/is truncated/);
  });
});
