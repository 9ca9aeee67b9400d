import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from './csv-export';

describe('csv export', () => {
  it('quotes fields with separators, quotes, newlines or edge spaces', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded')).toBe('" padded"');
  });

  it('writes nulls empty and non-finite numbers as DuckDB prints them', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(NaN)).toBe('nan');
    expect(csvField(-Infinity)).toBe('-inf');
    expect(csvField(0.1 + 0.2)).toBe('0.30000000000000004');
  });

  it('serialises objects as JSON', () => {
    expect(csvField({ a: [1] })).toBe('"{""a"":[1]}"');
  });

  it('emits a header and rows in the requested order', () => {
    const csv = toCsv(
      ['id', 'note'],
      [
        [1, 'x'],
        [2, 'y,z'],
      ],
      [1, 0],
    );
    expect(csv).toBe('id,note\r\n2,"y,z"\r\n1,x\r\n');
  });
});
