'use client';
// The run page's answer to "what did the run find": capacity per function (the headline), the
// thresholds it was held to, and the results table (live as configurations end; sortable;
// CSV export). Everything is computed from the stream's result events with the same functions
// the controller uses for the journal's outcome (lib/contract/run-results.ts).
import { memo, useMemo, useState } from 'react';
import { capacityPerFunction, capacityText, testedRatesText } from '@/lib/contract/run-results';
import type { Thresholds } from '@/lib/contract/thresholds';
import type { FindingsSnapshot } from '@/lib/run-digest/run-findings-log';
import { RESULTS_COLUMNS, resultsCsv, resultsRows, sortRows, type ResultsRow } from './results-rows';
import { compareHref, reportHref } from '@/components/ui/links';

export interface ResultsPanelProps {
  runId: string;
  findings: FindingsSnapshot;
  thresholds: Thresholds | null | undefined;
  stopped: boolean;
}

const fmt = (v: ResultsRow[keyof ResultsRow]): string => {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(v < 1 ? 3 : 1);
  return v;
};

function ResultsPanelImpl({ runId, findings, thresholds, stopped }: ResultsPanelProps) {
  const [sort, setSort] = useState<{ key: keyof ResultsRow; dir: 1 | -1 } | null>(null);
  const limits = thresholds ?? undefined;
  const { rows, capacity } = useMemo(
    () => ({
      rows: resultsRows({
        records: findings.records,
        notes: findings.notes,
        live: findings.live,
        thresholds: limits,
        stopped,
      }),
      capacity: capacityPerFunction(findings.records, limits),
    }),
    [findings, limits, stopped],
  );
  const shown = sort ? sortRows(rows, sort.key, sort.dir) : rows;
  const download = () => {
    const url = URL.createObjectURL(new Blob([resultsCsv(shown)], { type: 'text/csv' }));
    const a = Object.assign(document.createElement('a'), { href: url, download: `results-${runId}.csv` });
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <section className="panel" data-testid="results-panel">
      <h2>Results</h2>
      <ul className="capacity" data-testid="capacity">
        {capacity.length === 0 ? (
          <li className="muted">Capacity per function appears once a configuration is recorded.</li>
        ) : (
          capacity.map((c) => (
            <li key={c.function} data-testid="capacity-line" data-function={c.function}>
              {capacityText(c)}{' '}
              <span className="muted" data-testid="capacity-tested">
                · {testedRatesText(c)}
              </span>
            </li>
          ))
        )}
      </ul>
      <p className="muted" data-testid="thresholds">
        {thresholds && Object.keys(thresholds).length > 0
          ? `Thresholds: ${Object.entries(thresholds)
              .map(
                ([fn, l]) =>
                  `${fn}: ${Object.entries(l)
                    .map(([k, v]) => `${k} ${String(v)}`)
                    .join(', ')}`,
              )
              .join(' · ')}`
          : 'No thresholds set: capacity counts overloads only.'}
      </p>
      <div className="actions">
        <button
          type="button"
          className="button"
          onClick={download}
          disabled={rows.length === 0}
          data-testid="results-csv"
        >
          Export CSV
        </button>
        <a className="button" href={reportHref(runId)} download data-testid="run-report">
          Download report
        </a>
        <a className="button" href={compareHref(runId)} title="Against the baseline of its workload (Runs page ☆)">
          Compare…
        </a>
      </div>
      <div className="table-wrap">
        <table className="table" data-testid="results-table">
          <thead>
            <tr>
              {RESULTS_COLUMNS.map((c) => (
                <th key={c.key} className={c.numeric ? 'num' : undefined}>
                  <button
                    type="button"
                    className="link"
                    onClick={() => setSort((s) => ({ key: c.key, dir: s?.key === c.key && s.dir === 1 ? -1 : 1 }))}
                  >
                    {c.label}
                    {sort?.key === c.key ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.length === 0 && (
              <tr>
                <td colSpan={RESULTS_COLUMNS.length} className="muted">
                  No configuration recorded yet.
                </td>
              </tr>
            )}
            {shown.map((r) => (
              <tr
                key={r.key}
                data-testid="result-row"
                data-kind={r.kind}
                data-verdict={r.verdict}
                data-config={r.configId}
              >
                {RESULTS_COLUMNS.map((c) => (
                  <td key={c.key} className={c.numeric ? 'num' : undefined}>
                    {c.key === 'verdict'
                      ? r.verdict === 'pass'
                        ? '✓'
                        : r.verdict === 'fail'
                          ? '✗'
                          : '—'
                      : c.key === 'cpuNode' && r.cpuNode !== null
                        ? `${fmt(r.cpuNode)} (${r.cpuUnit === 'node_capacity' ? 'all cores' : 'one core'})`
                        : fmt(r[c.key])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

// Memoised: the run page re-renders once per animation frame while events stream in, and
// these props change only with a result, a throttled findings update or a poll.
export const ResultsPanel = memo(ResultsPanelImpl);
