import { describe, expect, it } from 'vitest';
import { rangeFrom, rowRange } from './row-range';

describe('rowRange', () => {
  it('draws the rows in view and the overscan, clamped to the list', () => {
    // 10 px rows, a 95 px view 200 px down: rows 20..29 in view (+1 partly), 5 either side.
    expect(rowRange(1000, 200, 95, 10, 5)).toEqual({ start: 15, end: 36 });
    expect(rowRange(1000, 0, 95, 10, 5)).toEqual({ start: 0, end: 16 });
    expect(rowRange(25, 200, 95, 10, 5)).toEqual({ start: 15, end: 25 });
    // The list starts below the view's top: from its first row.
    expect(rowRange(1000, -300, 95, 10, 5)).toEqual({ start: 0, end: 16 });
    expect(rowRange(0, 0, 95, 10, 5)).toEqual({ start: 0, end: 0 });
  });
  it('takes a different overscan above and below', () => {
    expect(rangeFrom(100, 50, 10, 2, 7)).toEqual({ start: 48, end: 67 });
    expect(rangeFrom(100, 95, 10, 2, 7)).toEqual({ start: 93, end: 100 });
  });
});
