import { describe, expect, it } from 'vitest';
import { GoSignalSchema, RunnerShareSchema, shareOfRate } from './runner-share';

describe('shareOfRate', () => {
  it('splits integer rates into integers that sum to the rate exactly', () => {
    for (const count of [1, 2, 3, 7]) {
      for (const rate of [0, 1, 5, 10, 199, 200]) {
        const parts = Array.from({ length: count }, (_, index) => shareOfRate(rate, { index, count }));
        expect(parts.reduce((a, b) => a + b, 0)).toBe(rate);
        expect(parts.every(Number.isInteger)).toBe(true);
        expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('gives a runner nothing when the rate is below the number of runners', () => {
    expect([0, 1, 2].map((index) => shareOfRate(1, { index, count: 3 }))).toEqual([0, 0, 1]);
  });

  it('splits a fractional rate evenly', () => {
    expect(shareOfRate(2.5, { index: 1, count: 2 })).toBe(1.25);
  });

  it('refuses an index outside the runners', () => {
    expect(RunnerShareSchema.safeParse({ index: 2, count: 2 }).success).toBe(false);
    expect(RunnerShareSchema.safeParse({ index: 0, count: 0 }).success).toBe(false);
  });
});

describe('GoSignalSchema', () => {
  it('reads a step and an end, nothing else', () => {
    expect(GoSignalSchema.parse({ step: 3, config_id: 'abc', iteration: 2 })).toEqual({
      step: 3,
      config_id: 'abc',
      iteration: 2,
    });
    expect(GoSignalSchema.parse({ done: true, reason: 'lead ended' })).toMatchObject({ done: true });
    expect(GoSignalSchema.safeParse({ step: 0, config_id: 'abc', iteration: 1 }).success).toBe(false);
    expect(GoSignalSchema.safeParse({ done: false, reason: '' }).success).toBe(false);
  });
});
