// The loop's log lines: figures rounded, NaN spelled out, node CPU given in both units (lb's
// percent of one core, and the share of the node's capacity the overload rule compares).
import 'server-only';
import type { BenchConfig } from '@/server/peva/enumeration';
import { cpuPctOfCapacity } from '@/server/peva/overload';
import type { ResultRow } from '@/server/peva/result-row';
import type { IdleSnapshot } from './cooldown-wait';

export const fmt = (n: number): string => (Number.isFinite(n) ? (Math.round(n * 100) / 100).toString() : 'NaN');

/** "figlet@10, env@20". */
export const configLabel = (bench: BenchConfig): string => bench.pairs.map((p) => `${p.name}@${p.rate}`).join(', ');

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
