// The DuckDB memory file's table and column names (schema `peva_faas_mem_v1`): lb's six
// tables, plus our typed `execution_results` (numbers the browser charts without JSON
// functions). The DDL that creates them is server-side (server/peva/memory-schema.ts); the
// explorer queries the same names.

export const MEMORY_SCHEMA_VERSION = 'peva_faas_mem_v1';

/** lb's six tables, in creation order. */
export const LB_TABLES = [
  'memory_schema_meta',
  'run_sessions',
  'config_catalog',
  'execution_events',
  'k6_raw_summaries',
  'policy_updates',
] as const;

export const RESULTS_TABLE = 'execution_results';
export const ALL_TABLES = [...LB_TABLES, RESULTS_TABLE] as const;
export type MemoryTable = (typeof ALL_TABLES)[number];

/** Column order of `execution_results` after its key; shared by DDL, inserts and tests. */
export const RESULT_VALUE_COLUMNS = [
  ['rate', 'DOUBLE'],
  ['success_rate', 'DOUBLE'],
  ['requests', 'BIGINT'],
  ['latency_avg_ms', 'DOUBLE'],
  ['latency_p50_ms', 'DOUBLE'],
  ['latency_p90_ms', 'DOUBLE'],
  ['latency_p95_ms', 'DOUBLE'],
  ['latency_p99_ms', 'DOUBLE'],
  ['latency_max_ms', 'DOUBLE'],
  ['replicas', 'INTEGER'],
  ['cpu_usage_function', 'DOUBLE'],
  ['ram_usage_function', 'DOUBLE'],
  ['cpu_usage_node', 'DOUBLE'],
  ['ram_usage_node', 'DOUBLE'],
  ['ram_usage_node_pct', 'DOUBLE'],
  ['overloaded_function', 'BOOLEAN'],
  ['overloaded_node', 'BOOLEAN'],
  ['start_ts', 'DOUBLE'],
  ['end_ts', 'DOUBLE'],
  ['n_functions', 'INTEGER'],
  ['functions', 'TEXT'],
] as const;

export const RESULT_KEY_COLUMNS = ['config_id', 'iteration', 'repetition', 'run_id', 'function_name'] as const;
