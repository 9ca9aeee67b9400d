import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parsePevaConfig, type PevaConfig, type PevaConfigInput } from '@/lib/contract/peva-config';
import { combinations, configId, countConfigs, enumerateConfigs, ratesForFunction } from './enumeration';

function config(input: PevaConfigInput): PevaConfig {
  const r = parsePevaConfig(input);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.config;
}
const strategy = (s: unknown) =>
  config({ functions: [{ name: 'a' }], rate_strategy: s as PevaConfigInput['rate_strategy'] }).rate_strategy;

describe('ratesForFunction', () => {
  it('linear includes both bounds', () => {
    expect(ratesForFunction(strategy({ type: 'linear', min_rate: 10, max_rate: 50, step: 10 }))).toEqual([
      10, 20, 30, 40, 50,
    ]);
    expect(ratesForFunction(strategy({ type: 'linear', min_rate: 0, max_rate: 25, step: 10 }))).toEqual([0, 10, 20]);
    expect(ratesForFunction(strategy({ type: 'linear' }))).toHaveLength(21);
  });

  it('linear goes from min_rate to max_rate inclusive in integer steps (lb: range(min, max + 1, step))', () => {
    expect(ratesForFunction(strategy({ type: 'linear', min_rate: 0, max_rate: 30, step: 10 }))).toEqual([
      0, 10, 20, 30,
    ]);
    expect(ratesForFunction(strategy({ type: 'linear', min_rate: 5, max_rate: 29, step: 10 }))).toEqual([5, 15, 25]);
  });

  it('exponential is base^p for p in min..max, capped by the strategy max_rate', () => {
    expect(ratesForFunction(strategy({ type: 'exponential', base: 2, min_power: 2, max_power: 5 }))).toEqual([
      4, 8, 16, 32,
    ]);
    expect(ratesForFunction(strategy({ type: 'exponential', base: 3, max_power: 6, max_rate: 100 }))).toEqual([
      1, 3, 9, 27, 81,
    ]);
  });

  it('custom is sorted and unique', () => {
    expect(ratesForFunction(strategy({ type: 'custom', rates: [50, 10, 5, 10] }))).toEqual([5, 10, 50]);
  });

  it('random is deterministic per seed, sorted, unique and in range', () => {
    const s = strategy({ type: 'random', min_rate: 10, max_rate: 200, count: 15, seed: 42 });
    const first = ratesForFunction(s);
    expect(ratesForFunction(s)).toEqual(first);
    expect(first).toHaveLength(15);
    expect(new Set(first).size).toBe(15);
    expect([...first].sort((a, b) => a - b)).toEqual(first);
    expect(first.every((r) => Number.isInteger(r) && r >= 10 && r <= 200)).toBe(true);
    const other = ratesForFunction(strategy({ type: 'random', min_rate: 10, max_rate: 200, count: 15, seed: 7 }));
    expect(other).not.toEqual(first);
    // Without a seed it is still reproducible (a resumed run must see the same configs).
    const unseeded = strategy({ type: 'random', min_rate: 10, max_rate: 200, count: 5 });
    expect(ratesForFunction(unseeded)).toEqual(ratesForFunction(unseeded));
  });

  it('random returns the whole range when count covers it', () => {
    expect(ratesForFunction(strategy({ type: 'random', min_rate: 3, max_rate: 6, count: 10, seed: 1 }))).toEqual([
      3, 4, 5, 6,
    ]);
  });

  it('applies the per-function max_rate cap', () => {
    expect(ratesForFunction(strategy({ type: 'linear', min_rate: 0, max_rate: 50, step: 10 }), 25)).toEqual([
      0, 10, 20,
    ]);
    expect(ratesForFunction(strategy({ type: 'custom', rates: [5, 10] }), 10)).toEqual([5, 10]);
  });
});

