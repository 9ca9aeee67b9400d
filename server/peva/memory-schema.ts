// DDL of lb's DuckDB memory file, schema `peva_faas_mem_v1` (FORMATS.md §9). Names,
// columns, types and constraints match lb exactly so either tool reads the other's file;
// `execution_results` is ours (typed numbers the browser can chart without JSON functions,
// which duckdb-wasm would have to download).
import 'server-only';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import {
  MEMORY_SCHEMA_VERSION,
  RESULT_KEY_COLUMNS,
  RESULT_VALUE_COLUMNS,
  RESULTS_TABLE,
} from '@/lib/contract/memory-tables';
import type { ResultRecord } from '@/lib/contract/run-results';

export const LB_SCHEMA_DDL: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS memory_schema_meta(schema_version TEXT NOT NULL, created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS run_sessions(run_id TEXT PRIMARY KEY, started_at TIMESTAMP, ended_at TIMESTAMP, mode TEXT,
     batch_size_n INTEGER, batch_window_s INTEGER, config_hash TEXT, git_rev TEXT, status TEXT)`,
  `CREATE TABLE IF NOT EXISTS config_catalog(config_id TEXT PRIMARY KEY, functions JSON, rates JSON, config_json JSON,
     n_functions INTEGER, sum_rate DOUBLE)`,
  `CREATE TABLE IF NOT EXISTS execution_events(config_id TEXT NOT NULL, iteration INTEGER NOT NULL, repetition INTEGER NOT NULL,
     run_id TEXT NOT NULL, config_functions JSON, config_rates JSON, start_ts DOUBLE,
     end_ts DOUBLE, duration_s DOUBLE, skip_reason TEXT, payload_json JSON,
     UNIQUE(config_id, iteration, repetition, run_id))`,
  `CREATE TABLE IF NOT EXISTS k6_raw_summaries(config_id TEXT NOT NULL, iteration INTEGER NOT NULL, repetition INTEGER NOT NULL,
     run_id TEXT NOT NULL, summary_json JSON NOT NULL, summary_size_bytes BIGINT,
     ingested_at TIMESTAMP, UNIQUE(config_id, iteration, repetition, run_id))`,
  `CREATE TABLE IF NOT EXISTS policy_updates(update_id TEXT PRIMARY KEY, run_id TEXT NOT NULL, mode TEXT NOT NULL,
     records_seen BIGINT, score DOUBLE, loss DOUBLE, ts TIMESTAMP NOT NULL)`,
];

export const RESULTS_DDL = `CREATE TABLE IF NOT EXISTS ${RESULTS_TABLE}(
  config_id TEXT NOT NULL, iteration INTEGER NOT NULL, repetition INTEGER NOT NULL, run_id TEXT NOT NULL,
  function_name TEXT NOT NULL,
  ${RESULT_VALUE_COLUMNS.map(([name, type]) => `${name} ${type}`).join(', ')},
  UNIQUE(${RESULT_KEY_COLUMNS.join(', ')}))`;

export const ALL_DDL: readonly string[] = [...LB_SCHEMA_DDL, RESULTS_DDL];

export const RESULTS_INSERT_SQL = (() => {
  const cols = [...RESULT_KEY_COLUMNS, ...RESULT_VALUE_COLUMNS.map(([name]) => name)];
  const params = cols.map((_, i) => `$${i + 1}`).join(', ');
  return `INSERT INTO ${RESULTS_TABLE} (${cols.join(', ')}) VALUES (${params}) ON CONFLICT DO NOTHING`;
})();

type Num = number | null;
type ValueColumn = (typeof RESULT_VALUE_COLUMNS)[number][0];
type Flag = 'overloaded_function' | 'overloaded_node';

/** One row of `execution_results`: config × iteration × repetition × run × function. NaN = not measured. */
export type ExecutionResultRow = {
  config_id: string;
  iteration: number;
  repetition: number;
  run_id: string;
  function_name: string;
} & {
  [K in Exclude<ValueColumn, 'functions' | Flag>]: Num;
} & { [K in Flag]: boolean | null } & { functions: string[] | string };

/** Non-finite numbers become NULL so SQL aggregates skip a missing measurement. */
function columnValue(column: ValueColumn, type: string, row: ExecutionResultRow): DuckDBValue {
  const v = row[column];
  if (column === 'functions') return Array.isArray(v) ? v.join(',') : (v as string);
  if (type === 'BOOLEAN') return typeof v === 'boolean' ? v : null;
  if (typeof v !== 'number' || !Number.isFinite(v)) return null;
  if (type === 'BIGINT') return BigInt(Math.round(v));
  return type === 'INTEGER' ? Math.round(v) : v;
}

/** Bind values for RESULTS_INSERT_SQL, in column order. */
export function resultRowValues(row: ExecutionResultRow): DuckDBValue[] {
  const key: DuckDBValue[] = [row.config_id, row.iteration, row.repetition, row.run_id, row.function_name];
  return [...key, ...RESULT_VALUE_COLUMNS.map(([name, type]) => columnValue(name, type, row))];
}

/** UTC wall-clock for TIMESTAMP columns (naive, as lb's are). */
export const nowTs = () => new Date().toISOString().replace('T', ' ').replace('Z', '');

/** Creates missing tables and writes memory_schema_meta once; refuses another schema version. */
export async function applySchema(c: DuckDBConnection, file: string): Promise<void> {
  for (const ddl of ALL_DDL) await c.run(ddl);
  const meta = (await c.runAndReadAll('SELECT schema_version FROM memory_schema_meta LIMIT 1')).getRowObjects()[0];
  if (!meta) {
    const ts = nowTs();
    await c.run('INSERT INTO memory_schema_meta VALUES ($1, $2::TIMESTAMP, $3::TIMESTAMP)', [
      MEMORY_SCHEMA_VERSION,
      ts,
      ts,
    ]);
  } else if (meta.schema_version !== MEMORY_SCHEMA_VERSION) {
    throw new Error(
      `memory file ${file} has schema_version ${String(meta.schema_version)}, expected ${MEMORY_SCHEMA_VERSION}; ` +
        'start the run with a fresh memory file to move it aside',
    );
  } else {
    // lb's store stamps updated_at on every startup of an existing file (created_at stays).
    await c.run('UPDATE memory_schema_meta SET updated_at = $1::TIMESTAMP', [nowTs()]);
  }
}

export interface ExecutionRecord {
  configId: string;
  iteration: number;
  repetition: number;
  runId: string;
  functions: string[];
  rates: number[];
  startTs: number;
  endTs: number;
  skipReason?: string | null;
  payload: { result_row: unknown; metrics: unknown; summary: unknown };
  /** Typed rows written in the same transaction as the event. */
  results?: ExecutionResultRow[];
  /** lb-web's result record of the iteration (a `result` event's data), for policies; not stored. */
  record?: ResultRecord;
}
