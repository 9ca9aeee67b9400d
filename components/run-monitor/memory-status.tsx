// What collect found of the runner's DuckDB memory: verified (rows per table, WAL merged), or
// why it is not there. A file that does not open is said so here, not offered to the explorer.
import type { RunDetail } from '@/components/ui/api-types';

export function MemoryStatus({ item }: { item: RunDetail['memoryCollect'] }) {
  if (!item) return null;
  if (!item.ok) {
    return (
      <p className="error-box" role="alert" data-testid="memory-status" data-ok="false">
        DuckDB memory not collected: {item.error}
      </p>
    );
  }
  const m = item.inspection;
  const rows = m
    ? Object.entries(m.tables)
        .filter(([, n]) => n > 0)
        .map(([t, n]) => `${t} ${n.toLocaleString('en')}`)
        .join(' · ')
    : '';
  return (
    <p className="muted" data-testid="memory-status" data-ok="true">
      DuckDB memory verified{rows ? `: ${rows}` : ' (no rows)'}
      {m?.walMerged ? ' · WAL merged' : ''}
      {m?.sessionClosed ? ' · session closed as failed (the agent was killed)' : ''}
    </p>
  );
}
