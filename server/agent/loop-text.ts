// The loop's log lines: figures rounded, NaN spelled out, node CPU given in both units (lb's
// percent of one core, and the share of the node's capacity the overload rule compares).
import 'server-only';
import type { BenchConfig } from '@/server/peva/enumeration';
import type { PevaConfig } from '@/lib/contract/peva-config';
import { cpuPctOfCapacity } from '@/server/peva/overload';
import { pyNumber, pyStrCompare } from '@/server/peva/python-format';
import type { ResultRow } from '@/server/peva/result-row';
import type { IdleSnapshot } from './cooldown-wait';

export const fmt = (n: number): string => (Number.isFinite(n) ? (Math.round(n * 100) / 100).toString() : 'NaN');

/** lb's `_format_pairs_label`: "env=20, figlet=10", sorted by function name (code-point order). */
export const configLabel = (bench: Pick<BenchConfig, 'pairs'>): string =>
  [...bench.pairs]
    .sort((a, b) => pyStrCompare(a.name, b.name))
    .map((p) => `${p.name}=${pyNumber(p.rate)}`)
    .join(', ');

/** "64 % of 2-core capacity": the unit the overload threshold is compared in. */
export function cpuCapacityText(pctOneCore: number, cores: number): string {
  return Number.isFinite(cores) && cores > 0
    ? `${fmt(cpuPctOfCapacity(pctOneCore, cores))} % of ${cores}-core capacity`
    : 'core count unknown';
}

export function baselineText(baseline: IdleSnapshot, cores: number): string {
  return (
    `baseline: cpu_usage_node=${fmt(baseline.cpu)} % of one core ` +
    `(${cpuCapacityText(baseline.cpu, cores)}), ram_usage_node_pct=${fmt(baseline.ram_pct)} %`
  );
}

export function iterationText(bench: BenchConfig, iteration: number, row: ResultRow, cores: number): string {
  const functions = row.perFunction
    .map((f) => `${f.name} ${fmt(f.requests)} req, success ${fmt(f.successRate)}, p95 ${fmt(f.latency.p95)} ms`)
    .join('; ');
  const cpu = `node cpu ${fmt(row.node.cpu_usage_node)} % of one core (${cpuCapacityText(row.node.cpu_usage_node, cores)})`;
  return `config ${bench.id} iteration ${iteration} done: ${functions}; ${cpu}${row.overloadedNode ? ' — OVERLOADED' : ''}`;
}

/** The overload rule the run applies, in words (the CPU unit decides what 80 means). */
export function overloadRuleText(o: PevaConfig['overload']): string {
  const cpu =
    o.cpu_unit === 'node_capacity'
      ? `node CPU > ${o.cpu_overload_pct_of_capacity} % of all cores (cpu_unit node_capacity, ours)`
      : `node CPU > ${o.cpu_overload_pct_of_capacity} % of one core (cpu_unit one_core, lb's rule)`;
  return (
    `overloaded when: ${cpu}, RAM > ${o.ram_overload_pct} %, mean success < ${o.success_rate_node_min}, ` +
    `or a function's success < ${o.success_rate_function_min} or replicas ≥ ${o.replicas_overload_threshold}`
  );
}

/**
 * `data.result` of a `result` event: the iteration's row as the run page and the controller read
 * it (lib/contract/run-results.ts ResultDataSchema); NaN travels as null.
 */
export function resultData(row: ResultRow, cpuUnit: string) {
  return {
    functions: row.perFunction.map((f) => ({
      function: f.name,
      rate: f.rate,
      requests: f.requests,
      success_rate: f.successRate,
      avg_ms: f.latency.avg,
      p50_ms: f.latency.p50,
      p95_ms: f.latency.p95,
      p99_ms: f.latency.p99,
      max_ms: f.latency.max,
      replicas: f.replicas,
      overloaded: f.overloaded,
    })),
    cpu_usage_node: row.node.cpu_usage_node,
    cpu_unit: cpuUnit,
    ram_usage_node_pct: row.node.ram_usage_node_pct,
    overloaded_node: row.overloadedNode,
  };
}
