// Streams a query's Arrow batches into rows, stopping at maxRows (the rest is never
// fetched) or when the query was stopped by a timeout/cancel.
import type { AsyncDuckDBConnection } from '@duckdb/duckdb-wasm';
import { appendRows, columnsOf, type ArrowBatchLike, type Cell, type ResultColumn } from './arrow-values';
import type { QueryError, QueryResult } from './query-types';

/** A statement DESCRIBE can name the columns of. */
const SELECT_LIKE = /^\s*(\(\s*)*(select|with|from|values|table)\b/i;

/** DuckDB's own type names for the result's columns, or undefined when DESCRIBE cannot tell. */
async function describeTypes(conn: AsyncDuckDBConnection, sql: string): Promise<string[] | undefined> {
  if (!SELECT_LIKE.test(sql)) return undefined;
  try {
    const t = await conn.query(`DESCRIBE ${sql.trim().replace(/;\s*$/, '')}`);
    const types = t.getChild('column_type');
    return types ? Array.from({ length: t.numRows }, (_, i) => String(types.get(i))) : undefined;
  } catch {
    return undefined;
  }
}

/** How many rows a truncated query has in all, counted with a bound; null when unknown. */
async function countAll(conn: AsyncDuckDBConnection, sql: string): Promise<number | null> {
  if (!SELECT_LIKE.test(sql)) return null;
  try {
    const counted = conn.query(`SELECT count(*) AS n FROM (${sql.trim().replace(/;\s*$/, '')})`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const bound = new Promise<null>((r) => (timer = setTimeout(() => r(null), COUNT_TIMEOUT_MS)));
    const t = await Promise.race([counted, bound]).finally(() => clearTimeout(timer));
    if (!t) {
      await conn.cancelSent().catch(() => false);
      return null;
    }
    return Number(t.getChild('n')?.get(0) ?? NaN);
  } catch {
    return null;
  }
}

const COUNT_TIMEOUT_MS = 5_000;

export async function readResult(
  conn: AsyncDuckDBConnection,
  sql: string,
  maxRows: number,
  stopped: () => QueryError | null,
  opts: { countTruncated?: boolean } = {},
): Promise<Omit<QueryResult, 'durationMs'>> {
  const duckdbTypes = await describeTypes(conn, sql);
  const reader = await conn.send(sql, true);
  const rows: Cell[][] = [];
  let columns: ResultColumn[] = [];
  let truncated = false;
  for await (const batch of reader as AsyncIterable<ArrowBatchLike>) {
    const stop = stopped();
    if (stop) throw stop;
    if (columns.length === 0) columns = columnsOf(batch, duckdbTypes);
    const room = maxRows - rows.length;
    appendRows(batch, columns, rows, room);
    if (batch.numRows > room) {
      truncated = true;
      break;
    }
  }
  // An empty result has no batch: take the column names from the stream's schema.
  if (columns.length === 0) {
    const schema = (reader as { schema?: ArrowBatchLike['schema'] }).schema;
    columns = schema ? columnsOf({ schema }, duckdbTypes) : [];
  }
  let totalRows: number | null = rows.length;
  if (truncated) {
    await conn.cancelSent().catch(() => false);
    totalRows = opts.countTruncated ? await countAll(conn, sql) : null;
  }
  return { columns, rows, rowCount: rows.length, truncated, totalRows };
}
