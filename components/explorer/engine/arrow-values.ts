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
  /** DuckDB's type name (BIGINT, TIMESTAMP, DECIMAL(10,2), …): what the headers show. */
  type: string;
  /** Arrow's type name (Int64, Timestamp<MICROSECOND>, Decimal[10e+2], …): how cells are read. */
  arrowType: string;
}

const DECIMAL = /^Decimal\[(\d+)e\+?(-?\d+)\]/;

/** DuckDB's name for an Arrow type, when no DESCRIBE told us (a PRAGMA, several statements). */
export function duckdbTypeOf(arrowType: string): string {
  const dec = DECIMAL.exec(arrowType);
  if (dec) return `DECIMAL(${dec[1]},${dec[2]})`;
  const simple: Record<string, string> = {
    Int8: 'TINYINT',
    Int16: 'SMALLINT',
    Int32: 'INTEGER',
    Int64: 'BIGINT',
    Uint8: 'UTINYINT',
    Uint16: 'USMALLINT',
    Uint32: 'UINTEGER',
    Uint64: 'UBIGINT',
    Float32: 'FLOAT',
    Float64: 'DOUBLE',
    Utf8: 'VARCHAR',
    LargeUtf8: 'VARCHAR',
    Bool: 'BOOLEAN',
    Binary: 'BLOB',
    LargeBinary: 'BLOB',
    Null: 'NULL',
  };
  if (simple[arrowType]) return simple[arrowType];
  if (/^Timestamp<[A-Z]+, /.test(arrowType)) return 'TIMESTAMP WITH TIME ZONE';
  if (/^Timestamp/.test(arrowType)) return 'TIMESTAMP';
  if (/^Date/.test(arrowType)) return 'DATE';
  if (/^Time/.test(arrowType)) return 'TIME';
  if (/^Interval/.test(arrowType)) return 'INTERVAL';
  if (/^List/.test(arrowType)) return 'LIST';
  if (/^Struct/.test(arrowType)) return 'STRUCT';
  if (/^Map/.test(arrowType)) return 'MAP';
  return arrowType;
}

/** An unscaled decimal integer ("1234", "-5") with `scale` digits after the point ("12.34"). */
export function scaleDecimal(digits: string, scale: number): string {
  if (scale <= 0) return digits;
  const neg = digits.startsWith('-');
  const abs = (neg ? digits.slice(1) : digits).padStart(scale + 1, '0');
  return `${neg ? '-' : ''}${abs.slice(0, -scale)}.${abs.slice(-scale)}`;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

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
  // Exact: a BIGINT beyond 2^53 as its digits (a double would round 2^53+1 to 2^53).
  if (typeof v === 'bigint') return v >= -MAX_SAFE && v <= MAX_SAFE ? Number(v) : v.toString();
  const dec = DECIMAL.exec(type);
  if (dec && typeof v === 'object') {
    const text = scaleDecimal(String(v), Number(dec[2]));
    // Small decimals stay numbers (sortable, chartable); long ones keep every digit.
    return text.replace(/^-/, '').replace('.', '').replace(/^0+/, '').length <= 15 ? Number(text) : text;
  }
  if (v instanceof Date) return naiveIso(v.getTime());
  if (v instanceof Uint8Array) {
    const hex = Array.from(v.subarray(0, 64), (b) => b.toString(16).padStart(2, '0')).join('');
    return `\\x${hex}${v.length > 64 ? `… (${v.length} bytes)` : ''}`;
  }
  if (typeof v === 'object') return jsonSafe(v);
  return String(v);
}

/** Columns of a batch; `duckdbTypes` (from DESCRIBE) name them as DuckDB does when given. */
export function columnsOf(batch: Pick<ArrowBatchLike, 'schema'>, duckdbTypes?: readonly string[]): ResultColumn[] {
  return batch.schema.fields.map((f, i) => {
    const arrowType = String(f.type);
    return { name: f.name, arrowType, type: duckdbTypes?.[i] ?? duckdbTypeOf(arrowType) };
  });
}

/** Appends up to `limit` rows of a batch to `out`; returns how many it appended. */
export function appendRows(batch: ArrowBatchLike, columns: ResultColumn[], out: Cell[][], limit: number): number {
  const n = Math.min(batch.numRows, Math.max(0, limit));
  const vectors = columns.map((_, i) => batch.getChildAt(i));
  for (let r = 0; r < n; r++) {
    const row: Cell[] = new Array<Cell>(columns.length);
    for (let c = 0; c < columns.length; c++) row[c] = toCell(vectors[c]?.get(r), columns[c]!.arrowType);
    out.push(row);
  }
  return n;
}

/** Rows as objects keyed by column name (for the PEVA and catalog queries). */
export function rowObjects(columns: readonly ResultColumn[], rows: readonly Cell[][]): Array<Record<string, Cell>> {
  return rows.map((row) => Object.fromEntries(columns.map((c, i) => [c.name, row[i] ?? null])));
}
