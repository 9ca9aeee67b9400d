// Values printed by CPython 3.11.7 (`random.Random`) and by lb's own
// `RandomRateStrategy(...).generate_rates()` (lb e76b63b); only the numbers are kept here.
import { describe, expect, it } from 'vitest';
import { RateStrategySchema } from '@/lib/contract/peva-config';
import { ratesForFunction } from './rate-plan';
import { PythonRandom } from './python-random';

describe('PythonRandom (CPython random.Random with an int seed)', () => {
  it('getrandbits and random() match CPython', () => {
    const r = new PythonRandom(42);
    expect([r.getrandbits(32), r.getrandbits(32), r.getrandbits(32)]).toEqual([2746317213n, 478163327n, 107420369n]);
    expect(r.getrandbits(40)).toBe(303832645883n);
    expect(r.getrandbits(70)).toBe(151691464061534419856n);
    expect(r.random()).toBe(0.7364712141640124);
    expect(r.getrandbits(0)).toBe(0n);
  });

  it('seeds with every 32-bit word of |seed|', () => {
    const r = new PythonRandom(2n ** 64n + 5n);
    expect([r.getrandbits(32), r.getrandbits(32)]).toEqual([2192917427n, 3085273184n]);
    const neg = new PythonRandom(-5);
    const pos = new PythonRandom(5);
    expect(neg.getrandbits(64)).toBe(pos.getrandbits(64));
    expect(() => new PythonRandom(1.5)).toThrow(TypeError);
  });

  it('randbelow (_randbelow_with_getrandbits) matches CPython up to 2^53', () => {
    const r = new PythonRandom(9);
    expect([1, 2, 3, 1000, 2 ** 32, 2 ** 53 - 1].map((n) => r.randbelow(n))).toEqual([
      0, 1, 1, 141, 2906162014, 4528657919672374,
    ]);
  });

  it('sample matches CPython, on both sides of the pool/set threshold (setsize)', () => {
    expect(new PythonRandom(0).sample('abcdefghij', 4)).toEqual(['g', 'j', 'a', 'c']);
    expect(new PythonRandom(9).sampleIndices(1_000_000, 6)).toEqual([485498, 643002, 391445, 280110, 145269, 195187]);
    const table: Array<[seed: number, n: number, k: number, lb: number[]]> = [
      [11, 21, 5, [14, 17, 20, 18, 16]],
      [11, 22, 5, [14, 17, 16, 18, 6]],
      [11, 85, 6, [57, 71, 59, 84, 65, 75]],
      [11, 86, 6, [57, 71, 59, 65, 75, 24]],
      [11, 277, 22, [231, 238, 276, 260, 97, 94, 262, 243, 95, 48, 228, 155, 72, 46, 21, 202, 274, 80, 7, 32, 30, 18]],
      [11, 278, 22, [231, 238, 260, 97, 94, 262, 243, 95, 48, 228, 155, 72, 46, 275, 21, 202, 80, 7, 270, 32, 30, 18]],
    ];
    for (const [seed, n, k, lb] of table) expect(new PythonRandom(seed).sampleIndices(n, k), `${n}/${k}`).toEqual(lb);
    expect(() => new PythonRandom(0).sampleIndices(3, 4)).toThrow(RangeError);
  });
});

describe('random rate strategy = lb RandomRateStrategy.generate_rates', () => {
  const table: Array<[seed: number, min: number, max: number, count: number, lb: number[]]> = [
    [0, 10, 200, 10, [20, 76, 87, 101, 108, 113, 117, 132, 134, 140]],
    [1, 1, 1000, 10, [65, 121, 138, 262, 508, 583, 780, 783, 822, 868]],
    [42, 1, 100, 5, [4, 15, 36, 82, 95]],
    [42, 0, 20, 20, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 20]],
    [7, 10, 200, 10, [22, 28, 34, 48, 92, 103, 111, 147, 159, 176]],
    [123, 10, 100, 8, [14, 16, 21, 23, 44, 58, 62, 78]],
    [-5, 1, 50, 4, [17, 23, 40, 48]],
    [2 ** 40 + 1, 1, 50, 4, [2, 12, 35, 46]],
    [99, 0, 100000, 5, [23435, 26224, 49906, 52950, 78569]],
    [2024, 0, 30, 12, [5, 6, 7, 8, 9, 13, 15, 17, 18, 22, 23, 28]],
    [3, 1, 10, 9, [1, 3, 4, 5, 6, 7, 8, 9, 10]],
    [
      5,
      100,
      130,
      25,
      [
        100, 101, 103, 105, 106, 107, 108, 111, 112, 113, 114, 116, 117, 118, 119, 120, 121, 122, 123, 125, 126, 127,
        128, 129, 130,
      ],
    ],
  ];
  for (const [seed, min_rate, max_rate, count, lb] of table) {
    it(`seed ${seed}, ${min_rate}..${max_rate}, count ${count}`, () => {
      const s = RateStrategySchema.parse({ type: 'random', min_rate, max_rate, count, seed });
      expect(ratesForFunction(s)).toEqual(lb);
    });
  }

  it('without a seed uses seed 0 (lb would draw from OS entropy)', () => {
    const unseeded = RateStrategySchema.parse({ type: 'random' });
    expect(ratesForFunction(unseeded)).toEqual([20, 76, 87, 101, 108, 113, 117, 132, 134, 140]);
  });
});
