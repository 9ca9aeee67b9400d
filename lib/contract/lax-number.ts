// pydantic's "lax" number input, which lb's config models use: an `int` field takes 10,
// 10.0, "10", " 1_000 ", "10.0" and true/false (1/0), and refuses 2.5 or "2.5"; a `float`
// field takes numbers and numeric strings ("1e2", "1_000.5"). A value that is none of these
// is returned unchanged so that the zod schema reports it.

const INT_TEXT = /^[+-]?\d+(?:_\d+)*(?:\.0+)?$/;
const FLOAT_TEXT = /^[+-]?(?:\d+(?:_\d+)*(?:\.(?:\d+(?:_\d+)*)?)?|\.\d+(?:_\d+)*)(?:[eE][+-]?\d+)?$/;
const NON_FINITE_TEXT = /^[+-]?(?:inf|infinity|nan)$/i;

/** Python's str.strip(): whitespace at both ends. */
const strip = (s: string): string => s.replace(/^\s+|\s+$/g, '');

export function laxInt(v: unknown): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const s = strip(v);
    if (INT_TEXT.test(s)) return Number(s.replace(/_/g, ''));
  }
  return v;
}

export function laxFloat(v: unknown): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const s = strip(v);
    if (FLOAT_TEXT.test(s)) return Number(s.replace(/_/g, ''));
    // "inf"/"nan" parse in Python; every float field of lb's config bounds them out anyway.
    if (NON_FINITE_TEXT.test(s))
      return s.toLowerCase().includes('nan') ? NaN : s.startsWith('-') ? -Infinity : Infinity;
  }
  return v;
}

const TRUE_TEXT = new Set(['1', 'on', 't', 'true', 'y', 'yes']);
const FALSE_TEXT = new Set(['0', 'off', 'f', 'false', 'n', 'no']);

/** pydantic's lax bool: true/false, 0/1 and the usual words ("yes", "off", …). */
export function laxBool(v: unknown): unknown {
  if (v === 0 || v === 1) return v === 1;
  if (typeof v === 'string') {
    const s = v.toLowerCase();
    if (TRUE_TEXT.has(s)) return true;
    if (FALSE_TEXT.has(s)) return false;
  }
  return v;
}
