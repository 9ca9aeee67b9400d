// Python's text for values lb writes: `repr(float)`, `f"{v:.3f}"`, `str()`/`repr()` of ints,
// strings, lists and tuples. lb's CSVs are made of these (csv.py formats a cell with str());
// JavaScript prints several of them differently (1.0 → "1", NaN → "NaN", 1e16 → "10000000000000000",
// 0.0625.toFixed(3) rounds half up where Python rounds half to even).
import 'server-only';

/** A number Python holds as a float: `pyStr(pyFloat(1))` is "1.0", `pyStr(1)` is "1". */
export class PyFloat {
  constructor(readonly value: number) {}
}
export const pyFloat = (value: number): PyFloat => new PyFloat(value);

/** Python bytes (only `ast.literal_eval` makes them here). */
export class PyBytes {
  constructor(readonly bytes: readonly number[]) {}
}

/** Python complex (`1+2j`); only `ast.literal_eval` makes them here. */
export class PyComplex {
  constructor(
    readonly re: number,
    readonly im: number,
  ) {}
}

/** Python's `...` (Ellipsis). */
export class PyEllipsis {
  static readonly instance = new PyEllipsis();
  private constructor() {}
}

/** A Python tuple (a plain array is a list). */
export class PyTuple {
  constructor(readonly items: readonly PyValue[]) {}
}

/** A Python dict, keys in insertion order. */
export class PyDict {
  constructor(readonly entries: ReadonlyArray<readonly [PyValue, PyValue]>) {}
}

/** A Python set, elements in the order they were first added. */
export class PySet {
  constructor(readonly items: readonly PyValue[]) {}
}

/**
 * A value as Python sees it: number = int when integral (use pyFloat for a float), string = str,
 * array = list, null/undefined = None, boolean = bool.
 */
export type PyValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | undefined
  | PyFloat
  | PyBytes
  | PyComplex
  | PyTuple
  | PyDict
  | PySet
  | PyEllipsis
  | readonly PyValue[];

/** sign, significand and binary exponent of a finite double: |v| = mantissa × 2^exponent. */
function decompose(v: number): { negative: boolean; mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const negative = hi >>> 31 === 1;
  const biased = (hi >>> 20) & 0x7ff;
  const fraction = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased === 0) return { negative, mantissa: fraction, exponent: -1074 };
  return { negative, mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}

