import { describe, expect, it } from 'vitest';
import { cellText, compareCells, nextSort, rowJson, sortOrder } from './grid-sort';

describe('grid sort', () => {
  const rows = [
    [3, 'b'],
    [null, 'a'],
    [1, null],
    [NaN, 'c'],
    [2, 'B'],
  ];

  it('sorts numbers ascending and descending with NaN then null last', () => {
    expect(sortOrder(rows, { column: 0, dir: 'asc' })).toEqual([2, 4, 0, 3, 1]);
    expect(sortOrder(rows, { column: 0, dir: 'desc' })).toEqual([0, 4, 2, 3, 1]);
  });

  it('sorts text by code point and keeps the original order when unsorted', () => {
    expect(sortOrder(rows, { column: 1, dir: 'asc' })).toEqual([4, 1, 0, 3, 2]);
    expect(sortOrder(rows, null)).toEqual([0, 1, 2, 3, 4]);
  });

  it('sorts 100 000 rows quickly', () => {
    const big = Array.from({ length: 100_000 }, (_, i) => [(i * 7919) % 100_003, `r${i}`]);
    const t = performance.now();
    const order = sortOrder(big, { column: 0, dir: 'desc' });
    expect(performance.now() - t).toBeLessThan(1000);
    expect(big[order[0]!]![0]).toBeGreaterThanOrEqual(big[order[1]!]![0] as number);
  });

  it('cycles asc → desc → off', () => {
    expect(nextSort(null, 2)).toEqual({ column: 2, dir: 'asc' });
    expect(nextSort({ column: 2, dir: 'asc' }, 2)).toEqual({ column: 2, dir: 'desc' });
    expect(nextSort({ column: 2, dir: 'desc' }, 2)).toBeNull();
    expect(nextSort({ column: 2, dir: 'desc' }, 1)).toEqual({ column: 1, dir: 'asc' });
  });

  it('formats and copies cells', () => {
    expect(cellText(null)).toBe('NULL');
    expect(cellText(NaN)).toBe('nan');
    expect(compareCells('a', 'b')).toBeLessThan(0);
    expect(rowJson(['a', 'b'], [NaN, 'x'])).toBe('{"a":"nan","b":"x"}');
  });
});
