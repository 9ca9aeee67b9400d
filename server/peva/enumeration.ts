// Configuration enumeration as lb does it (FORMATS.md §6): sorted names, combinations of
// size min..max-1, cartesian product of per-function rate lists, config_id from sha256.
import 'server-only';
import { createHash } from 'node:crypto';
import type { PevaConfig, RateStrategy } from '@/lib/contract/peva-config';
import { PythonRandom } from './python-random';

export interface ConfigPair {
  name: string;
  rate: number;
}

export interface BenchConfig {
  id: string;
  /** Sorted by function name. */
  pairs: ConfigPair[];
}

// Float steps (e.g. 0.1) accumulate error; 9 decimals is far below any meaningful rate.
const tidy = (n: number): number => Number(n.toFixed(9));
const sortUnique = (xs: number[]): number[] => [...new Set(xs)].sort((a, b) => a - b);
const byName = (a: ConfigPair, b: ConfigPair): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * lb's `RandomRateStrategy.generate_rates`: `sorted(random.Random(seed).sample(range(lo, hi + 1),
 * min(count, size)))`, or the whole range when count covers it — drawn with CPython's generator
 * (python-random.ts), so a seed gives lb's very rates. lb takes whole bounds (pydantic `int`);
 * lb-web's schema admits fractional ones, which only their integer interior can honour.
 */
function randomRates(min: number, max: number, count: number, seed: number): number[] {
  const lo = Math.ceil(min);
  const hi = Math.floor(max);
  const size = Math.max(0, hi - lo + 1);
  if (Math.min(count, size) === size) return Array.from({ length: size }, (_, i) => lo + i);
  return new PythonRandom(seed)
    .sampleIndices(size, count)
    .map((i) => lo + i)
    .sort((a, b) => a - b);
}

/**
 * The seed when a random strategy gives none. lb then seeds from OS entropy (`Random(None)`), so
 * its rates change from run to run; lb-web fixes it so that a resumed run enumerates the same
 * configurations (and ids) as the run it continues. 0 is `random.Random(0)` in lb.
 */
export const DEFAULT_RANDOM_SEED = 0;

function strategyRates(strategy: RateStrategy): number[] {
  switch (strategy.type) {
    case 'linear': {
      const out: number[] = [];
      for (let i = 0; tidy(strategy.min_rate + i * strategy.step) <= strategy.max_rate; i++) {
        out.push(tidy(strategy.min_rate + i * strategy.step));
      }
      return out;
    }
    case 'random':
      return randomRates(strategy.min_rate, strategy.max_rate, strategy.count, strategy.seed ?? DEFAULT_RANDOM_SEED);
    case 'exponential': {
      const out: number[] = [];
      for (let p = strategy.min_power; p <= strategy.max_power; p++) {
        const r = tidy(strategy.base ** p);
        if (strategy.max_rate !== undefined && r > strategy.max_rate) break;
        out.push(r);
      }
      return out;
    }
    case 'custom':
      return [...strategy.rates];
  }
}

/** Rates one function is tested at: the strategy's list, sorted, unique, capped by its max_rate. */
export function ratesForFunction(strategy: RateStrategy, maxRate?: number): number[] {
  const rates = sortUnique(strategyRates(strategy));
  return maxRate === undefined ? rates : rates.filter((r) => r <= maxRate);
}

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

/**
 * How many configurations `enumerateConfigs` would produce, without building them: for each
 * combination size k, the sum over k-subsets of the product of their rate counts — the k-th
 * elementary symmetric polynomial of the counts (O(functions × k); may be Infinity).
 */
export function countConfigs(config: PevaConfig): number {
  const counts = config.functions.map((f) => ratesForFunction(config.rate_strategy, f.max_rate).length);
  const { min_functions: lo, max_functions: hi } = config.combinations;
  const top = Math.min(hi - 1, counts.length);
  // e[k] after processing some functions = sum over k-subsets of them of the product of counts.
  const e = new Array<number>(top + 1).fill(0);
  e[0] = 1;
  for (const c of counts) for (let k = top; k >= 1; k--) e[k]! += e[k - 1]! * c;
  let total = 0;
  for (let k = lo; k <= top; k++) total += e[k]!;
  return total;
}
