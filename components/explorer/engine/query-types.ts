// Query results and errors as the explorer's UI sees them (no duckdb-wasm types here).
import type { Cell, ResultColumn } from './arrow-values';

export type QueryErrorKind = 'duckdb' | 'timeout' | 'cancelled' | 'engine' | 'refused';
export class QueryError extends Error {
  constructor(
    message: string,
    readonly kind: QueryErrorKind,
    readonly durationMs: number,
  ) {
    super(message);
    this.name = 'QueryError';
  }
}

export interface QueryResult {
  columns: ResultColumn[];
  rows: Cell[][];
  /** Rows returned (at most maxRows); `truncated` when the query had more. */
  rowCount: number;
  truncated: boolean;
  /** Rows of the whole result when truncated and counted (bounded); null when unknown. */
  totalRows?: number | null;
  durationMs: number;
}

export interface QueryOptions {
  timeoutMs?: number;
  /**
   * Run on the editor's session connection, so TEMP tables, SET and USE persist between
   * the user's queries; internal queries (catalog, views) get a connection each.
   */
  session?: boolean;
  /** Rows kept in the page; the rest are not fetched (default 200 000). */
  maxRows?: number;
}

export interface QueryHandle {
  result: Promise<QueryResult>;
  cancel(): void;
}
