// One result row per configuration × iteration. `lbRow` is lb's row exactly as
// result_builder.py build_result_row makes it (results.csv, payload_json.result_row): per
// configured function `function_<n>` … `medium_latency_function_<n>` (empty strings for a
// function outside the configuration), then the node and idle columns, floats as f"{v:.3f}" or
// "nan". lb-web's richer data (latency percentiles, requests, config_id, …) is in `typedRows`
// (execution_results) and `richRecords` (results-lbweb.csv).
import 'server-only';
import type { PevaConfig } from '@/lib/contract/peva-config';
import type { CsvValue } from './csv';
import type { BenchConfig, ConfigPair } from './enumeration';
import { NAN_LATENCY, type FunctionStats, type LatencyStats } from './k6-summary';
// Type only: the typed DuckDB table (execution_results) is owned by memory-schema.ts.
import type { ExecutionResultRow } from './memory-schema';
import { DEFAULT_CPU_UNIT, functionOverloaded, nodeOverloaded, overloadCpuValue } from './overload';
import { pyFixed, pyStrCompare } from './python-format';

export interface PerFunctionResult {
  name: string;
  rate: number;
  successRate: number;
  requests: number;
  latency: LatencyStats;
  replicas: number;
  /** cpu_usage_function, percent of one core. */
  cpu: number;
  /** ram_usage_function, bytes. */
  ram: number;
  /** power_usage_function (NaN: lb-web does not query it). */
  power: number;
  overloaded: boolean;
  noSamples: boolean;
}

export interface NodeMetrics {
  cpu_usage_node: number;
  ram_usage_node: number;
  ram_usage_node_pct: number;
  power_usage_node: number;
}

/** The node when the cooldown found it idle, before the load (lb's MetricsSnapshot fields). */
export interface IdleSnapshotInput {
  cpu: number;
  ram: number;
  ram_pct: number;
  power: number;
}

/** lb's row: keys in lb's order; floats are "%.3f"/"nan" strings, counts and flags ints. */
export type LbResultRow = Record<string, string | number>;

export interface ResultRow extends NodeMetrics {
  config_id: string;
  iteration: number;
  repetition: number;
  run_id: string;
  start_ts: number;
  end_ts: number;
  duration_s: number;
  n_functions: number;
  functions: string[];
  rates: number[];
  /** lb's `avg_success_rate`: mean success rate of the row's functions (NaN propagates; 1.0 when none). */
  success_rate_node: number;
  overloaded_node: 0 | 1;
  overloadedNode: boolean;
  idle: IdleSnapshotInput;
  rest_seconds: number;
  perFunction: PerFunctionResult[];
  /** The node metrics again, grouped (what the agent logs and puts in payload_json.metrics). */
  node: NodeMetrics;
  /** Every configured function, in lb's order (sorted): the columns of lbRow. */
  allFunctions: string[];
  /** lb's results.csv row and payload_json.result_row. */
  lbRow: LbResultRow;
  /** One typed row per function for the execution_results table. */
  typedRows: ExecutionResultRow[];
  /** results-lbweb.csv: one record per function, RICH_RESULTS_HEADER keys. */
  richRecords: Array<Record<string, CsvValue>>;
}

export interface BuildResultRowInput {
  runId: string;
  config: BenchConfig;
  /** Every function of the run's config (lb's `function_names`): one column group each. */
  allFunctions: readonly string[];
  iteration: number;
  repetition: number;
  /** Epoch seconds around the load phase. */
  startTs: number;
  endTs: number;
  stats: FunctionStats[];
  replicas: Record<string, number>;
  node: NodeMetrics;
  functionMetrics: Record<string, { cpu: number; ram: number; power?: number }>;
  /** The cooldown's idle snapshot before this iteration (lb's `cooldown_result.snapshot`). */
  idle: IdleSnapshotInput;
  /** Seconds the cooldown waited (lb's `cooldown_result.waited_seconds`). */
  restSeconds: number;
  overload: PevaConfig['overload'];
  /** CPU cores of the node (node_cpu_seconds_total), for `overload.cpu_unit: node_capacity` (overload.ts). */
  nodeCores?: number;
}