/** `f"{v:.{digits}f}"`: exact decimal value of the double, rounded half to even (Python's rule). */
export function pyFixed(v: number, digits: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const { negative, mantissa, exponent } = decompose(v);
  const scale = 10n ** BigInt(digits);
  let scaled: bigint;
  if (exponent >= 0) scaled = (mantissa << BigInt(exponent)) * scale;
  else {
    const num = mantissa * scale;
    const den = 1n << BigInt(-exponent);
    const q = num / den;
    const twice = 2n * (num % den);
    scaled = twice > den || (twice === den && q % 2n === 1n) ? q + 1n : q;
  }
  let text = scaled.toString().padStart(digits + 1, '0');
  if (digits > 0) text = `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  return negative ? `-${text}` : text;
}

/** `repr(float)`: the shortest digits that read back (as JavaScript's), laid out the way Python does. */
export function pyFloatRepr(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  const [mant, expText] = Math.abs(v).toExponential().split('e') as [string, string];
  const digits = mant.replace('.', '');
  const decpt = Number(expText) + 1; // position of the decimal point after the first digit
  const sign = v < 0 ? '-' : '';
  if (decpt > -4 && decpt <= 16) {
    if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
    if (decpt >= digits.length) return `${sign}${digits}${'0'.repeat(decpt - digits.length)}.0`;
    return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
  }
  const exp = decpt - 1;
  const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${body}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** `str(int)` for a JavaScript integer (all digits, no exponent). */
function intText(v: number | bigint): string {
  return typeof v === 'bigint' ? v.toString() : BigInt(v).toString();
}

/** A JavaScript number as Python would hold it: integral → int text, otherwise float repr. */
export function pyNumber(v: number): string {
  return Number.isInteger(v) && !Object.is(v, -0) ? intText(v) : pyFloatRepr(v);
}

const NON_PRINTABLE = /[\p{C}\p{Z}]/u;

/** `repr(str)`: single quotes unless the text has ' and no ", escapes as Python writes them. */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp < 0x7f || ch === ' ') out += ch;
    else if (NON_PRINTABLE.test(ch)) {
      if (cp <= 0xff) out += `\\x${cp.toString(16).padStart(2, '0')}`;
      else if (cp <= 0xffff) out += `\\u${cp.toString(16).padStart(4, '0')}`;
      else out += `\\U${cp.toString(16).padStart(8, '0')}`;
    } else out += ch;
  }
  return out + quote;
}

function bytesRepr(b: readonly number[]): string {
  const hasSingle = b.includes(0x27);
  const quote = hasSingle && !b.includes(0x22) ? '"' : "'";
  let out = `b${quote}`;
  for (const c of b) {
    const ch = String.fromCharCode(c);
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c >= 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

function complexRepr(c: PyComplex): string {
  const part = (v: number) => (Number.isInteger(v) && !Object.is(v, -0) ? intText(v) : pyFloatRepr(v));
  if (c.re === 0 && !Object.is(c.re, -0)) return `${part(c.im)}j`;
  const im = c.im < 0 || Object.is(c.im, -0) ? `-${part(-c.im)}` : `+${part(c.im)}`;
  return `(${part(c.re)}${im}j)`;
}

/** `type(value).__name__`. */
export function pyTypeName(v: PyValue): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'number') return Number.isInteger(v) && !Object.is(v, -0) ? 'int' : 'float';
  if (typeof v === 'bigint') return 'int';
  if (v instanceof PyFloat) return 'float';
  if (v instanceof PyBytes) return 'bytes';
  if (v instanceof PyComplex) return 'complex';
  if (v instanceof PyTuple) return 'tuple';
  if (v instanceof PyDict) return 'dict';
  if (v instanceof PySet) return 'set';
  if (v instanceof PyEllipsis) return 'ellipsis';
  return 'list';
}

/** `repr(value)`. */
export function pyRepr(v: PyValue): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return pyStrRepr(v);
  if (typeof v === 'number') return pyNumber(v);
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof PyFloat) return pyFloatRepr(v.value);
  if (v instanceof PyEllipsis) return 'Ellipsis';
  if (v instanceof PyBytes) return bytesRepr(v.bytes);
  if (v instanceof PyComplex) return complexRepr(v);
  if (v instanceof PyTuple) {
    return v.items.length === 1 ? `(${pyRepr(v.items[0])},)` : `(${v.items.map(pyRepr).join(', ')})`;
  }
  if (v instanceof PyDict) return `{${v.entries.map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
  if (v instanceof PySet) return v.items.length === 0 ? 'set()' : `{${v.items.map(pyRepr).join(', ')}}`;
  return `[${v.map(pyRepr).join(', ')}]`;
}

/** What csv.writer puts in a cell: `str(value)`, except None → "" (csv's rule). */
export function pyCell(v: PyValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  return pyRepr(v);
}

/** Code-point order, as Python compares str. */
export function pyStrCompare(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

function jsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (cp >= 0x20 && cp <= 0x7e) out += ch;
    else if (cp <= 0xffff) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else {
      const v = cp - 0x10000;
      const hi = 0xd800 + (v >> 10);
      const lo = 0xdc00 + (v & 0x3ff);
      out += `\\u${hi.toString(16)}\\u${lo.toString(16)}`;
    }
  }
  return `${out}"`;
}

/**
 * `json.dumps(value, indent=indent)` of parsed JSON (ensure_ascii, NaN/Infinity bare). An
 * integral number is an int; pyFloat() marks a float; other numbers are floats (repr).
 */
export function pyJsonDumps(value: unknown, indent?: number, level = 0): string {
  if (value === null || value === undefined) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'string') return jsonString(value);
  if (typeof value === 'bigint') return value.toString();
  const floatText = (v: number) =>
    Number.isNaN(v) ? 'NaN' : !Number.isFinite(v) ? (v > 0 ? 'Infinity' : '-Infinity') : pyFloatRepr(v);
  if (typeof value === 'number')
    return Number.isInteger(value) && !Object.is(value, -0) ? intText(value) : floatText(value);
  if (value instanceof PyFloat) return floatText(value.value);
  const items: string[] = Array.isArray(value)
    ? value.map((v) => pyJsonDumps(v, indent, level + 1))
    : Object.entries(value as Record<string, unknown>).map(
        ([k, v]) => `${jsonString(k)}: ${pyJsonDumps(v, indent, level + 1)}`,
      );
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (items.length === 0) return `${open}${close}`;
  if (indent === undefined) return `${open}${items.join(', ')}${close}`;
  const pad = ' '.repeat(indent * (level + 1));
  return `${open}\n${pad}${items.join(`,\n${pad}`)}\n${' '.repeat(indent * level)}${close}`;
}
