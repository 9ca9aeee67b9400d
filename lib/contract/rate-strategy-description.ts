// lb's RateStrategy.description() (strategies/*.py): the one-line summary lb prints for a
// strategy, e.g. "Linear: 10 to 100 step 5" or "Custom: 6 rates [1..100]".
import type { RateStrategy } from './peva-config';

export function describeRateStrategy(s: RateStrategy): string {
  switch (s.type) {
    case 'linear':
      return `Linear: ${s.min_rate} to ${s.max_rate} step ${s.step}`;
    case 'random':
      return `Random: ${s.count} rates in [${s.min_rate}, ${s.max_rate}]${s.seed !== undefined ? `, seed=${s.seed}` : ''}`;
    case 'exponential':
      return `Exponential: ${s.base}^[${s.min_power}..${s.max_power}]${s.max_rate ? `, capped at ${s.max_rate}` : ''}`;
    case 'custom':
      // Python prints the list as "[1, 5, 10]".
      return s.rates.length <= 5
        ? `Custom: [${s.rates.join(', ')}]`
        : `Custom: ${s.rates.length} rates [${s.rates[0]}..${s.rates[s.rates.length - 1]}]`;
  }
}
