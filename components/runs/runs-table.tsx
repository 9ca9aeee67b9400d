'use client';
// The run history: id, state, outcome and capacity per function, start, duration, configs,
// DuckDB file (opens the explorer).
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/client';
import { StateBadge } from '@/components/ui/state-badge';
import { formatDateTime, formatDuration } from '@/components/ui/format';
import { artifactHref, exploreHref, runHref } from '@/components/ui/links';
import { isTerminal } from '@/components/ui/run-states';
import type { RunListItem } from '@/components/ui/api-types';
import { OutcomeBadge } from '@/components/run-results/outcome-badge';
import { capacityText } from '@/lib/contract/run-results';

function configs(p: RunListItem['progress']): string {
  if (!p || typeof p.configs_total !== 'number') return '—';
  const extra = [
    p.configs_skipped ? `${p.configs_skipped} skipped` : '',
    p.configs_failed ? `${p.configs_failed} failed` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return `${p.configs_done ?? 0}/${p.configs_total}${extra ? ` (${extra})` : ''}`;
}

/** A run still going has no duration yet: show its elapsed time (the table polls every 3 s). */
function elapsedS(r: RunListItem): number | null {
  return !isTerminal(r.state) && r.startedAt ? (Date.now() - r.startedAt) / 1000 : null;
}

export function RunsTable({ limit }: { limit?: number }) {
  const trpc = useTRPC();
  const q = useQuery({
    ...trpc.runs.list.queryOptions(),
    // Poll only while some run is still going.
    refetchInterval: (query) => (query.state.data?.runs.some((r) => !isTerminal(r.state)) ? 3000 : false),
  });
  if (q.isPending) return <p className="muted">Loading runs…</p>;
  if (q.error)
    return (
      <p className="error-box" role="alert">
        Could not list runs: {q.error.message}
      </p>
    );
  const runs = limit ? q.data.runs.slice(0, limit) : q.data.runs;
  if (runs.length === 0) {
    return (
      <p className="muted" data-testid="no-runs">
        No runs yet. <Link href="/runs/new">Start one</Link>.
      </p>
    );
  }
  return (
    <div className="table-wrap">
      <table className="table" data-testid="runs-table" data-count={q.data.runs.length}>
        <thead>
          <tr>
            <th>Run</th>
            <th>State</th>
            <th>Outcome</th>
            <th>Capacity</th>
            <th>Started</th>
            <th className="num">Duration</th>
            <th>Configs</th>
            <th>DuckDB</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.runId} data-run-id={r.runId}>
              <td>
                <a href={runHref(r.runId)}>{r.runId}</a>
              </td>
              <td>
                <StateBadge state={r.state} live={false} />
                {r.error && (
                  <small className="error-text" title={r.error}>
                    {' '}
                    {r.error.slice(0, 80)}
                  </small>
                )}
              </td>
              <td>
                <OutcomeBadge outcome={r.outcome} />
              </td>
              <td data-testid="run-capacity">
                {r.capacity?.length ? (
                  r.capacity.map((c) => <div key={c.function}>{capacityText(c)}</div>)
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td>{formatDateTime(r.startedAt)}</td>
              <td className="num">{formatDuration(r.durationS ?? elapsedS(r))}</td>
              <td>{configs(r.progress)}</td>
              <td>
                {r.memoryFile ? (
                  <span className="row-actions">
                    <a href={exploreHref(r.runId, r.memoryFile)} data-testid="explore-link">
                      Explore
                    </a>
                    <a href={artifactHref(r.runId, r.memoryFile, true)} download>
                      Download
                    </a>
                  </span>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {q.data.skipped.length > 0 && (
        <p className="muted">
          {q.data.skipped.length} folder(s) in the output root are not runs:{' '}
          {q.data.skipped.map((s) => `${s.name} (${s.reason})`).join(', ')}
        </p>
      )}
    </div>
  );
}
