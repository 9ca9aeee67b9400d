// Configuration enumeration as lb does it (FORMATS.md §6): sorted names, combinations of
// size min..max-1, cartesian product of per-function rate lists, config_id from sha256.
import 'server-only';
import { createHash } from 'node:crypto';
import type { PevaConfig } from '@/lib/contract/peva-config';
import { ratesForFunction } from '@/lib/contract/rate-plan';

export interface ConfigPair {
  name: string;
  rate: number;
}

export interface BenchConfig {
  id: string;
  /** Sorted by function name. */
  pairs: ConfigPair[];
}

const byName = (a: ConfigPair, b: ConfigPair): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

// The rates, the count and lb's runtime estimate live in lib/contract (the New-run form shows them).
export { countConfigs, DEFAULT_RANDOM_SEED, estimateRuntimeSeconds, ratesForFunction } from '@/lib/contract/rate-plan';

/** First 12 hex chars of sha256("name:rate|name:rate"), names sorted: lb's config_id. */
export function configId(pairs: ConfigPair[]): string {
  const payload = [...pairs]
    .sort(byName)
    .map((p) => `${p.name}:${String(p.rate)}`)
    .join('|');
  return createHash('sha256').update(payload, 'utf8').digest('hex').slice(0, 12);
}

/** All k-subsets of `items` in itertools.combinations order. */
export function combinations<T>(items: readonly T[], k: number): T[][] {
  const out: T[][] = [];
  const pick = (start: number, acc: T[]): void => {
    if (acc.length === k) {
      out.push([...acc]);
      return;
    }
    for (let i = start; i <= items.length - (k - acc.length); i++) pick(i + 1, [...acc, items[i]!]);
  };
  if (k >= 0 && k <= items.length) pick(0, []);
  return out;
}

/** Cartesian product in itertools.product order (last list varies fastest). */
function product(lists: ConfigPair[][]): ConfigPair[][] {
  return lists.reduce<ConfigPair[][]>((acc, list) => acc.flatMap((prefix) => list.map((p) => [...prefix, p])), [[]]);
}

/** Every configuration of a run, in the deterministic order lb runs them. */
export function enumerateConfigs(config: PevaConfig): BenchConfig[] {
  const fns = [...config.functions].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const rates = new Map(fns.map((f) => [f.name, ratesForFunction(config.rate_strategy, f.max_rate)]));
  const { min_functions: lo, max_functions: hi } = config.combinations;
  const out: BenchConfig[] = [];
  for (let size = lo; size < hi; size++) {
    for (const combo of combinations(fns, size)) {
      const lists = combo.map((f) => (rates.get(f.name) ?? []).map((rate) => ({ name: f.name, rate })));
      for (const pairs of product(lists)) out.push({ id: configId(pairs), pairs });
    }
  }
  return out;
}
