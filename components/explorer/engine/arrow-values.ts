// Turns Arrow record batches (what duckdb-wasm returns) into plain rows of primitive
// cells, so the grid can sort, copy and export them without knowing Arrow. Structural
// types only: the page never imports apache-arrow directly.

export type Cell = string | number | boolean | null;

export interface ArrowFieldLike {
  name: string;
  type: { toString(): string };
}
export interface ArrowVectorLike {
  get(index: number): unknown;
}
export interface ArrowBatchLike {
  numRows: number;
  schema: { fields: ArrowFieldLike[] };
  getChildAt(index: number): ArrowVectorLike | null;
}

export interface ResultColumn {
  name: string;
  /** Arrow's type name (Utf8, Float64, Timestamp<MICROSECOND>, …). */
  type: string;
}

const naiveIso = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

function jsonSafe(v: unknown): string {
  const plain = typeof (v as { toJSON?: unknown }).toJSON === 'function' ? (v as { toJSON(): unknown }).toJSON() : v;
  return JSON.stringify(plain, (_k, x: unknown) => (typeof x === 'bigint' ? Number(x) : x));
}

/** One Arrow value as a primitive cell; timestamps as naive ISO text (DuckDB TIMESTAMP has no zone). */
export function toCell(v: unknown, type: string): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') {
    if (/^Timestamp/.test(type) || type === 'Date64<MILLISECOND>' || /^Date64/.test(type)) return naiveIso(v);
    if (/^Date32/.test(type) || /^Date</.test(type)) return new Date(v).toISOString().slice(0, 10);
    return v;
  }
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return naiveIso(v.getTime());
  if (v instanceof Uint8Array) {
    const hex = Array.from(v.subarray(0, 64), (b) => b.toString(16).padStart(2, '0')).join('');
    return `\\x${hex}${v.length > 64 ? `… (${v.length} bytes)` : ''}`;
  }
  if (typeof v === 'object') return jsonSafe(v);
  return String(v);
}

export function columnsOf(batch: ArrowBatchLike): ResultColumn[] {
  return batch.schema.fields.map((f) => ({ name: f.name, type: String(f.type) }));
}

/** Appends up to `limit` rows of a batch to `out`; returns how many it appended. */
export function appendRows(batch: ArrowBatchLike, columns: ResultColumn[], out: Cell[][], limit: number): number {
  const n = Math.min(batch.numRows, Math.max(0, limit));
  const vectors = columns.map((_, i) => batch.getChildAt(i));
  for (let r = 0; r < n; r++) {
    const row: Cell[] = new Array<Cell>(columns.length);
    for (let c = 0; c < columns.length; c++) row[c] = toCell(vectors[c]?.get(r), columns[c]!.type);
    out.push(row);
  }
  return n;
}

/** Rows as objects keyed by column name (for the PEVA and catalog queries). */
export function rowObjects(columns: readonly ResultColumn[], rows: readonly Cell[][]): Array<Record<string, Cell>> {
  return rows.map((row) => Object.fromEntries(columns.map((c, i) => [c.name, row[i] ?? null])));
}
