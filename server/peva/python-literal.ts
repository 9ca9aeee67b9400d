// `ast.literal_eval` of Python 3.11 for the texts lb reads back from index.csv (`['figlet']`,
// `[10, 20]`), with the parts of Python's grammar a literal can use: str/bytes (prefixes,
// escapes, implicit concatenation, triple quotes), int (hex/octal/binary, underscores), float,
// complex, True/False/None/..., list, tuple, dict, set, set(), a sign on a number, `a ± bj`.
// Errors carry Python's exception class, because lb treats them differently: SyntaxError and
// ValueError make `_load_index` resume nothing, TypeError (an unhashable set member) escapes it.
import 'server-only';
import {
  PyBytes,
  PyComplex,
  PyDict,
  PyEllipsis,
  PyFloat,
  PySet,
  PyTuple,
  pyTypeName,
  type PyValue,
} from './python-format';

export { PyEllipsis };

/** A value `ast.literal_eval` returns. */
export type PyLiteral = PyValue;

export type PyErrorType = 'SyntaxError' | 'ValueError' | 'TypeError';

/** A Python exception, by class name. */
export class PyError extends Error {
  constructor(
    readonly type: PyErrorType,
    message: string,
  ) {
    super(`${type}: ${message}`);
    this.name = type;
  }
}

const syntax = (msg: string): never => {
  throw new PyError('SyntaxError', msg);
};
const malformed = (what: string): never => {
  throw new PyError('ValueError', `malformed node or string: ${what}`);
};

type Token =
  | { kind: 'num'; value: PyLiteral; text: string }
  | { kind: 'str'; value: string; bytes: boolean; fstring: boolean }
  | { kind: 'name'; text: string }
  | { kind: 'op'; text: string }
  | { kind: 'end' };

const ID_START = /[\p{L}\p{Nl}_]/u;
const ID_CONT = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_]/u;
const OPS = [
  '**=',
  '//=',
  '>>=',
  '<<=',
  '...',
  '->',
  ':=',
  '**',
  '//',
  '<<',
  '>>',
  '<=',
  '>=',
  '==',
  '!=',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '@=',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  ':',
  '+',
  '-',
  '*',
  '/',
  '%',
  '~',
  '.',
  ';',
  '=',
  '<',
  '>',
  '&',
  '|',
  '^',
  '@',
];

function decodeEscapes(body: string, bytes: boolean): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const n = body[++i];
    if (n === undefined) return syntax('EOL while scanning string literal');
    const simple: Record<string, string> = {
      '\n': '',
      '\\': '\\',
      "'": "'",
      '"': '"',
      a: '\x07',
      b: '\b',
      f: '\f',
      n: '\n',
      r: '\r',
      t: '\t',
      v: '\v',
    };
    if (n in simple) out += simple[n];
    else if (/[0-7]/.test(n)) {
      let oct = n;
      while (oct.length < 3 && /[0-7]/.test(body[i + 1] ?? '')) oct += body[++i];
      const code = parseInt(oct, 8);
      if (bytes) out += String.fromCharCode(code & 0xff);
      else out += String.fromCodePoint(code);
    } else if (n === 'x' || (!bytes && (n === 'u' || n === 'U'))) {
      const len = n === 'x' ? 2 : n === 'u' ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + len);
      if (hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex)) return syntax(`truncated \\${n} escape`);
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) return syntax('illegal Unicode character');
      out += String.fromCodePoint(code);
      i += len;
    } else if (!bytes && n === 'N') {
      // \N{NAME} needs Unicode's name table; not something an index.csv holds.
      return malformed('\\N{…} escape (not supported by lb-web)');
    } else out += `\\${n}`;
  }
  return out;
}

class Lexer {
  private i = 0;
  depth = 0;
  constructor(private readonly s: string) {}

  private skipSpace(): void {
    for (;;) {
      const ch = this.s[this.i];
      if (ch === ' ' || ch === '\t' || ch === '\f') this.i++;
      else if (ch === '\\' && this.s[this.i + 1] === '\n') this.i += 2;
      else if (ch === '#') {
        while (this.i < this.s.length && this.s[this.i] !== '\n') this.i++;
      } else if (ch === '\n' && this.depth > 0) this.i++;
      else return;
    }
  }

