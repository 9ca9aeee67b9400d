// Content types for run artifacts. Nothing here is ever served as HTML: run directories
// hold files written by hosts we drive, and same-origin HTML would run with the
// dashboard's privileges.
import 'server-only';
const TYPES: Record<string, string> = {
  '.duckdb': 'application/octet-stream',
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.jsonl': 'text/plain; charset=utf-8',
  '.ndjson': 'text/plain; charset=utf-8',
  '.log': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.out': 'text/plain; charset=utf-8',
  '.err': 'text/plain; charset=utf-8',
  '.yaml': 'text/plain; charset=utf-8',
  '.yml': 'text/plain; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

export function contentTypeFor(name: string): string {
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot).toLowerCase() : '';
  return TYPES[ext] ?? 'application/octet-stream';
}

/** RFC 6266 filename: an ASCII fallback plus the exact UTF-8 name. */
export function contentDisposition(kind: 'attachment' | 'inline', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
