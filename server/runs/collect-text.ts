// How a collected item reads in the run's log: where it went, and for the DuckDB memory what
// the verified copy holds.
import 'server-only';
import type { CollectedItem } from './run-journal-schema';

export function collectLine(i: CollectedItem): string {
  if (!i.ok) return `collect ${i.what}: not collected (${i.error})`;
  const m = i.inspection;
  if (!m) return `collect ${i.what}: → ${i.to}`;
  const rows = Object.entries(m.tables)
    .filter(([, n]) => n > 0)
    .map(([t, n]) => `${t} ${n}`)
    .join(', ');
  const notes = [m.walMerged ? 'WAL merged' : '', m.sessionClosed ? 'session row closed as failed' : '']
    .filter(Boolean)
    .join('; ');
  return `collect ${i.what}: → ${i.to} (verified: ${rows || 'no rows'}${notes ? `; ${notes}` : ''})`;
}
