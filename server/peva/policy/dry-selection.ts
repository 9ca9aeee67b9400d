// A selection without load: the policy's rounds (policy-rounds.ts) with each chosen
// configuration "measured" by a function, fed back through update_online / update_batch the way
// the memory engine does. Tests and bench/capacity-search-bench.ts use it to count what a
// policy would run.
import 'server-only';
import type { ResultRecord } from '@/lib/contract/run-results';
import type { BenchConfig } from '@/server/peva/enumeration';
import type { ExecutionRecord } from '@/server/peva/memory-schema';
import { PolicyRounds, type LoadedPolicy } from './policy-rounds';
import type { PolicyUpdateSummary } from './policy-contract';

export interface DrySelection {
  chosen: BenchConfig[];
  updates: PolicyUpdateSummary[];
}

export async function drySelection(
  candidates: readonly BenchConfig[],
  policy: LoadedPolicy,
  measure: (config: BenchConfig, iteration: number) => ResultRecord,
  iterations = 1,
): Promise<DrySelection> {
  const rounds = new PolicyRounds(policy, candidates);
  const chosen: BenchConfig[] = [];
  const updates: PolicyUpdateSummary[] = [];
  const keep = (u: void | PolicyUpdateSummary) => void (u && updates.push(u));
  for (let batch = rounds.next(); batch.length > 0; batch = rounds.next()) {
    const events: ExecutionRecord[] = [];
    for (const config of batch) {
      chosen.push(config);
      for (let iteration = 1; iteration <= iterations; iteration++) {
        const event = eventOf(config, iteration, measure(config, iteration));
        if (policy.settings.selectionMode === 'online') keep(await policy.algorithm.updateOnline(event));
        else events.push(event);
      }
    }
    if (events.length) keep(await policy.algorithm.updateBatch(events));
  }
  return { chosen, updates };
}

function eventOf(config: BenchConfig, iteration: number, record: ResultRecord): ExecutionRecord {
  return {
    configId: config.id,
    iteration,
    repetition: 1,
    runId: 'dry',
    functions: config.pairs.map((p) => p.name),
    rates: config.pairs.map((p) => p.rate),
    startTs: 0,
    endTs: 0,
    payload: { result_row: {}, metrics: {}, summary: {} },
    record,
  };
}

/** A record whose p95 grows with the load: `p95Ms(rate)` per function, nothing overloaded. */
export function syntheticRecord(config: BenchConfig, iteration: number, p95Ms: (fn: string, rate: number) => number) {
  return {
    config_id: config.id,
    iteration,
    label: config.pairs.map((p) => `${p.name}=${p.rate}`).join(', '),
    functions: config.pairs.map((p) => ({
      function: p.name,
      rate: p.rate,
      requests: p.rate * 10,
      success_rate: 1,
      avg_ms: p95Ms(p.name, p.rate) / 2,
      p50_ms: p95Ms(p.name, p.rate) / 2,
      p95_ms: p95Ms(p.name, p.rate),
      p99_ms: Number.NaN,
      max_ms: p95Ms(p.name, p.rate),
      replicas: 1,
      overloaded: false,
    })),
    cpu_usage_node: 0,
    cpu_unit: 'cores',
    ram_usage_node_pct: 0,
    overloaded_node: false,
  } satisfies ResultRecord;
}
