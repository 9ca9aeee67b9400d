// How many configurations the capacity search runs at most, for the pre-flight: per line
// (capacity-lines.ts) the worst case over every capacity the line could have, found by a dry
// selection (no load), summed over the lines. An upper bound: lines of one combination also
// learn from each other's results, which only saves configurations.
import 'server-only';
import { DEFAULT_POLICY_SETTINGS } from '@/lib/contract/policy-settings';
import type { BenchConfig } from '@/server/peva/enumeration';
import { buildLines } from './capacity-lines';
import { CapacitySearchPolicy } from './capacity-search';
import { drySelection, syntheticRecord } from './dry-selection';

const LIMIT_MS = 100;
/** The worst case depends on the line length only: computed once per length per process. */
const worstByLength = new Map<number, number>();

/** The most configurations a search of a line of `n` rates runs (one probe per round). */
async function worstForLine(n: number): Promise<number> {
  const line: BenchConfig[] = Array.from({ length: n }, (_, i) => ({
    id: `p${i}`,
    pairs: [{ name: 'f', rate: i + 1 }],
  }));
  let worst = 0;
  for (let capacity = 0; capacity <= n; capacity++) {
    const algorithm = new CapacitySearchPolicy({ thresholds: { '*': { p95_ms: LIMIT_MS } } });
    const { chosen } = await drySelection(line, { settings: DEFAULT_POLICY_SETTINGS, algorithm }, (c, i) =>
      syntheticRecord(c, i, (_fn, rate) => (rate <= capacity ? LIMIT_MS / 2 : LIMIT_MS * 2)),
    );
    worst = Math.max(worst, chosen.length);
  }
  return worst;
}

export async function capacitySearchUpperBound(configs: readonly BenchConfig[]): Promise<number> {
  let total = 0;
  for (const line of buildLines(configs)) {
    const n = line.points.length;
    if (!worstByLength.has(n)) worstByLength.set(n, await worstForLine(n));
    total += worstByLength.get(n)!;
  }
  return total;
}
