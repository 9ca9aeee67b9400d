import { describe, expect, it } from 'vitest';
import { pyRepr, pyTypeName } from './python-format';
import { literalEval, PyError, pyEquals, pyIterate } from './python-literal';

// What CPython 3.11's ast.literal_eval returns or raises (the conformance suite checks ~80 more).
const ev = (text: string) => {
  try {
    const v = literalEval(text);
    return `${pyTypeName(v)} ${pyRepr(v)}`;
  } catch (err) {
    if (err instanceof PyError) return err.type;
    throw err;
  }
};

describe('literalEval', () => {
  it.each([
    ["['figlet', 'env']", "list ['figlet', 'env']"],
    ['[10, 20]', 'list [10, 20]'],
    ['(1,)', 'tuple (1,)'],
    ['1, 2', 'tuple (1, 2)'],
    ["'a' 'b'", "str 'ab'"],
    ['[1.0, 1e3, .5]', 'list [1.0, 1000.0, 0.5]'],
    ['-1+2j', 'complex (-1+2j)'],
    ['{1, True, 1.0}', 'set {1}'],
    ['\n[1]', 'list [1]'],
  ])('%j → %s', (text, out) => expect(ev(text)).toBe(out));

  it.each([
    ["['f1'", 'SyntaxError'],
    ['\n [1]', 'SyntaxError'],
    ['[x]', 'ValueError'],
    ['1 if 1 else 2', 'ValueError'],
    ['--1', 'ValueError'],
    ['{[1]}', 'TypeError'],
  ])('%j raises %s', (text, type) => expect(ev(text)).toBe(type));

  it("None (a short CSV row) is a ValueError, as in lb's _load_index", () => {
    expect(() => literalEval(null)).toThrow(PyError);
  });
});

describe('pyIterate / pyEquals', () => {
  it('iterates like tuple() and refuses numbers', () => {
    expect(pyIterate(literalEval("'ab'"))).toEqual(['a', 'b']);
    expect(() => pyIterate(literalEval('5'))).toThrow(/'int' object is not iterable/);
  });
  it('compares like ==', () => {
    expect(pyEquals(literalEval('[10]'), literalEval('[10.0]'))).toBe(true);
    expect(pyEquals(literalEval('[1]'), literalEval('[True]'))).toBe(true);
    expect(pyEquals(literalEval('[1]'), literalEval('(1,)'))).toBe(false);
  });
});
