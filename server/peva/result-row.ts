// One result row per configuration × iteration (lb's results.csv idea). lb names per-function
// columns after the function (`rate_function_figlet`), so its header changes with the function
// set; ours uses numbered slots `…_function_<i>` so one run has one fixed header.
import 'server-only';
import type { PevaConfig } from '@/lib/contract/peva-config';
import type { BenchConfig } from './enumeration';
import { NAN_LATENCY, type FunctionStats, type LatencyStats } from './k6-summary';
import { cpuPctOfCapacity, functionOverloaded, nodeOverloaded } from './overload';
import type { CsvValue } from './csv';
// Type only: the typed DuckDB table (execution_results) is owned by memory-schema.ts.
import type { ExecutionResultRow } from './memory-schema';

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
  overloaded: boolean;
  noSamples: boolean;
}

export interface NodeMetrics {
  cpu_usage_node: number;
  ram_usage_node: number;
  ram_usage_node_pct: number;
  power_usage_node: number;
}

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
  /** Mean success rate of the functions that had samples; NaN when none had. */
  success_rate_node: number;
  overloaded_node: 0 | 1;
  overloadedNode: boolean;
  perFunction: PerFunctionResult[];
  /** The node metrics again, grouped (what the agent logs and puts in payload_json.metrics). */
  node: NodeMetrics;
  /** lb-like flat row (fixed columns + this row's slots) for payload_json.result_row. */
  record: Record<string, CsvValue>;
  /** One typed row per function for the execution_results table. */
  typedRows: ExecutionResultRow[];
}

export interface BuildResultRowInput {
  runId: string;
  config: BenchConfig;
  iteration: number;
  repetition: number;
  /** Epoch seconds around the load phase. */
  startTs: number;
  endTs: number;
  stats: FunctionStats[];
  replicas: Record<string, number>;
  node: NodeMetrics;
  functionMetrics: Record<string, { cpu: number; ram: number }>;
  overload: PevaConfig['overload'];
  /**
   * CPU cores of the node (from node_cpu_seconds_total). With it, node CPU is compared to
   * cpu_overload_pct_of_capacity as percent of the node's capacity; without it (unknown),
   * lb's raw percent-of-one-core value is compared, as lb does (overload.ts).
   */
  nodeCores?: number;
}

/** The node CPU compared to the threshold: percent of capacity when the core count is known. */
function overloadCpu(cpuPctOneCore: number, cores: number | undefined): number {
  return cores !== undefined && Number.isFinite(cores) && cores > 0
    ? cpuPctOfCapacity(cpuPctOneCore, cores)
    : cpuPctOneCore;
}

export const FIXED_COLUMNS = [
  'config_id',
  'iteration',
  'repetition',
  'run_id',
  'start_ts',
  'end_ts',
  'duration_s',
  'n_functions',
  'functions',
  'rates',
  'cpu_usage_node',
  'ram_usage_node',
  'ram_usage_node_pct',
  'power_usage_node',
  'success_rate_node',
  'overloaded_node',
] as const;

export const SLOT_COLUMNS = [
  'function',
  'rate_function',
  'success_rate_function',
  'requests_function',
  'latency_avg_function',
  'latency_p50_function',
  'latency_p90_function',
  'latency_p95_function',
  'latency_p99_function',
  'latency_max_function',
  'replica_function',
  'cpu_usage_function',
  'ram_usage_function',
  'overloaded_function',
] as const;

/** Slots a run needs: its largest combination (max_functions is exclusive), at most one per function. */
export function resultSlots(config: PevaConfig): number {
  return Math.min(config.combinations.max_functions - 1, config.functions.length);
}

export function resultHeader(maxSlots: number): string[] {
  const slots = Array.from({ length: maxSlots }, (_, k) => SLOT_COLUMNS.map((c) => `${c}_${k + 1}`));
  return [...FIXED_COLUMNS, ...slots.flat()];
}

const num = (v: number | undefined): number => (typeof v === 'number' ? v : NaN);

export function buildResultRow(input: BuildResultRowInput): ResultRow {
  const stats = new Map(input.stats.map((s) => [s.name, s]));
  const perFunction = input.config.pairs.map(({ name, rate }): PerFunctionResult => {
    const s = stats.get(name);
    const replicas = num(input.replicas[name]);
    const successRate = s && !s.noSamples ? s.successRate : NaN;
    return {
      name,
      rate,
      successRate,
      requests: s?.requests ?? 0,
      latency: s && !s.noSamples ? { ...s.latency } : { ...NAN_LATENCY },
      replicas,
      cpu: num(input.functionMetrics[name]?.cpu),
      ram: num(input.functionMetrics[name]?.ram),
      overloaded: functionOverloaded({ successRate, replicas }, input.overload),
      noSamples: !s || s.noSamples,
    };
  });
  const rates = perFunction.map((f) => f.successRate).filter((r) => Number.isFinite(r));
  const meanSuccess = rates.length > 0 ? rates.reduce((a, b) => a + b, 0) / rates.length : NaN;
  const overloadedNode = nodeOverloaded(
    {
      meanSuccessRate: meanSuccess,
      cpuPctOfCapacity: overloadCpu(input.node.cpu_usage_node, input.nodeCores),
      ramPct: input.node.ram_usage_node_pct,
      anyFunctionOverloaded: perFunction.some((f) => f.overloaded),
    },
    input.overload,
  );
  const row: Omit<ResultRow, 'record' | 'typedRows'> = {
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
    perFunction,
    node: { ...input.node },
  };
  return { ...row, record: resultRowToCsvRecord(row, perFunction.length), typedRows: toTypedRows(row) };
}

function toTypedRows(row: Omit<ResultRow, 'record' | 'typedRows'>): ExecutionResultRow[] {
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

/** The row as header-name → value; functions/rates as JSON arrays (same as config_catalog). */
export function resultRowToCsvRecord(
  row: Pick<ResultRow, (typeof FIXED_COLUMNS)[number] | 'perFunction'>,
  maxSlots: number,
): Record<string, CsvValue> {
  if (row.perFunction.length > maxSlots) {
    throw new Error(
      `result row ${row.config_id} has ${row.perFunction.length} functions but the header has ${maxSlots} slots; use resultSlots(config)`,
    );
  }
  const record: Record<string, CsvValue> = {};
  for (const col of FIXED_COLUMNS) {
    const v = row[col];
    record[col] = Array.isArray(v) ? JSON.stringify(v) : v;
  }
  for (let k = 1; k <= maxSlots; k++) {
    const f = row.perFunction[k - 1];
    const values: CsvValue[] = f
      ? [
          f.name,
          f.rate,
          f.successRate,
          f.requests,
          f.latency.avg,
          f.latency.p50,
          f.latency.p90,
          f.latency.p95,
          f.latency.p99,
          f.latency.max,
          f.replicas,
          f.cpu,
          f.ram,
          f.overloaded ? 1 : 0,
        ]
      : SLOT_COLUMNS.map(() => '');
    SLOT_COLUMNS.forEach((c, i) => (record[`${c}_${k}`] = values[i]));
  }
  return record;
}
