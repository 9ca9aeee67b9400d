// lb's strategies/*.py against lb-web's RateStrategySchema + ratesForFunction (server/peva/enumeration.ts).
// The random strategy samples as lb does, with CPython's random.Random(seed).sample
// (lib/contract/python-random.ts); an unseeded one cannot be compared (lb draws from OS entropy).
import { describe, expect, it } from 'vitest';
import { RateStrategySchema } from '@/lib/contract/peva-config';
import { describeRateStrategy } from '@/lib/contract/rate-strategy-description';
import { ratesForFunction } from '@/server/peva/enumeration';
import { casesOf, dropNulls, expectSame, loadFixture, show, title } from './support/fixtures';

const file = loadFixture('rate-strategies');

type LbRates = { ok: true; strategy: Record<string, unknown>; rates: number[] } | { ok: false; errors: unknown[] };

describe('rate strategies: rates', () => {
  for (const c of casesOf<{ strategy: unknown }, LbRates>(file, 'rates')) {
    it(title(c), () => {
      const parsed = RateStrategySchema.safeParse(c.input.strategy);
      const lb = c.expected;
      if (!lb.ok) {
        if (parsed.success) expect.fail(`lb rejects ${show(c.input.strategy)}; ours accepts`);
        return;
      }
      if (!parsed.success) expect.fail(`lb accepts; ours rejects: ${parsed.error.issues[0]?.message ?? ''}`);
      expectSame(ratesForFunction(parsed.data), lb.rates, 'rates');
    });
  }
});

describe('rate strategies: parsed fields', () => {
  for (const c of casesOf<{ strategy: unknown }, Record<string, unknown>>(file, 'strategy')) {
    it(title(c), () => {
      const parsed = RateStrategySchema.safeParse(c.input.strategy);
      if (!parsed.success) expect.fail(`lb accepts; ours rejects: ${parsed.error.issues[0]?.message ?? ''}`);
      expectSame(dropNulls(parsed.data), dropNulls(c.expected), 'strategy fields');
    });
  }
});

describe('rate strategies: description', () => {
  for (const c of casesOf<{ strategy: unknown }, string>(file, 'description')) {
    it(title(c), () => {
      const parsed = RateStrategySchema.safeParse(c.input.strategy);
      if (!parsed.success) expect.fail(`lb accepts; ours rejects: ${parsed.error.issues[0]?.message ?? ''}`);
      expectSame(describeRateStrategy(parsed.data), c.expected, 'description()');
    });
  }
});