  /** Newlines outside brackets end the expression: only blank lines and comments may follow. */
  private atLogicalEnd(): boolean {
    let j = this.i;
    while (j < this.s.length) {
      const ch = this.s[j]!;
      if (ch === '#') {
        while (j < this.s.length && this.s[j] !== '\n') j++;
      } else if (ch === ' ' || ch === '\t' || ch === '\f' || ch === '\n') j++;
      else return false;
    }
    return true;
  }

  next(): Token {
    this.skipSpace();
    if (this.i >= this.s.length) return { kind: 'end' };
    const ch = this.s[this.i]!;
    if (ch === '\n') {
      if (this.atLogicalEnd()) {
        this.i = this.s.length;
        return { kind: 'end' };
      }
      return syntax('invalid syntax');
    }
    const str = this.string();
    if (str) return str;
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(this.s[this.i + 1] ?? ''))) return this.number();
    if (ID_START.test(ch)) {
      let j = this.i + 1;
      while (j < this.s.length && ID_CONT.test(this.s[j]!)) j++;
      const text = this.s.slice(this.i, j);
      this.i = j;
      return { kind: 'name', text };
    }
    for (const op of OPS) {
      if (this.s.startsWith(op, this.i)) {
        this.i += op.length;
        if ('([{'.includes(op)) this.depth++;
        if (')]}'.includes(op)) this.depth--;
        return { kind: 'op', text: op };
      }
    }
    return syntax(`invalid character '${ch}'`);
  }

  private string(): Token | null {
    const m = /^([rRuUbBfF]{0,2})(['"])/.exec(this.s.slice(this.i, this.i + 3));
    if (!m) return null;
    const prefix = m[1]!.toLowerCase();
    if (!['', 'r', 'u', 'b', 'br', 'rb', 'f', 'fr', 'rf'].includes(prefix)) return null;
    const q = m[2]!;
    let j = this.i + m[0].length;
    const triple = this.s.startsWith(q.repeat(3), j - 1);
    const close = triple ? q.repeat(3) : q;
    if (triple) j += 2;
    const start = j;
    for (;;) {
      if (j >= this.s.length) return syntax('unterminated string literal');
      const c = this.s[j]!;
      if (c === '\\') {
        j += 2;
        continue;
      }
      if (!triple && c === '\n') return syntax('unterminated string literal');
      if (this.s.startsWith(close, j)) break;
      j++;
    }
    const raw = this.s.slice(start, j);
    this.i = j + close.length;
    const bytes = prefix.includes('b');
    if (bytes && [...raw].some((ch) => ch.charCodeAt(0) > 0x7f))
      return syntax('bytes can only contain ASCII literal characters');
    const value = prefix.includes('r') ? raw : decodeEscapes(raw, bytes);
    return { kind: 'str', value, bytes, fstring: prefix.includes('f') };
  }

  private number(): Token {
    const rest = this.s.slice(this.i);
    const d = '[0-9](?:_?[0-9])*';
    const patterns: Array<[RegExp, (t: string) => PyLiteral]> = [
      [/^0[xX](?:_?[0-9a-fA-F])+/, (t) => int(BigInt(t.replace(/_/g, '')))],
      [/^0[oO](?:_?[0-7])+/, (t) => int(BigInt(t.replace(/_/g, '')))],
      [/^0[bB](?:_?[01])+/, (t) => int(BigInt(t.replace(/_/g, '')))],
      [
        new RegExp(`^(?:(?:${d})?\\.${d}|${d}\\.?)(?:[eE][+-]?${d})?[jJ]`),
        (t) => new PyComplex(0, Number(t.slice(0, -1).replace(/_/g, ''))),
      ],
      [
        new RegExp(`^(?:(?:${d})?\\.${d}(?:[eE][+-]?${d})?|${d}\\.(?:[eE][+-]?${d})?|${d}[eE][+-]?${d})`),
        (t) => new PyFloat(Number(t.replace(/_/g, ''))),
      ],
      [/^(?:0(?:_?0)*|[1-9](?:_?[0-9])*)(?![0-9_])/, (t) => int(BigInt(t.replace(/_/g, '')))],
    ];
    for (const [re, make] of patterns) {
      const m = re.exec(rest);
      if (!m) continue;
      const text = m[0];
      const after = rest[text.length] ?? '';
      if (ID_CONT.test(after) || after === '.') return syntax('invalid decimal literal');
      this.i += text.length;
      return { kind: 'num', value: make(text), text };
    }
    return syntax('invalid decimal literal');
  }
}

const KEYWORDS = new Set([
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
]);

const int = (b: bigint): number | bigint => (b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b);

/** Python's `hash()` would accept it (what a set member or dict key must be). */
export function pyHashable(v: PyLiteral): boolean {
  if (Array.isArray(v) || v instanceof PyDict || v instanceof PySet) return false;
  if (v instanceof PyTuple) return v.items.every(pyHashable);
  return true;
}

function numberParts(v: PyLiteral): { re: number; im: number } | null {
  if (typeof v === 'boolean') return { re: v ? 1 : 0, im: 0 };
  if (v instanceof PyComplex) return { re: v.re, im: v.im };
  if (typeof v === 'number' || typeof v === 'bigint') return { re: Number(v), im: 0 };
  if (v instanceof PyFloat) return { re: v.value, im: 0 };
  return null;
}

/** Python's `==` for literal values (1 == 1.0 == True, (1,) != [1]). */
export function pyEquals(a: PyLiteral, b: PyLiteral): boolean {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a === b;
  const na = numberParts(a);
  const nb = numberParts(b);
  if (na || nb) return !!na && !!nb && na.re === nb.re && na.im === nb.im;
  if (a === null || a === undefined || b === null || b === undefined) {
    return (a === null || a === undefined) && (b === null || b === undefined);
  }
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if (a instanceof PyEllipsis || b instanceof PyEllipsis) return a === b;
  if (a instanceof PyBytes && b instanceof PyBytes) {
    return a.bytes.length === b.bytes.length && a.bytes.every((x, i) => x === b.bytes[i]);
  }
  const seq = (x: readonly PyLiteral[], y: readonly PyLiteral[]) =>
    x.length === y.length && x.every((e, i) => pyEquals(e, y[i]!));
  if (a instanceof PyTuple && b instanceof PyTuple) return seq(a.items, b.items);
  if (Array.isArray(a) && Array.isArray(b)) return seq(a as PyLiteral[], b as PyLiteral[]);
  if (a instanceof PySet && b instanceof PySet) {
    return a.items.length === b.items.length && a.items.every((x) => b.items.some((y) => pyEquals(x, y)));
  }
  if (a instanceof PyDict && b instanceof PyDict) {
    return (
      a.entries.length === b.entries.length &&
      a.entries.every(([k, v]) => b.entries.some(([k2, v2]) => pyEquals(k, k2) && pyEquals(v, v2)))
    );
  }
  return false;
}

/** The nodes of Python's ast that literal_eval looks at; anything else is `Other`. */
type Node =
  | { t: 'Constant'; value: PyLiteral; joined?: boolean }
  | { t: 'Tuple' | 'List' | 'Set'; elts: Node[] }
  | { t: 'Dict'; keys: Node[]; values: Node[] }
  | { t: 'Call'; func: string; empty: boolean }
  | { t: 'UnaryOp'; op: '+' | '-' | '~'; operand: Node }
  | { t: 'BinOp'; op: string; left: Node; right: Node }
  | { t: 'Other'; what: string };

/** A subset of Python's expression grammar: enough for every literal and the usual near-misses. */
class Parser {
  private tok: Token;
  constructor(private readonly lex: Lexer) {
    this.tok = lex.next();
  }

  private advance(): Token {
    const t = this.tok;
    this.tok = this.lex.next();
    return t;
  }

  private atEnd(): boolean {
    return this.tok.kind === 'end';
  }

  private isOp(...texts: string[]): boolean {
    return this.tok.kind === 'op' && texts.includes(this.tok.text);
  }

  private expect(text: string): void {
    if (!this.isOp(text)) syntax(`expected '${text}'`);
    this.advance();
  }

  /** eval mode: an expression list (a bare tuple when it has a comma) and nothing after it. */
  parseTop(): Node {
    if (this.atEnd()) return syntax('invalid syntax');
    const first = this.expr();
    let node = first;
    if (this.isOp(',')) {
      const elts = [first];
      while (this.isOp(',')) {
        this.advance();
        if (this.atEnd()) break;
        elts.push(this.expr());
      }
      node = { t: 'Tuple', elts };
    }
    if (!this.atEnd()) return syntax('invalid syntax');
    return node;
  }

  private isName(text: string): boolean {
    return this.tok.kind === 'name' && this.tok.text === text;
  }

  /** A full expression: `a if c else b`, `or`/`and`/`not`, comparisons, bit operators — all `Other` but arithmetic. */
  private expr(): Node {
    if (this.isName('lambda')) return syntax('lambda is not supported');
    const body = this.orTest();
    if (!this.isName('if')) return body;
    this.advance();
    this.orTest();
    if (!this.isName('else')) return syntax("expected 'else'");
    this.advance();
    this.expr();
    return { t: 'Other', what: 'IfExp' };
  }

  private orTest(): Node {
    let node = this.andTest();
    while (this.isName('or')) {
      this.advance();
      this.andTest();
      node = { t: 'Other', what: 'BoolOp' };
    }
    return node;
  }

  private andTest(): Node {
    let node = this.notTest();
    while (this.isName('and')) {
      this.advance();
      this.notTest();
      node = { t: 'Other', what: 'BoolOp' };
    }
    return node;
  }

  private notTest(): Node {
    if (this.isName('not')) {
      this.advance();
      this.notTest();
      return { t: 'Other', what: 'UnaryOp not' };
    }
    return this.comparison();
  }

  private comparison(): Node {
    let node = this.bitOr();
    for (;;) {
      if (this.isOp('<', '>', '==', '>=', '<=', '!=') || this.isName('in')) this.advance();
      else if (this.isName('is')) {
        this.advance();
        if (this.isName('not')) this.advance();
      } else if (this.isName('not')) {
        this.advance();
        if (!this.isName('in')) return syntax('invalid syntax');
        this.advance();
      } else return node;
      this.bitOr();
      node = { t: 'Other', what: 'Compare' };
    }
  }

  private bitOr(): Node {
    let node = this.arith();
    while (this.isOp('|', '^', '&', '<<', '>>')) {
      const op = (this.advance() as { text: string }).text;
      node = { t: 'BinOp', op, left: node, right: this.arith() };
    }
    return node;
  }

  /** Additive level: `a + b - c` (left-associative); `*`, `/`, `%`, `//`, `@` as one level above. */
  private arith(): Node {
    let left = this.term();
    while (this.isOp('+', '-')) {
      const op = (this.advance() as { text: string }).text;
      left = { t: 'BinOp', op, left, right: this.term() };
    }
    return left;
  }

  private term(): Node {
    let left = this.factor();
    while (this.isOp('*', '/', '%', '//', '@')) {
      const op = (this.advance() as { text: string }).text;
      left = { t: 'BinOp', op, left, right: this.factor() };
    }
    return left;
  }

  private factor(): Node {
    if (this.isOp('+', '-', '~')) {
      const op = (this.advance() as { text: string }).text as '+' | '-' | '~';
      return { t: 'UnaryOp', op, operand: this.factor() };
    }
    const base = this.trailers(this.atom());
    if (this.isOp('**')) {
      this.advance();
      return { t: 'BinOp', op: '**', left: base, right: this.factor() };
    }
    return base;
  }

  /** Calls, subscripts and attributes after an atom: never a literal (`set()` aside). */
  private trailers(node: Node): Node {
    for (;;) {
      if (this.isOp('(')) {
        this.advance();
        const empty = this.isOp(')');
        while (!this.isOp(')')) {
          if (this.isOp('*', '**')) this.advance();
          this.expr();
          if (this.isOp('=')) {
            this.advance();
            this.expr();
          }
          if (!this.isOp(',')) break;
          this.advance();
        }
        this.expect(')');
        node =
          node.t === 'Other' && node.what.startsWith('Name ')
            ? { t: 'Call', func: node.what.slice(5), empty }
            : { t: 'Other', what: 'Call' };
      } else if (this.isOp('[')) {
        this.advance();
        this.items(']', true);
        node = { t: 'Other', what: 'Subscript' };
      } else if (this.isOp('.')) {
        this.advance();
        if (this.tok.kind !== 'name') return syntax('invalid syntax');
        this.advance();
        node = { t: 'Other', what: 'Attribute' };
      } else return node;
    }
  }

  private atom(): Node {
    const t = this.advance();
    if (t.kind === 'num') return { t: 'Constant', value: t.value };
    if (t.kind === 'str') {
      const { bytes } = t;
      let { value, fstring } = t;
      while (this.tok.kind === 'str') {
        const n = this.advance() as Extract<Token, { kind: 'str' }>;
        if (n.bytes !== bytes) syntax('cannot mix bytes and nonbytes literals');
        value += n.value;
        fstring = fstring || n.fstring;
      }
      if (fstring) return { t: 'Other', what: 'JoinedStr' };
      return { t: 'Constant', value: bytes ? new PyBytes([...value].map((c) => c.charCodeAt(0))) : value };
    }
    if (t.kind === 'name') {
      if (t.text === 'True') return { t: 'Constant', value: true };
      if (t.text === 'False') return { t: 'Constant', value: false };
      if (t.text === 'None') return { t: 'Constant', value: null };
      if (KEYWORDS.has(t.text)) return syntax('invalid syntax');
      return { t: 'Other', what: `Name ${t.text}` };
    }
    if (t.kind === 'op') {
      if (t.text === '...') return { t: 'Constant', value: PyEllipsis.instance };
      if (t.text === '[') return { t: 'List', elts: this.items(']') };
      if (t.text === '(') {
        if (this.isOp(')')) {
          this.advance();
          return { t: 'Tuple', elts: [] };
        }
        const first = this.expr();
        if (this.isOp(')')) {
          this.advance();
          return first;
        }
        const elts = [first];
        while (this.isOp(',')) {
          this.advance();
          if (this.isOp(')')) break;
          elts.push(this.expr());
        }
        this.expect(')');
        return { t: 'Tuple', elts };
      }
      if (t.text === '{') return this.braces();
    }
    return syntax('invalid syntax');
  }

  private items(close: string, slices = false): Node[] {
    const elts: Node[] = [];
    while (!this.isOp(close)) {
      if (slices && this.isOp(':')) {
        this.advance();
        continue;
      }
      if (this.isOp('*')) {
        this.advance();
        this.expr();
        elts.push({ t: 'Other', what: 'Starred' });
      } else elts.push(this.expr());
      while (slices && this.isOp(':')) {
        this.advance();
        if (!this.isOp(',', ':', close)) this.expr();
      }
      if (!this.isOp(',')) break;
      this.advance();
    }
    this.expect(close);
    return elts;
  }

  private braces(): Node {
    if (this.isOp('}')) {
      this.advance();
      return { t: 'Dict', keys: [], values: [] };
    }
    const dictEntry = (): [Node, Node] => {
      if (this.isOp('**')) {
        this.advance();
        this.expr();
        return [
          { t: 'Other', what: 'None key' },
          { t: 'Other', what: 'Dict unpacking' },
        ];
      }
      const k = this.expr();
      this.expect(':');
      return [k, this.expr()];
    };
    if (this.isOp('**')) return this.dictRest(dictEntry());
    if (this.isOp('*')) return { t: 'Set', elts: this.items('}') };
    const first = this.expr();
    if (this.isOp(':')) {
      this.advance();
      return this.dictRest([first, this.expr()]);
    }
    const elts = [first];
    while (this.isOp(',')) {
      this.advance();
      if (this.isOp('}')) break;
      elts.push(this.expr());
    }
    this.expect('}');
    return { t: 'Set', elts };
  }

  private dictRest(first: [Node, Node]): Node {
    const keys = [first[0]];
    const values = [first[1]];
    while (this.isOp(',')) {
      this.advance();
      if (this.isOp('}')) break;
      if (this.isOp('**')) {
        this.advance();
        this.expr();
        keys.push({ t: 'Other', what: 'Dict unpacking' });
        values.push({ t: 'Other', what: 'Dict unpacking' });
        continue;
      }
      const k = this.expr();
      this.expect(':');
      keys.push(k);
      values.push(this.expr());
    }
    this.expect('}');
    return { t: 'Dict', keys, values };
  }
}

const isNum = (v: PyLiteral): boolean =>
  typeof v === 'number' || typeof v === 'bigint' || v instanceof PyFloat || v instanceof PyComplex;

/** literal_eval's `_convert_num`: a Constant int/float/complex (not bool). */
function convertNum(node: Node): PyLiteral {
  if (node.t !== 'Constant' || !isNum(node.value)) return malformed(node.t);
  return node.value;
}

function negate(v: PyLiteral): PyLiteral {
  if (typeof v === 'number') return v === 0 ? 0 : -v;
  if (typeof v === 'bigint') return int(-v);
  if (v instanceof PyFloat) return new PyFloat(-v.value);
  return new PyComplex(-(v as PyComplex).re, -(v as PyComplex).im);
}

/** `_convert_signed_num`. */
function convertSignedNum(node: Node): PyLiteral {
  if (node.t === 'UnaryOp' && (node.op === '+' || node.op === '-')) {
    const operand = convertNum(node.operand);
    return node.op === '+' ? operand : negate(operand);
  }
  return convertNum(node);
}

function unhashable(v: PyLiteral): never {
  const type = Array.isArray(v) ? 'list' : v instanceof PyDict ? 'dict' : 'set';
  throw new PyError('TypeError', `unhashable type: '${type}'`);
}

/** `set(map(_convert, elts))`: members added one by one, the first equal one kept. */
function addMember(members: PyValue[], v: PyLiteral): void {
  if (!pyHashable(v)) unhashable(v);
  if (!members.some((m) => pyEquals(m as PyLiteral, v))) members.push(v as PyValue);
}

/** literal_eval's `_convert`, in its order of evaluation. */
function convert(node: Node): PyLiteral {
  switch (node.t) {
    case 'Constant':
      return node.value;
    case 'Tuple':
      return new PyTuple(node.elts.map(convert) as PyValue[]);
    case 'List':
      return node.elts.map(convert);
    case 'Set': {
      const members: PyValue[] = [];
      for (const e of node.elts) addMember(members, convert(e));
      return new PySet(members);
    }
    case 'Call':
      if (node.func === 'set' && node.empty) return new PySet([]);
      break;
    case 'Dict': {
      const entries: Array<[PyValue, PyValue]> = [];
      for (let i = 0; i < node.keys.length; i++) {
        const k = convert(node.keys[i]!);
        const v = convert(node.values[i]!);
        if (!pyHashable(k)) unhashable(k);
        const at = entries.findIndex(([k2]) => pyEquals(k2 as PyLiteral, k));
        if (at >= 0) entries[at] = [entries[at]![0], v as PyValue];
        else entries.push([k as PyValue, v as PyValue]);
      }
      return new PyDict(entries);
    }
    case 'BinOp':
      if (node.op === '+' || node.op === '-') {
        const left = convertSignedNum(node.left);
        const right = convertNum(node.right);
        if (!(left instanceof PyComplex) && right instanceof PyComplex) {
          const l = typeof left === 'bigint' ? Number(left) : left instanceof PyFloat ? left.value : (left as number);
          return node.op === '+' ? new PyComplex(l + right.re, right.im) : new PyComplex(l - right.re, -right.im);
        }
      }
      break;
    default:
      break;
  }
  return convertSignedNum(node);
}

/** `ast.literal_eval(text)`; throws PyError (SyntaxError / ValueError / TypeError) as Python would. */
export function literalEval(text: string | null): PyLiteral {
  if (text === null) return malformed('None');
  // literal_eval strips leading spaces and tabs; a newline then an indent is an IndentationError.
  let src = text.replace(/^[ \t]+/, '').replace(/\r\n?/g, '\n');
  // Blank and comment-only lines before the expression are skipped; an indent after them is an error.
  const blank = /^(?:[ \t\f]*(?:#[^\n]*)?\n)+/.exec(src);
  if (blank) {
    src = src.slice(blank[0].length);
    if (/^[ \t\f]/.test(src) && !/^[ \t\f]*(?:#.*)?$/.test(src)) return syntax('unexpected indent');
  }
  return convert(new Parser(new Lexer(src)).parseTop());
}

/** `tuple(value)`: the items of a list/tuple/set/dict (keys), the characters of a str, the ints of bytes. */
export function pyIterate(v: PyLiteral): PyLiteral[] {
  if (Array.isArray(v)) return [...(v as PyLiteral[])];
  if (v instanceof PyTuple || v instanceof PySet) return [...v.items];
  if (v instanceof PyDict) return v.entries.map(([k]) => k);
  if (typeof v === 'string') return [...v];
  if (v instanceof PyBytes) return [...v.bytes];
  const type = pyTypeName(v);
  throw new PyError('TypeError', `'${type}' object is not iterable`);
}
