// The numbers of a PEVA-FAAS plan that the New-run form and the server both need: each function's
// rates (lb's rate strategies), how many configurations they make (lb's count_configurations)
// and lb's runtime estimate (`FaasPlanBuilder.estimate_runtime_seconds`,
// _faas_shared/plan_builder.py). The configurations themselves (ids, order) are built on the
// server (server/peva/enumeration.ts) from the same rates.
import { parseDurationSeconds, type PevaConfig, type RateStrategy } from './peva-config';
import { PythonRandom } from './python-random';

// Float steps (e.g. 0.1) accumulate error; 9 decimals is far below any meaningful rate.
const tidy = (n: number): number => Number(n.toFixed(9));
const sortUnique = (xs: number[]): number[] => [...new Set(xs)].sort((a, b) => a - b);

/**
 * The seed when a random strategy gives none. lb then seeds from OS entropy (`Random(None)`), so
 * its rates change from run to run; lb-web fixes it so that a resumed run enumerates the same
 * configurations (and ids) as the run it continues. 0 is `random.Random(0)` in lb.
 */
export const DEFAULT_RANDOM_SEED = 0;

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

/**
 * How many configurations the plan has, without building them (lb's `count_configurations`):
 * for each combination size k, the sum over k-subsets of the product of their rate counts — the
 * k-th elementary symmetric polynomial of the counts (O(functions × k); may be Infinity).
 */
export function countConfigs(config: Pick<PevaConfig, 'functions' | 'rate_strategy' | 'combinations'>): number {
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

/**
 * lb's `estimate_runtime_seconds`: `max(1, duration × max(1, iterations) × max(1, configurations))`
 * with the duration in lb's whole seconds (`parse_duration_seconds`: "500ms" counts as 1 s). Load
 * time only: cooldowns, Prometheus queries and configurations a resumed run skips are not in it.
 */
export function estimateRuntimeSeconds(
  config: Pick<PevaConfig, 'functions' | 'rate_strategy' | 'combinations' | 'duration' | 'iterations'>,
  configurations: number = countConfigs(config),
): number {
  const duration = parseDurationSeconds(config.duration);
  return Math.max(1, duration * Math.max(1, config.iterations) * Math.max(1, configurations));
}

/** "45 s", "12 min 30 s", "3 h 5 min", "2 d 4 h": an estimate for people, whole units only. */
export function formatRuntime(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'more than 10^308 s';
  const s = Math.round(seconds);
  const parts: Array<[number, string]> = [
    [Math.floor(s / 86_400), 'd'],
    [Math.floor((s % 86_400) / 3600), 'h'],
    [Math.floor((s % 3600) / 60), 'min'],
    [s % 60, 's'],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  if (first < 0) return '0 s';
  return parts
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n} ${unit}`)
    .join(' ');
}
