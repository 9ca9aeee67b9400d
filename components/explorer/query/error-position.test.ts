import { describe, expect, it } from 'vitest';
import { errorPosition } from './error-position';

const at = (sql: string, r: { from: number; to: number } | null) => (r ? sql.slice(r.from, r.to) : null);

describe('where a DuckDB error points', () => {
  it('finds the token under the caret on the first line', () => {
    const sql = 'SELECT 1 FORM t';
    const msg = 'Parser Error: syntax error at or near "FORM"\n\nLINE 1: SELECT 1 FORM t\n                 ^';
    expect(at(sql, errorPosition(sql, msg))).toBe('FORM');
  });

  it('counts the lines before it', () => {
    const sql = 'SELECT a,\n  b\nFROM missing_table';
    const msg =
      'Catalog Error: Table with name missing_table does not exist!\n\nLINE 3: FROM missing_table\n             ^';
    expect(at(sql, errorPosition(sql, msg))).toBe('missing_table');
  });

  it('follows a line DuckDB cut with "..."', () => {
    const sql = `SELECT ${'x, '.repeat(40)}nope FROM t`;
    const shown = `...x, x, x, nope FROM t`;
    const caret = ' '.repeat('LINE 1: ...x, x, x, '.length) + '^';
    expect(at(sql, errorPosition(sql, `Binder Error: column "nope"\n\nLINE 1: ${shown}\n${caret}`))).toBe('nope');
  });

  it('is null without a caret, or for a line the SQL does not have', () => {
    expect(errorPosition('SELECT 1', 'Binder Error: something')).toBeNull();
    expect(errorPosition('SELECT 1', 'x\nLINE 4: SELECT 1\n        ^')).toBeNull();
  });
});
