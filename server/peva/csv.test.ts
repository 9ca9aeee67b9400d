import { describe, expect, it } from 'vitest';
import { csvLine, formatCsvField, parseCsv, parseCsvRecords } from './csv';

describe('csv', () => {
  it('quotes only fields with comma, quote or newline', () => {
    expect(formatCsvField('plain')).toBe('plain');
    expect(formatCsvField('a,b')).toBe('"a,b"');
    expect(formatCsvField('say "hi"')).toBe('"say ""hi"""');
    expect(formatCsvField('two\nlines')).toBe('"two\nlines"');
  });
  it('writes NaN/Infinity as JS prints them, empty for null, 1/0 for booleans', () => {
    expect(csvLine([NaN, Infinity, -Infinity, null, undefined, true, false, 0.5])).toBe(
      'NaN,Infinity,-Infinity,,,1,0,0.5\n',
    );
  });
  it('round-trips through the parser', () => {
    const rows = [
      ['id', 'functions', 'note'],
      ['x1', '["a","b"]', 'line1\nline2'],
      ['x2', '', 'c,d'],
    ];
    const text = rows.map(csvLine).join('');
    expect(parseCsv(text)).toEqual(rows);
    expect(parseCsvRecords(text)[0]).toEqual({ id: 'x1', functions: '["a","b"]', note: 'line1\nline2' });
  });
  it('accepts CRLF and a missing final newline', () => {
    expect(parseCsv('a,b\r\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseCsvRecords('')).toEqual([]);
  });
});