/** Column names of one function in lb's results.csv, in lb's order. */
export const lbFunctionColumns = (name: string): string[] => [
  `function_${name}`,
  `rate_function_${name}`,
  `success_rate_function_${name}`,
  `cpu_usage_function_${name}`,
  `ram_usage_function_${name}`,
  `power_usage_function_${name}`,
  `replica_${name}`,
  `overloaded_function_${name}`,
  `medium_latency_function_${name}`,
];

export const LB_NODE_COLUMNS = [
  'cpu_usage_idle_node',
  'cpu_usage_node',
  'ram_usage_idle_node',
  'ram_usage_node',
  'ram_usage_idle_node_percentage',
  'ram_usage_node_percentage',
  'power_usage_idle_node',
  'power_usage_node',
  'rest_seconds',
  'overloaded_node',
] as const;

/** lb's function order: `sorted(fn.name for fn in config.functions)` (code-point order). */
export const lbFunctionOrder = (names: readonly string[]): string[] => [...new Set(names)].sort(pyStrCompare);

/** plugin.py `_results_header(functions)`. */
export function lbResultsHeader(functions: readonly string[]): string[] {
  return [...functions.flatMap(lbFunctionColumns), ...LB_NODE_COLUMNS];
}

/** result_builder.py `_format_float`: f"{v:.3f}", "nan" for NaN. */
export const lbFloat = (v: number): string => pyFixed(v, 3);

/** Python's int() of a measurement lb holds as a number; what lb-web has as NaN is written 0 (see below). */
const lbInt = (v: number): number => (Number.isFinite(v) ? Math.trunc(v) || 0 : 0);

/**
 * result_builder.py `build_result_row` with lb-web's per-function values. Where lb cannot hold
 * what lb-web measured: replicas lb-web could not read (NaN) are 0, as lb's faas-cli fallback
 * gives; an average latency of a function without samples (NaN) is 0, k6's empty-trend average.
 */
export function buildLbResultRow(args: {
  allFunctions: readonly string[];
  perFunction: readonly PerFunctionResult[];
  node: NodeMetrics;
  idle: IdleSnapshotInput;
  restSeconds: number;
  overloadedNode: boolean;
}): LbResultRow {
  const row: LbResultRow = {};
  const byName = new Map(args.perFunction.map((f) => [f.name, f]));
  for (const name of args.allFunctions) {
    const f = byName.get(name);
    const cols = lbFunctionColumns(name);
    const values: Array<string | number> = f
      ? [
          name,
          f.rate,
          lbFloat(f.successRate),
          lbFloat(f.cpu),
          lbFloat(f.ram),
          lbFloat(f.power),
          lbInt(f.replicas),
          f.overloaded ? 1 : 0,
          lbInt(f.latency.avg),
        ]
      : cols.map(() => '');
    cols.forEach((c, i) => (row[c] = values[i]!));
  }
  const { node, idle } = args;
  const nodeValues: Array<string | number> = [
    lbFloat(idle.cpu),
    lbFloat(node.cpu_usage_node),
    lbFloat(idle.ram),
    lbFloat(node.ram_usage_node),
    lbFloat(idle.ram_pct),
    lbFloat(node.ram_usage_node_pct),
    lbFloat(idle.power),
    lbFloat(node.power_usage_node),
    lbInt(args.restSeconds),
    args.overloadedNode ? 1 : 0,
  ];
  LB_NODE_COLUMNS.forEach((c, i) => (row[c] = nodeValues[i]!));
  return row;
}

/** result_builder.py `build_skipped_row`: name and rate of the configuration's functions, "" for the others. */
export function buildLbSkippedRow(
  allFunctions: readonly string[],
  pairs: readonly ConfigPair[],
): Record<string, string | number> {
  const rates = new Map(pairs.map((p) => [p.name, p.rate]));
  const row: Record<string, string | number> = {};
  for (const name of allFunctions) {
    const rate = rates.get(name);
    row[`function_${name}`] = rate === undefined ? '' : name;
    row[`rate_function_${name}`] = rate === undefined ? '' : rate;
  }
  return row;
}

/** plugin.py `_skipped_header(functions)`. */
export const lbSkippedHeader = (functions: readonly string[]): string[] =>
  functions.flatMap((n) => [`function_${n}`, `rate_function_${n}`]);

const num = (v: number | undefined): number => (typeof v === 'number' ? v : NaN);

