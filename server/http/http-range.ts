// Single byte ranges (RFC 9110 §14). Multi-range requests are answered with the whole
// file (a server may ignore Range), which keeps responses simple for the explorer.
import 'server-only';
export type RangeResult = { kind: 'none' } | { kind: 'range'; start: number; end: number } | { kind: 'unsatisfiable' };

const SPEC = /^(\d*)-(\d*)$/;

export function parseRange(header: string | null, size: number): RangeResult {
  if (!header) return { kind: 'none' };
  const trimmed = header.trim();
  if (!/^bytes=/i.test(trimmed)) return { kind: 'none' };
  const spec = trimmed.slice('bytes='.length).trim();
  if (spec.includes(',')) return { kind: 'none' };
  const m = SPEC.exec(spec);
  if (!m || (m[1] === '' && m[2] === '')) return { kind: 'none' };
  const [, first = '', last = ''] = m;
  if (first === '') {
    // Suffix range: the last N bytes.
    const n = Number(last);
    if (n === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'range', start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  if (last !== '' && end < start) return { kind: 'none' }; // syntactically invalid: ignore
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'range', start, end: Math.min(end, size - 1) };
}
