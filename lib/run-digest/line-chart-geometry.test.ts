import { describe, expect, it } from 'vitest';
import { linePath, linearScale, nearestRow, niceTicks, yDomain } from './line-chart-geometry';

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 × 10^k inside the range', () => {
    expect(niceTicks(0, 100)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0, 7)).toEqual([0, 2, 4, 6]);
    expect(niceTicks(3, 47)).toEqual([10, 20, 30, 40]);
    expect(niceTicks(0, 0.3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceTicks(0, 0.25)).toEqual([0, 0.05, 0.1, 0.15, 0.2, 0.25]);
    expect(niceTicks(-10, 10)).toEqual([-10, -5, 0, 5, 10]);
  });
  it('handles a single value, reversed ends and non-finite input', () => {
    expect(niceTicks(5, 5)).toEqual([5]);
    expect(niceTicks(100, 0)).toEqual(niceTicks(0, 100));
    expect(niceTicks(0, Infinity)).toEqual([]);
    expect(niceTicks(NaN, 1)).toEqual([]);
  });
});

describe('yDomain', () => {
  it('keeps fixed ends and widens automatic ones to a tick', () => {
    expect(yDomain([12, 87], [0, 'auto'])).toEqual([0, 100]);
    expect(yDomain([12, 87], [0, 100])).toEqual([0, 100]);
    expect(yDomain([12, 87], ['auto', 'auto'])).toEqual([0, 100]);
    expect(yDomain([212, 287], ['auto', 'auto'])).toEqual([200, 300]);
    expect(yDomain([3.2, 3.9], ['auto', 'auto'])).toEqual([3.2, 4]);
  });
  it('gives an empty or flat series a unit of room', () => {
    expect(yDomain([], [0, 'auto'])).toEqual([0, 1]);
    expect(yDomain([0, 0], [0, 'auto'])).toEqual([0, 1]);
    expect(yDomain([5], ['auto', 'auto'])).toEqual([5, 6]);
  });
});

describe('linearScale', () => {
  it('maps a domain onto a range, inverted ranges included', () => {
    const y = linearScale(0, 100, 180, 0);
    expect(y(0)).toBe(180);
    expect(y(100)).toBe(0);
    expect(y(50)).toBe(90);
    expect(linearScale(4, 4, 0, 10)(4)).toBe(5);
  });
});

describe('linePath', () => {
  const x = (t: number) => t * 10;
  const y = (v: number) => 100 - v;
  it('draws one segment per run of values and breaks at gaps and missing values', () => {
    const rows = [
      { t: 0, v: 1 },
      { t: 1, v: 2 },
      { t: 2, v: null },
      { t: 3, v: 4 },
      { t: 4, v: 5, gap: true as const },
      { t: 5, v: 6 },
      { t: 6, v: 7 },
    ];
    expect(linePath(rows, (r) => r.v, x, y)).toBe('M0.0,99.0L10.0,98.0M30.0,96.0M50.0,94.0L60.0,93.0');
  });
  it('draws nothing without values', () => {
    expect(linePath([{ t: 0, v: null }], (r) => r.v, x, y)).toBe('');
    expect(linePath([], () => 1, x, y)).toBe('');
  });
});

describe('nearestRow', () => {
  it('finds the row nearest in t, the earlier one on a tie', () => {
    const rows = [{ t: 0 }, { t: 2 }, { t: 10 }];
    expect(nearestRow(rows, -5)).toBe(0);
    expect(nearestRow(rows, 0.9)).toBe(0);
    expect(nearestRow(rows, 1)).toBe(0);
    expect(nearestRow(rows, 1.1)).toBe(1);
    expect(nearestRow(rows, 7)).toBe(2);
    expect(nearestRow(rows, 99)).toBe(2);
    expect(nearestRow([], 1)).toBe(-1);
  });
});
