import { describe, expect, it } from 'vitest';
import {
  PyBytes,
  PyComplex,
  PyDict,
  pyCell,
  pyFixed,
  pyFloat,
  pyFloatRepr,
  pyRepr,
  PySet,
  pyStrCompare,
  pyStrRepr,
  PyTuple,
} from './python-format';

// Expected texts are what CPython 3.11 prints.
describe('pyFixed (f"{v:.3f}")', () => {
  it.each([
    [0.0625, '0.062'],
    [-0.0625, '-0.062'],
    [0.0005, '0.001'],
    [2.675, '2.675'],
    [123.4565, '123.457'],
    [-0, '-0.000'],
    [1e-7, '0.000'],
    [0.1 + 0.2, '0.300'],
    [5e-324, '0.000'],
    [1e21, '1000000000000000000000.000'],
    [1e22, '10000000000000000000000.000'],
    [2e9, '2000000000.000'],
    [NaN, 'nan'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
  ])('%s → %s', (v, text) => expect(pyFixed(v, 3)).toBe(text));

  it('keeps every digit of the largest double', () => {
    expect(pyFixed(1.7976931348623157e308, 3)).toMatch(
      /^179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368\.000$/,
    );
  });
});

describe('pyFloatRepr (repr(float))', () => {
  it.each([
    [1, '1.0'],
    [0.5, '0.5'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1e-7, '1e-07'],
    [-1e-7, '-1e-07'],
    [2.5e-5, '2.5e-05'],
    [1e-4, '0.0001'],
    [1e-5, '1e-05'],
    [1e15, '1000000000000000.0'],
    [1e16, '1e+16'],
    [1.5e16, '1.5e+16'],
    [123456789012345.6, '123456789012345.6'],
    [1e22, '1e+22'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [0, '0.0'],
    [-0, '-0.0'],
    [NaN, 'nan'],
    [-Infinity, '-inf'],
  ])('%s → %s', (v, text) => expect(pyFloatRepr(v)).toBe(text));
});

describe('pyRepr / pyCell', () => {
  it('writes ints, floats, bools and None as Python does', () => {
    expect(pyRepr(10)).toBe('10');
    expect(pyRepr(1e21)).toBe('1000000000000000000000');
    expect(pyRepr(pyFloat(10))).toBe('10.0');
    expect(pyRepr(0.5)).toBe('0.5');
    expect(pyRepr(true)).toBe('True');
    expect(pyRepr(null)).toBe('None');
    expect(pyCell(null)).toBe('');
    expect(pyCell('x')).toBe('x');
  });

  it('quotes strings like repr(str)', () => {
    expect(pyStrRepr('figlet')).toBe("'figlet'");
    expect(pyStrRepr("it's")).toBe('"it\'s"');
    expect(pyStrRepr('a"b\'c')).toBe("'a\"b\\'c'");
    expect(pyStrRepr('x\\y')).toBe("'x\\\\y'");
    expect(pyStrRepr('é\u0000\u2028\t')).toBe("'é\\x00\\u2028\\t'");
  });

  it('writes lists, tuples, dicts, sets, bytes and complex numbers', () => {
    expect(pyRepr(['figlet', 'env'])).toBe("['figlet', 'env']");
    expect(pyRepr([10, 20])).toBe('[10, 20]');
    expect(pyRepr([])).toBe('[]');
    expect(pyRepr(new PyTuple(['a']))).toBe("('a',)");
    expect(pyRepr(new PyTuple([new PyTuple(['f']), new PyTuple([10])]))).toBe("(('f',), (10,))");
    expect(pyRepr(new PyDict([[1, 'a']]))).toBe("{1: 'a'}");
    expect(pyRepr(new PySet([]))).toBe('set()');
    expect(pyRepr(new PyBytes([0x78, 0x27]))).toBe('b"x\'"');
    expect(pyRepr(new PyComplex(1, -2))).toBe('(1-2j)');
    expect(pyRepr(new PyComplex(0, 1))).toBe('1j');
  });

  it('orders str by code point', () => {
    expect(['b', 'B', 'a', '\u{1F600}', '\uFFFF'].sort(pyStrCompare)).toEqual(['B', 'a', 'b', '\uFFFF', '\u{1F600}']);
  });
});
