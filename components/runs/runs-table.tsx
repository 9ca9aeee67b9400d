'use client';
// The run history: id, state, outcome and capacity per function, start, duration, configs,
// DuckDB file (opens the explorer). With `manage` (the Runs page): filter by state, outcome and
// text, select two runs to compare, mark a baseline per workload, delete into the trash.
import Link from 'next/link';
import { useEffect, useMemo, useRef, useState } from 'react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/client';
import { StateBadge } from '@/components/ui/state-badge';
import { formatDateTime, formatDuration } from '@/components/ui/format';
import { artifactHref, compareHref, exploreHref, runHref } from '@/components/ui/links';
import { CONTROLLER_STATES } from '@/lib/contract/controller-states';
import { OUTCOMES, OUTCOME_TEXT } from '@/lib/contract/run-results';
import { comparePair, NO_FILTER, RUNS_PAGE, type RunsFilter } from '@/lib/contract/runs-filter';
import { BaselineToggle, DeleteRun, TrashBar } from './run-row-actions';
import { isTerminal } from '@/components/ui/run-states';
import type { RunListItem } from '@/components/ui/api-types';
import { OutcomeBadge } from '@/components/run-results/outcome-badge';
import { capacityText } from '@/lib/contract/run-results';
import { useWindowedRows } from '@/components/ui/use-windowed-rows';

/** How often the page asks whether the runs list changed. */
const VERSION_POLL_MS = 2000;
/** Above this many rows only those near the viewport are rendered (fixed-height rows). */
const WINDOW_ABOVE = 100;
/** The row height of a windowed table (globals.css `.runs-windowed`). */
const ROW_HEIGHT = 60;

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

/** A run still going has no duration yet: show its elapsed time (re-rendered every 3 s). */
function elapsedS(r: RunListItem): number | null {
  return !isTerminal(r.state) && r.startedAt ? (Date.now() - r.startedAt) / 1000 : null;
}

function Toolbar({
  filter,
  onFilter,
  pair,
  selected,
}: {
  filter: RunsFilter;
  onFilter: (f: RunsFilter) => void;
  pair: { a: string; b: string } | null;
  selected: number;
}) {
  return (
    <div className="toolbar" data-testid="runs-toolbar">
      <label>
        State
        <select
          value={filter.state}
          onChange={(e) => onFilter({ ...filter, state: e.target.value })}
          data-testid="filter-state"
        >
          <option value="">any</option>
          {CONTROLLER_STATES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        Outcome
        <select
          value={filter.outcome}
          onChange={(e) => onFilter({ ...filter, outcome: e.target.value as RunsFilter['outcome'] })}
          data-testid="filter-outcome"
        >
          <option value="">any</option>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {OUTCOME_TEXT[o]}
            </option>
          ))}
          <option value="none">none yet</option>
        </select>
      </label>
      <label>
        Search
        <input
          type="search"
          value={filter.text}
          placeholder="run id, function, capacity…"
          onChange={(e) => onFilter({ ...filter, text: e.target.value })}
          data-testid="filter-text"
        />
      </label>
      {pair ? (
        <Link className="button primary" href={compareHref(pair.b, pair.a)} data-testid="compare-selected">
          Compare {pair.b} with {pair.a}
        </Link>
      ) : (
        <span className="muted">{selected === 0 ? 'Select two runs to compare them' : 'Select exactly two runs'}</span>
      )}
    </div>
  );
}

/** The filter as sent to the server: the search text settles for 250 ms first. */
function useServerFilter(filter: RunsFilter): RunsFilter {
  const [text, setText] = useState(filter.text);
  useEffect(() => {
    const t = setTimeout(() => setText(filter.text), 250);
    return () => clearTimeout(t);
  }, [filter.text]);
  return { ...filter, text };
}

/** Stands in for the rows outside the window, so the page's scroll height stays true. */
function Spacer({ height, columns }: { height: number; columns: number }) {
  return (
    <tr className="spacer" aria-hidden="true" style={{ height }}>
      <td colSpan={columns} />
    </tr>
  );
}

/** Re-renders every `ms` (elapsed times of running runs), or never with null. */
function useTick(ms: number | null): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (ms === null) return;
    const t = setInterval(() => setTick((n) => n + 1), ms);
    return () => clearInterval(t);
  }, [ms]);
}

/**
 * Polls the list's version (a few bytes) and fetches the list again only when it moved: a new
 * run, a state or progress change, a baseline, the trash — from this tab, another one or the CLI.
 */
function useRefetchWhenChanged(): void {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const v = useQuery({ ...trpc.runs.listVersion.queryOptions(), refetchInterval: VERSION_POLL_MS });
  const seen = useRef<string | null>(null);
  const version = v.data?.version ?? null;
  useEffect(() => {
    if (version === null) return;
    if (seen.current !== null && seen.current !== version) {
      void qc.invalidateQueries({ queryKey: trpc.runs.list.queryKey() });
    }
    seen.current = version;
  }, [version, qc, trpc]);
}