export function buildResultRow(input: BuildResultRowInput): ResultRow {
  const stats = new Map(input.stats.map((s) => [s.name, s]));
  const perFunction = input.config.pairs.map(({ name, rate }): PerFunctionResult => {
    const s = stats.get(name);
    const replicas = num(input.replicas[name]);
    // lb: `summary_metrics.get(name, {}).get("success_rate", 1.0)` and `…("avg_latency", 0.0)`,
    // the summary's values as they are (0 requests → k6's 0, NaN stays NaN).
    const successRate = s ? s.successRate : 1.0;
    return {
      name,
      rate,
      successRate,
      requests: s?.requests ?? 0,
      latency: s ? { ...s.latency } : { ...NAN_LATENCY, avg: 0 },
      replicas,
      cpu: num(input.functionMetrics[name]?.cpu),
      ram: num(input.functionMetrics[name]?.ram),
      power: num(input.functionMetrics[name]?.power),
      overloaded: functionOverloaded({ successRate, replicas }, input.overload),
      noSamples: !s || s.noSamples,
    };
  });
  const allFunctions = lbFunctionOrder(input.allFunctions);
  // lb's decisions count the configured functions of its row only (`all_functions` ∩ the pairs);
  // the mean is lb's: NaN propagates, and it is 1.0 when no function is in the row.
  const inRow = perFunction.filter((f) => allFunctions.includes(f.name));
  const meanSuccess = inRow.length > 0 ? inRow.reduce((a, f) => a + f.successRate, 0) / inRow.length : 1.0;
  const overloadedNode = nodeOverloaded(
    {
      meanSuccessRate: meanSuccess,
      cpuPctOfCapacity: overloadCpuValue(input.node.cpu_usage_node, input.nodeCores ?? NaN, input.overload.cpu_unit),
      ramPct: input.node.ram_usage_node_pct,
      anyFunctionOverloaded: inRow.some((f) => f.overloaded),
    },
    input.overload,
  );
  const idle = { ...input.idle };
  const row: Omit<ResultRow, 'lbRow' | 'typedRows' | 'richRecords'> = {
    config_id: input.config.id,
    iteration: input.iteration,
    repetition: input.repetition,
    run_id: input.runId,
    start_ts: input.startTs,
    end_ts: input.endTs,
    duration_s: input.endTs - input.startTs,
    n_functions: perFunction.length,
    functions: perFunction.map((f) => f.name),
    rates: perFunction.map((f) => f.rate),
    ...input.node,
    success_rate_node: meanSuccess,
    overloaded_node: overloadedNode ? 1 : 0,
    overloadedNode,
    idle,
    rest_seconds: input.restSeconds,
    perFunction,
    node: { ...input.node },
    allFunctions,
  };
  const lbRow = buildLbResultRow({
    allFunctions,
    perFunction,
    node: input.node,
    idle,
    restSeconds: input.restSeconds,
    overloadedNode,
  });
  const typedRows = toTypedRows(row);
  return {
    ...row,
    lbRow,
    typedRows,
    richRecords: toRichRecords(row, typedRows, input.overload.cpu_unit ?? DEFAULT_CPU_UNIT),
  };
}

function toTypedRows(row: Omit<ResultRow, 'lbRow' | 'typedRows' | 'richRecords'>): ExecutionResultRow[] {
  return row.perFunction.map((f) => ({
    config_id: row.config_id,
    iteration: row.iteration,
    repetition: row.repetition,
    run_id: row.run_id,
    function_name: f.name,
    rate: f.rate,
    success_rate: f.successRate,
    requests: f.requests,
    latency_avg_ms: f.latency.avg,
    latency_p50_ms: f.latency.p50,
    latency_p90_ms: f.latency.p90,
    latency_p95_ms: f.latency.p95,
    latency_p99_ms: f.latency.p99,
    latency_max_ms: f.latency.max,
    replicas: f.replicas,
    cpu_usage_function: f.cpu,
    ram_usage_function: f.ram,
    cpu_usage_node: row.cpu_usage_node,
    ram_usage_node: row.ram_usage_node,
    ram_usage_node_pct: row.ram_usage_node_pct,
    overloaded_function: f.overloaded,
    overloaded_node: row.overloadedNode,
    start_ts: row.start_ts,
    end_ts: row.end_ts,
    n_functions: row.n_functions,
    functions: row.functions,
  }));
}

