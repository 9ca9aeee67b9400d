// Streams a query's Arrow batches into rows, stopping at maxRows (the rest is never
// fetched) or when the query was stopped by a timeout/cancel.
import type { AsyncDuckDBConnection } from '@duckdb/duckdb-wasm';
import { appendRows, columnsOf, type ArrowBatchLike, type Cell, type ResultColumn } from './arrow-values';
import type { QueryError, QueryResult } from './query-types';

export async function readResult(
  conn: AsyncDuckDBConnection,
  sql: string,
  maxRows: number,
  stopped: () => QueryError | null,
): Promise<Omit<QueryResult, 'durationMs'>> {
  const reader = await conn.send(sql, true);
  const rows: Cell[][] = [];
  let columns: ResultColumn[] = [];
  let truncated = false;
  for await (const batch of reader as AsyncIterable<ArrowBatchLike>) {
    const stop = stopped();
    if (stop) throw stop;
    if (columns.length === 0) columns = columnsOf(batch);
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
    columns = schema?.fields.map((f) => ({ name: f.name, type: String(f.type) })) ?? [];
  }
  if (truncated) await conn.cancelSent().catch(() => false);
  return { columns, rows, rowCount: rows.length, truncated };
}
