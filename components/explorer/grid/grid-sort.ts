// Sort order of result rows as an index array (the rows themselves never move, so a
// 100 000-row result re-sorts without copying). Nulls sort last, NaN after numbers.
import type { Cell } from '@/components/explorer/engine/arrow-values';

export type SortDir = 'asc' | 'desc';
export interface SortSpec {
  column: number;
  dir: SortDir;
}

function rank(v: Cell): number {
  if (v === null) return 3;
  if (typeof v === 'number' && Number.isNaN(v)) return 2;
  return typeof v === 'number' || typeof v === 'boolean' ? 0 : 1;
}

/** Compares two cells: numbers/booleans numerically, text by code point, then NaN, then null. */
export function compareCells(a: Cell, b: Cell): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return Number(a) - Number(b);
  if (ra === 1) {
    const sa = String(a);
    const sb = String(b);
    return sa < sb ? -1 : sa > sb ? 1 : 0;
  }
  return 0;
}

export function sortOrder(rows: readonly Cell[][], spec: SortSpec | null): number[] {
  const order = Array.from({ length: rows.length }, (_, i) => i);
  if (!spec) return order;
  const { column, dir } = spec;
  const sign = dir === 'asc' ? 1 : -1;
  return order.sort((i, j) => {
    const a = rows[i]![column] ?? null;
    const b = rows[j]![column] ?? null;
    // Missing values stay at the bottom in both directions.
    const ra = rank(a);
    const rb = rank(b);
    if (ra >= 2 || rb >= 2) return ra - rb || i - j;
    return sign * compareCells(a, b) || i - j;
  });
}

/** Next sort state when a header is clicked: asc → desc → off. */
export function nextSort(current: SortSpec | null, column: number): SortSpec | null {
  if (!current || current.column !== column) return { column, dir: 'asc' };
  return current.dir === 'asc' ? { column, dir: 'desc' } : null;
}

/** Text of a cell as shown and copied (NaN as DuckDB prints it). */
export function cellText(v: Cell): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number')
    return Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : String(v);
  return String(v);
}

/** A row as a JSON object keyed by column (non-finite numbers kept as DuckDB's text). */
export function rowJson(columns: readonly string[], row: readonly Cell[]): string {
  const obj: Record<string, Cell> = {};
  columns.forEach((c, i) => {
    const v = row[i] ?? null;
    obj[c] = typeof v === 'number' && !Number.isFinite(v) ? cellText(v) : v;
  });
  return JSON.stringify(obj);
}
