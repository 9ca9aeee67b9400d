import { describe, expect, it } from 'vitest';
import {
  appendRows,
  columnsOf,
  duckdbTypeOf,
  rowObjects,
  scaleDecimal,
  toCell,
  type ArrowBatchLike,
} from './arrow-values';

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

describe('exact values and DuckDB type names', () => {
  it('keeps a BIGINT beyond 2^53 exact (as its digits), smaller ones as numbers', () => {
    expect(toCell(9007199254740993n, 'Int64')).toBe('9007199254740993');
    expect(toCell(-9007199254740993n, 'Int64')).toBe('-9007199254740993');
    expect(toCell(9007199254740991n, 'Int64')).toBe(9007199254740991);
  });

  it('scales unscaled DECIMAL/HUGEINT values, exactly when they are long', () => {
    const bn = (digits: string) => ({ toString: () => digits });
    expect(toCell(bn('1234'), 'Decimal[10e+2]')).toBe(12.34);
    expect(toCell(bn('-5'), 'Decimal[10e+2]')).toBe(-0.05);
    expect(toCell(bn('170141183460469231731687303715884105727'), 'Decimal[38e0]')).toBe(
      '170141183460469231731687303715884105727',
    );
    expect(scaleDecimal('123456789012345678901', 3)).toBe('123456789012345678.901');
  });

  it('names Arrow types as DuckDB does when DESCRIBE could not', () => {
    expect(duckdbTypeOf('Int64')).toBe('BIGINT');
    expect(duckdbTypeOf('Timestamp<MICROSECOND>')).toBe('TIMESTAMP');
    expect(duckdbTypeOf('Timestamp<MICROSECOND, UTC>')).toBe('TIMESTAMP WITH TIME ZONE');
    expect(duckdbTypeOf('Decimal[10e+2]')).toBe('DECIMAL(10,2)');
    expect(duckdbTypeOf('Utf8')).toBe('VARCHAR');
    const batch = { schema: { fields: [{ name: 'n', type: { toString: () => 'Int64' } }] } };
    expect(columnsOf(batch)).toEqual([{ name: 'n', type: 'BIGINT', arrowType: 'Int64' }]);
    expect(columnsOf(batch, ['HUGEINT'])).toEqual([{ name: 'n', type: 'HUGEINT', arrowType: 'Int64' }]);
  });
});
