// Overload rules of lb (FORMATS.md §6). Every comparison is written so that NaN (a metric
// Prometheus or k6 could not give) is never "over the threshold": missing data must not
// skip the rest of a run as dominated.
import 'server-only';
import type { PevaConfig } from '@/lib/contract/peva-config';

export type OverloadConfig = PevaConfig['overload'];

/**
 * Unit of `cpu_usage_node` as recorded (results.csv, DuckDB): lb's query is
 * `100 * sum(1 - rate(idle))` summed over all cores, i.e. percent of ONE core (a 4-core node
 * at full load reads 400). We record that value unchanged, so files match lb's.
 */
export const CPU_UNIT = 'percent of one core';

/**
 * What `cpu_overload_pct_of_capacity` is compared with (`overload.cpu_unit`, ours):
 * - 'one_core' (default, lb's rule): the recorded percent-of-one-core value, so the default 80
 *   trips at 0.8 busy cores whatever the node has;
 * - 'node_capacity': percent of the node's capacity (all cores), what the field's name says —
 *   on a 2-core machine an idle desktop reads ~100 % of one core, and every configuration would
 *   be "overloaded" under lb's rule. Without a core count it falls back to lb's comparison.
 */
export type CpuUnit = 'one_core' | 'node_capacity';
export const DEFAULT_CPU_UNIT: CpuUnit = 'one_core';

/** The CPU figure the overload rule compares, in `unit`. */
export function overloadCpuValue(cpuPctOneCore: number, cores: number, unit: CpuUnit = DEFAULT_CPU_UNIT): number {
  if (unit === 'one_core') return cpuPctOneCore;
  const capacity = cpuPctOfCapacity(cpuPctOneCore, cores);
  return Number.isNaN(capacity) ? cpuPctOneCore : capacity;
}

/** Percent of the whole node (all cores): 400 % of one core on 4 cores → 100. NaN if cores unknown. */
export function cpuPctOfCapacity(cpuPctOneCore: number, cores: number): number {
  if (!Number.isFinite(cores) || cores <= 0) return Number.NaN;
  return cpuPctOneCore / cores;
}

export interface FunctionOverloadInput {
  successRate: number;
  replicas: number;
}

/** Success rate under the function minimum, or replicas at/over the threshold. */
export function functionOverloaded(input: FunctionOverloadInput, cfg: OverloadConfig): boolean {
  return input.successRate < cfg.success_rate_function_min || input.replicas >= cfg.replicas_overload_threshold;
}

export interface NodeOverloadInput {
  meanSuccessRate: number;
  /** The value compared to `cpu_overload_pct_of_capacity` (overloadCpuValue). */
  cpuPctOfCapacity: number;
  ramPct: number;
  anyFunctionOverloaded: boolean;
}

export function nodeOverloaded(input: NodeOverloadInput, cfg: OverloadConfig): boolean {
  return (
    input.meanSuccessRate < cfg.success_rate_node_min ||
    input.cpuPctOfCapacity > cfg.cpu_overload_pct_of_capacity ||
    input.ramPct > cfg.ram_overload_pct ||
    input.anyFunctionOverloaded
  );
}

/** A configuration is overloaded when strictly more than half of its iterations were. */
export function configOverloaded(iterationFlags: boolean[]): boolean {
  const overloaded = iterationFlags.filter(Boolean).length;
  return overloaded > iterationFlags.length / 2;
}
