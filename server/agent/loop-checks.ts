// Why a configuration is not run: already done (resume) or dominated by an overloaded one,
// and whether every function it calls is deployed on the gateway.
import 'server-only';
import { dominates } from '@/server/peva/dominance';
import type { BenchConfig } from '@/server/peva/enumeration';
import { listFunctions, probeFunction } from './gateway-client';

export interface SkipReason {
  reason: string;
  dominatedBy?: string;
}

/** Resume (DuckDB memory, then this output's index.csv) before dominance, as lb orders them. */
export function skipReason(
  bench: BenchConfig,
  index: ReadonlySet<string>,
  memory: ReadonlySet<string>,
  overloaded: readonly BenchConfig[],
): SkipReason | null {
  if (memory.has(bench.id)) return { reason: 'already_in_memory: config_catalog of the DuckDB memory has it' };
  if (index.has(bench.id)) return { reason: 'already_in_index: index.csv of this output has it' };
  const dominated = overloaded.find((o) => dominates(bench.pairs, o.pairs));
  if (dominated) return { reason: 'dominated_by_overload', dominatedBy: dominated.id };
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