describe('configId', () => {
  it('is the first 12 hex of sha256("name:rate|name:rate"), order independent', () => {
    const expected = createHash('sha256').update('a:10|b:20').digest('hex').slice(0, 12);
    expect(
      configId([
        { name: 'a', rate: 10 },
        { name: 'b', rate: 20 },
      ]),
    ).toBe(expected);
    expect(
      configId([
        { name: 'b', rate: 20 },
        { name: 'a', rate: 10 },
      ]),
    ).toBe(expected);
  });
  it('prints rates as JS numbers do', () => {
    expect(configId([{ name: 'f', rate: 2.5 }])).toBe(createHash('sha256').update('f:2.5').digest('hex').slice(0, 12));
    expect(configId([{ name: 'f', rate: 20.0 }])).toBe(createHash('sha256').update('f:20').digest('hex').slice(0, 12));
  });
});

describe('combinations', () => {
  it('follows itertools order', () => {
    expect(combinations(['a', 'b', 'c'], 2)).toEqual([
      ['a', 'b'],
      ['a', 'c'],
      ['b', 'c'],
    ]);
    expect(combinations(['a'], 2)).toEqual([]);
  });
});

describe('enumerateConfigs', () => {
  const fns = [{ name: 'env' }, { name: 'figlet' }, { name: 'cpu' }];
  const custom = { type: 'custom' as const, rates: [10, 20] };

  it('single functions by default (max_functions exclusive), names sorted', () => {
    const out = enumerateConfigs(config({ functions: fns, rate_strategy: custom }));
    expect(out.map((c) => c.pairs)).toEqual([
      [{ name: 'cpu', rate: 10 }],
      [{ name: 'cpu', rate: 20 }],
      [{ name: 'env', rate: 10 }],
      [{ name: 'env', rate: 20 }],
      [{ name: 'figlet', rate: 10 }],
      [{ name: 'figlet', rate: 20 }],
    ]);
    expect(out.every((c) => c.id === configId(c.pairs))).toBe(true);
  });

  it('sizes min..max-1 with the cartesian product, last function varying fastest', () => {
    const out = enumerateConfigs(
      config({ functions: fns, rate_strategy: custom, combinations: { min_functions: 2, max_functions: 3 } }),
    );
    expect(out).toHaveLength(3 * 4);
    expect(out.every((c) => c.pairs.length === 2)).toBe(true);
    expect(out.slice(0, 4).map((c) => c.pairs.map((p) => `${p.name}:${p.rate}`).join('|'))).toEqual([
      'cpu:10|env:10',
      'cpu:10|env:20',
      'cpu:20|env:10',
      'cpu:20|env:20',
    ]);
    const all = enumerateConfigs(
      config({ functions: fns, rate_strategy: custom, combinations: { min_functions: 1, max_functions: 4 } }),
    );
    expect(all).toHaveLength(6 + 12 + 8);
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
  });

  it('caps per function and is deterministic', () => {
    const c = config({
      functions: [{ name: 'b', max_rate: 10 }, { name: 'a' }],
      rate_strategy: custom,
      combinations: { min_functions: 2, max_functions: 3 },
    });
    const out = enumerateConfigs(c);
    expect(out.map((x) => x.pairs)).toEqual([
      [
        { name: 'a', rate: 10 },
        { name: 'b', rate: 10 },
      ],
      [
        { name: 'a', rate: 20 },
        { name: 'b', rate: 10 },
      ],
    ]);
    expect(enumerateConfigs(c)).toEqual(out);
  });
});

describe('countConfigs', () => {
  it('equals the number of enumerated configurations without building them', () => {
    const cases = [
      {
        functions: [{ name: 'a' }, { name: 'b' }, { name: 'c', max_rate: 50 }],
        rate_strategy: { type: 'linear', max_rate: 100, step: 25 },
      },
      {
        functions: [{ name: 'a' }, { name: 'b' }, { name: 'c' }],
        combinations: { min_functions: 1, max_functions: 4 },
      },
      { functions: [{ name: 'x' }], rate_strategy: { type: 'custom', rates: [1, 2, 2, 3] } },
    ];
    for (const raw of cases) {
      const r = parsePevaConfig(raw);
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      expect(countConfigs(r.config)).toBe(enumerateConfigs(r.config).length);
    }
  });

  it('counts a sweep too large to enumerate', () => {
    const functions = Array.from({ length: 64 }, (_, i) => ({ name: `f${i}` }));
    const r = parsePevaConfig({ functions, combinations: { min_functions: 1, max_functions: 33 } });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(countConfigs(r.config)).toBeGreaterThan(1e30);
  });
});
