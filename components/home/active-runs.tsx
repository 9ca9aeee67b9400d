'use client';
// The runs not over yet, as live cards (the newest few); the list itself is polled by version.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/client';
import { ACTIVE_STATE, RunsQuerySchema } from '@/lib/contract/runs-filter';
import { ActiveRunCard } from './active-run-card';

/** More cards than this would be a second runs list: the rest are one click away. */
const CARDS = 4;

export function ActiveRuns() {
  const trpc = useTRPC();
  const q = useQuery({
    ...trpc.runs.list.queryOptions({ ...RunsQuerySchema.parse(undefined), state: ACTIVE_STATE, limit: CARDS }),
    refetchInterval: 2000,
  });
  return (
    <section aria-labelledby="active-h" className="overview-section">
      <h2 id="active-h">Active runs</h2>
      {q.error ? (
        <p className="error-box" role="alert">
          Could not list runs: {q.error.message}
        </p>
      ) : !q.data ? (
        <p className="muted">Loading…</p>
      ) : q.data.runs.length === 0 ? (
        <p className="muted" data-testid="no-active-runs">
          No run is going. <Link href="/runs/new">Start one</Link>.
        </p>
      ) : (
        <div className="cards">
          {q.data.runs.map((r) => (
            <ActiveRunCard key={r.runId} runId={r.runId} />
          ))}
          {q.data.matched > q.data.runs.length && (
            <p className="muted">
              {q.data.matched - q.data.runs.length} more active: <Link href="/runs">all runs</Link>
            </p>
          )}
        </div>
      )}
    </section>
  );
}