export function RunsTable({ limit, manage = false }: { limit?: number; manage?: boolean }) {
  const trpc = useTRPC();
  const [filter, setFilter] = useState<RunsFilter>(NO_FILTER);
  const [pages, setPages] = useState(1);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const sent = useServerFilter(manage ? filter : NO_FILTER);
  // Filtered and paged on the server (its catalog reads a journal only when it changed).
  const q = useQuery({
    ...trpc.runs.list.queryOptions({ ...sent, offset: 0, limit: limit ?? RUNS_PAGE * pages }),
    placeholderData: keepPreviousData,
  });
  useRefetchWhenChanged();
  const all = q.data?.runs;
  const windowed = (all?.length ?? 0) > WINDOW_ABOVE;
  const body = useRef<HTMLTableSectionElement>(null);
  const rows = useWindowedRows(body, all?.length ?? 0, ROW_HEIGHT, windowed);
  useTick(q.data?.live ? 3000 : null);
  const pair = useMemo(() => (all ? comparePair(all, selected) : null), [all, selected]);
  const toggle = (runId: string) =>
    setSelected((cur) => {
      const next = new Set(cur);
      if (!next.delete(runId)) next.add(runId);
      return next;
    });
  if (q.isPending) return <p className="muted">Loading runs…</p>;
  if (q.error)
    return (
      <p className="error-box" role="alert">
        Could not list runs: {q.error.message}
      </p>
    );
  const runs = q.data.runs;
  const withBaseline = new Set(q.data.workloadsWithBaseline);
  const columns = manage ? 10 : 8;
  if (q.data.total === 0) {
    return (
      <p className="muted" data-testid="no-runs">
        No runs yet. <Link href="/runs/new">Start one</Link>.
      </p>
    );
  }
  return (
    <div className="table-wrap">
      {manage && <Toolbar filter={filter} onFilter={setFilter} pair={pair} selected={selected.size} />}
      <table
        className={windowed ? 'table runs-windowed' : 'table'}
        style={windowed ? ({ '--run-row-h': `${ROW_HEIGHT}px` } as React.CSSProperties) : undefined}
        aria-rowcount={runs.length + 1}
        data-testid="runs-table"
        data-count={q.data.total}
        data-matched={q.data.matched}
        data-shown={runs.length}
      >
        <thead>
          <tr>
            {manage && <th aria-label="Select" />}
            <th>Run</th>
            <th>State</th>
            <th>Outcome</th>
            <th>Capacity</th>
            <th>Started</th>
            <th className="num">Duration</th>
            <th>Configs</th>
            <th>DuckDB</th>
            {manage && <th aria-label="Actions" />}
          </tr>
        </thead>
        <tbody ref={body}>
          {rows.padTop > 0 && <Spacer height={rows.padTop} columns={columns} />}
          {runs.slice(rows.start, rows.end).map((r, i) => (
            <tr key={r.runId} data-run-id={r.runId} aria-rowindex={rows.start + i + 2}>
              {manage && (
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Select ${r.runId} to compare`}
                    checked={selected.has(r.runId)}
                    onChange={() => toggle(r.runId)}
                    data-testid="select-run"
                  />
                </td>
              )}
              <td>
                <a href={runHref(r.runId)}>{r.runId}</a>
                {manage && <BaselineToggle run={r} />}
                <br />
                <small className="muted">
                  {r.workload}
                  {r.provider ? ` · ${r.provider}` : ''}
                </small>
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
              <td data-testid="run-capacity" title={windowed ? r.capacity?.map(capacityText).join('\n') : undefined}>
                {r.capacity?.length ? (
                  windowed ? (
                    r.capacity.map(capacityText).join(' · ')
                  ) : (
                    r.capacity.map((c) => <div key={c.function}>{capacityText(c)}</div>)
                  )
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
              {manage && (
                <td>
                  <span className="row-actions">
                    {r.baseline || !withBaseline.has(r.workload) ? null : (
                      <a href={compareHref(r.runId)} title="Compare with the baseline of its workload">
                        vs baseline
                      </a>
                    )}
                    <DeleteRun run={r} />
                  </span>
                </td>
              )}
            </tr>
          ))}
          {rows.padBottom > 0 && <Spacer height={rows.padBottom} columns={columns} />}
        </tbody>
      </table>
      {manage && runs.length === 0 && (
        <p className="muted" data-testid="no-match">
          No run matches the filter.
        </p>
      )}
      {manage && q.data.matched > runs.length && (
        <p className="muted">
          Showing {runs.length} of {q.data.matched} matching runs ({q.data.total} in all).{' '}
          <button type="button" className="button" onClick={() => setPages((p) => p + 1)} data-testid="more-runs">
            Show {Math.min(RUNS_PAGE, q.data.matched - runs.length)} more
          </button>
        </p>
      )}
      {manage && <TrashBar count={q.data.trash} />}
      {q.data.skipped.length > 0 && (
        <p className="muted">
          {q.data.skipped.length} folder(s) in the output root are not runs:{' '}
          {q.data.skipped.map((s) => `${s.name} (${s.reason})`).join(', ')}
        </p>
      )}
    </div>
  );
}