/**
 * results-lbweb.csv: lb-web's own file beside lb's results.csv, one line per function of an
 * iteration (the execution_results columns) plus the node, idle and cooldown values.
 */
export const RICH_RESULTS_HEADER = [
  'run_id',
  'config_id',
  'iteration',
  'repetition',
  'start_ts',
  'end_ts',
  'duration_s',
  'n_functions',
  'functions',
  'rates',
  'function_name',
  'rate',
  'success_rate',
  'requests',
  'latency_avg_ms',
  'latency_p50_ms',
  'latency_p90_ms',
  'latency_p95_ms',
  'latency_p99_ms',
  'latency_max_ms',
  'replicas',
  'cpu_usage_function',
  'ram_usage_function',
  'power_usage_function',
  'overloaded_function',
  'cpu_usage_node',
  'ram_usage_node',
  'ram_usage_node_pct',
  'power_usage_node',
  'cpu_usage_idle_node',
  'ram_usage_idle_node',
  'ram_usage_idle_node_pct',
  'power_usage_idle_node',
  'rest_seconds',
  'success_rate_node',
  'overloaded_node',
  // What cpu_overload_pct_of_capacity was compared with (overload.cpu_unit): one_core is lb's.
  'overload_cpu_unit',
] as const;

function toRichRecords(
  row: Omit<ResultRow, 'lbRow' | 'typedRows' | 'richRecords'>,
  typed: readonly ExecutionResultRow[],
  cpuUnit: string,
): Array<Record<string, CsvValue>> {
  return typed.map((t, i) => ({
    run_id: row.run_id,
    config_id: row.config_id,
    iteration: row.iteration,
    repetition: row.repetition,
    start_ts: row.start_ts,
    end_ts: row.end_ts,
    duration_s: row.duration_s,
    n_functions: row.n_functions,
    // JSON text, as config_catalog and execution_events hold them.
    functions: JSON.stringify(row.functions),
    rates: JSON.stringify(row.rates),
    function_name: t.function_name,
    rate: t.rate,
    success_rate: t.success_rate,
    requests: t.requests,
    latency_avg_ms: t.latency_avg_ms,
    latency_p50_ms: t.latency_p50_ms,
    latency_p90_ms: t.latency_p90_ms,
    latency_p95_ms: t.latency_p95_ms,
    latency_p99_ms: t.latency_p99_ms,
    latency_max_ms: t.latency_max_ms,
    replicas: t.replicas,
    cpu_usage_function: t.cpu_usage_function,
    ram_usage_function: t.ram_usage_function,
    power_usage_function: row.perFunction[i]!.power,
    overloaded_function: t.overloaded_function ? 1 : 0,
    cpu_usage_node: row.cpu_usage_node,
    ram_usage_node: row.ram_usage_node,
    ram_usage_node_pct: row.ram_usage_node_pct,
    power_usage_node: row.power_usage_node,
    cpu_usage_idle_node: row.idle.cpu,
    ram_usage_idle_node: row.idle.ram,
    ram_usage_idle_node_pct: row.idle.ram_pct,
    power_usage_idle_node: row.idle.power,
    rest_seconds: row.rest_seconds,
    success_rate_node: row.success_rate_node,
    overloaded_node: row.overloaded_node,
    overload_cpu_unit: cpuUnit,
  }));
}

/** lb's metrics dict (metrics_collector.collect_all_metrics): node values, then cpu/ram/power per function. */
export interface LbMetrics extends NodeMetrics {
  functions: Record<string, { cpu?: number; ram?: number; power?: number }>;
}

/** The metrics lb stores (payload_json.metrics, metrics-….csv): every function with cpu, ram and power. */
export function lbMetrics(
  node: NodeMetrics,
  functions: Readonly<Record<string, { cpu: number; ram: number; power?: number }>>,
): LbMetrics {
  return {
    cpu_usage_node: node.cpu_usage_node,
    ram_usage_node: node.ram_usage_node,
    ram_usage_node_pct: node.ram_usage_node_pct,
    power_usage_node: node.power_usage_node,
    functions: Object.fromEntries(
      Object.entries(functions).map(([name, f]) => [name, { cpu: f.cpu, ram: f.ram, power: num(f.power) }]),
    ),
  };
}
