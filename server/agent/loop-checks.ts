// Why a selected configuration is not run (lb's `DfaasConfigExecutor._check_skip_reason`), and
// whether every function it calls is deployed on the gateway. Configurations already seen (in
// index.csv or in the DuckDB memory) never get here: the scheduler leaves them out
// (server/peva/scheduler.ts selectConfigs).
import 'server-only';
import { dominates } from '@/server/peva/dominance';
import type { BenchConfig } from '@/server/peva/enumeration';
import { listFunctions, probeFunction } from './gateway-client';
import { configLabel } from './loop-text';

/** lb's reason codes (`skipped=<reason>` in its log line). */
export type SkipCode = 'dominated_by_overload' | 'already_indexed';

export interface SkipReason {
  /** lb's code, or for a configuration its iterations gave up on, why (e.g. a cooldown timeout). */
  reason: SkipCode | string;
  /** lb-web's words for people: what dominated it, which file had it. */
  detail?: string;
  /** config_id of the overloaded configuration it dominates. */
  dominatedBy?: string;
}

/**
 * lb's order: dominance by a configuration found overloaded earlier in this run, then this
 * output's index.csv (`already_indexed`; lb's scheduler has already left those out, so in a run
 * it does not come up).
 */
export function skipReason(
  bench: BenchConfig,
  index: ReadonlySet<string>,
  overloaded: readonly BenchConfig[],
): SkipReason | null {
  const dominated = overloaded.find((o) => dominates(bench.pairs, o.pairs));
  if (dominated) {
    return {
      reason: 'dominated_by_overload',
      detail: `dominates ${dominated.id} (${configLabel(dominated)}), which overloaded the node earlier in this run`,
      dominatedBy: dominated.id,
    };
  }
  if (index.has(bench.id)) return { reason: 'already_indexed', detail: 'index.csv of this output has it' };
  return null;
}

export interface MissingFunctions {
  message: string;
  context: Record<string, unknown>;
}

/** The functions of `bench` the gateway does not list, with its answer when each is called. */
export async function missingFunctions(
  bench: BenchConfig,
  gateway: { url: string; auth?: string },
  signal: AbortSignal,
): Promise<MissingFunctions | null> {
  let deployed: string[];
  try {
    deployed = (await listFunctions(gateway.url, gateway.auth, signal)).map((f) => f.name);
  } catch {
    return null; // The load itself will show the gateway's answer.
  }
  const absent = bench.pairs.map((p) => p.name).filter((n) => !deployed.includes(n));
  if (!absent.length) return null;
  const answers = await Promise.all(
    absent.map(async (n) => ({ function: n, ...(await probeFunction(gateway.url, n, gateway.auth)) })),
  );
  return {
    message: answers
      .map((a) => `function ${a.function} is not deployed; gateway answered ${a.status}: ${a.body}`)
      .join('; '),
    context: { answers, deployed },
  };
}
