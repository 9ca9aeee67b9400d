import { describe, expect, it } from 'vitest';
import {
  CsvError,
  csvDictLine,
  csvLine,
  formatCsvField,
  parseCsv,
  parseCsvRecords,
  readCsvDicts,
  readCsvRows,
} from './csv';
import { pyFloat } from './python-format';

// Expected bytes are what CPython 3.11's csv module writes and reads (excel dialect).
describe('csv writer', () => {
  it('quotes only fields with the delimiter, a quote, CR or LF', () => {
    expect(formatCsvField('plain')).toBe('plain');
    expect(formatCsvField('a,b')).toBe('"a,b"');
    expect(formatCsvField('a;b')).toBe('a;b');
    expect(formatCsvField('a;b', ';')).toBe('"a;b"');
    expect(formatCsvField('say "hi"')).toBe('"say ""hi"""');
    expect(formatCsvField('two\nlines')).toBe('"two\nlines"');
    expect(formatCsvField('x\ry')).toBe('"x\ry"');
    expect(formatCsvField(' a ')).toBe(' a ');
  });

  it('writes Python str() of each value and ends lines with \\r\\n', () => {
    expect(csvLine([NaN, Infinity, -Infinity, null, undefined, true, false, 0.5, 3, pyFloat(3)])).toBe(
      'nan,inf,-inf,,,True,False,0.5,3,3.0\r\n',
    );
    expect(csvLine([['figlet', 'env'], [10, 20], 'results.csv'], ';')).toBe(
      "['figlet', 'env'];[10, 20];results.csv\r\n",
    );
  });

  it('writes a row of one empty field as "" and an empty row as a bare line end', () => {
    expect(csvLine([''])).toBe('""\r\n');
    expect(csvLine([null])).toBe('""\r\n');
    expect(csvLine(['', ''])).toBe(',\r\n');
    expect(csvLine([])).toBe('\r\n');
  });

  it('DictWriter: restval "" for missing keys, refuses keys outside the header', () => {
    expect(csvDictLine(['a', 'b', 'c'], { c: 1, a: 'x' })).toBe('x,,1\r\n');
    expect(() => csvDictLine(['a'], { a: 1, z: 2 })).toThrow(/not in fieldnames: 'z'/);
  });
});

describe('csv reader', () => {
  it('round-trips what the writer writes', () => {
    const rows = [
      ['id', 'functions', 'note'],
      ['x1', '["a","b"]', 'line1\nline2'],
      ['x2', '', 'c,d'],
    ];
    const text = rows.map((r) => csvLine(r)).join('');
    expect(parseCsv(text)).toEqual(rows);
    expect(parseCsvRecords(text)[0]).toEqual({ id: 'x1', functions: '["a","b"]', note: 'line1\nline2' });
  });

  it('reads CRLF, CR and a missing final newline; a blank line is an empty row', () => {
    expect(parseCsv('a,b\r\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(readCsvRows('a\r\rb\n')).toEqual([['a'], [], ['b']]);
    expect(parseCsvRecords('')).toEqual([]);
  });

  it('follows _csv.c on odd quoting: text after a closing quote, an unterminated quote at the end', () => {
    expect(readCsvRows('"ab"cd,e\n')).toEqual([['abcd', 'e']]);
    expect(readCsvRows('a"b,c\n')).toEqual([['a"b', 'c']]);
    expect(readCsvRows('"open\nstill')).toEqual([['open\nstill']]);
    expect(readCsvRows('x,""\n')).toEqual([['x', '']]);
  });

  it('enforces the field size limit as csv.Error', () => {
    expect(() => readCsvRows('abcdef', { fieldSizeLimit: 3 })).toThrow(CsvError);
  });

  it('DictReader: short rows give None, missing columns the default, blank lines skipped', () => {
    const rows = readCsvDicts('functions;rates\n\n[1]\n[2];[3];extra\n', { delimiter: ';' });
    expect(rows).toHaveLength(2);
    expect(rows[0]!.get('rates', '[]')).toBeNull();
    expect(rows[0]!.get('nope', '[]')).toBe('[]');
    expect(rows[1]!.get('rates', '[]')).toBe('[3]');
  });
});
