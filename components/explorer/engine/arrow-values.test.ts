import { describe, expect, it } from 'vitest';
import { appendRows, columnsOf, rowObjects, toCell, type ArrowBatchLike } from './arrow-values';

describe('toCell', () => {
  it('keeps primitives, NaN included', () => {
    expect(toCell(1.5, 'Float64')).toBe(1.5);
    expect(Number.isNaN(toCell(NaN, 'Float64'))).toBe(true);
    expect(toCell('x', 'Utf8')).toBe('x');
    expect(toCell(true, 'Bool')).toBe(true);
    expect(toCell(null, 'Utf8')).toBeNull();
    expect(toCell(12n, 'Int64')).toBe(12);
  });

  it('prints timestamps as naive ISO text and dates as days', () => {
    expect(toCell(Date.UTC(2026, 0, 1, 12), 'Timestamp<MICROSECOND>')).toBe('2026-01-01 12:00:00.000');
    expect(toCell(new Date(Date.UTC(2026, 0, 2)), 'Date64<MILLISECOND>')).toBe('2026-01-02 00:00:00.000');
    expect(toCell(Date.UTC(2026, 0, 3), 'Date32<DAY>')).toBe('2026-01-03');
  });

  it('serialises nested values as JSON and blobs as hex', () => {
    expect(toCell({ toJSON: () => ({ a: 1n }) }, 'Struct')).toBe('{"a":1}');
    expect(toCell([1, 2], 'List')).toBe('[1,2]');
    expect(toCell(new Uint8Array([1, 255]), 'Binary')).toBe('\\x01ff');
  });
});

describe('batches', () => {
  const batch: ArrowBatchLike = {
    numRows: 3,
    schema: {
      fields: [
        { name: 'id', type: 'Int32' },
        { name: 'note', type: 'Utf8' },
      ],
    },
    getChildAt: (i) => ({ get: (r) => (i === 0 ? r + 1 : r === 1 ? null : `n${r}`) }),
  };

  it('appends rows up to a limit', () => {
    const cols = columnsOf(batch);
    const out: Parameters<typeof appendRows>[2] = [];
    expect(appendRows(batch, cols, out, 2)).toBe(2);
    expect(out).toEqual([
      [1, 'n0'],
      [2, null],
    ]);
    expect(rowObjects(cols, out)).toEqual([
      { id: 1, note: 'n0' },
      { id: 2, note: null },
    ]);
  });
});
