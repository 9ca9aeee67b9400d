'use client';
// Editor, Run/Cancel with a per-query timeout, the result grid, CSV export and history.
// Errors are shown exactly as DuckDB worded them.
import { forwardRef, useCallback, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { toCsv } from '@/components/explorer/grid/csv-export';
import { downloadText } from '@/components/explorer/grid/copy-text';
import { DEFAULT_TIMEOUT_MS } from '@/components/explorer/engine/duckdb-connector';
import QueryHistory from './query-history';
import ResultsGrid from '@/components/explorer/grid/results-grid';
import SqlEditor, { type SqlEditorHandle } from './sql-editor';
import { rowsText, useQueryRunner } from './use-query-runner';
import { CANNED_QUERIES } from './canned-queries';
import { errorPosition } from './error-position';
import s from '@/components/explorer/explorer.module.css';

export interface QueryPanelHandle {
  runSql(sql: string): void;
  clearResult(): void;
}

const FIRST_SQL = `-- Ctrl/Cmd+Enter runs. Tables of the main file need no prefix (USE run); the comparison file is cmp.
SELECT config_id, count(*) AS executions, avg(duration_s) AS avg_duration_s
FROM execution_events GROUP BY config_id ORDER BY executions DESC;`;

function Elapsed({ since }: { since: number }) {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const t = setInterval(() => setNow(performance.now()), 100);
    return () => clearInterval(t);
  }, []);
  return <>{((now - since) / 1000).toFixed(1)} s</>;
}

const QueryPanel = forwardRef<QueryPanelHandle, { schema: Record<string, Record<string, string[]>> }>(
  function QueryPanel({ schema }, ref) {
    const [timeoutS, setTimeoutS] = useState(DEFAULT_TIMEOUT_MS / 1000);
    const runner = useQueryRunner(Math.max(1, timeoutS) * 1000);
    const editor = useRef<SqlEditorHandle>(null);
    const gridOrder = useRef<readonly number[] | undefined>(undefined);
    const onGridOrder = useCallback((o: readonly number[]) => {
      gridOrder.current = o;
    }, []);

    // Underline where a DuckDB error points (its "LINE n:" caret), in the text as it was run.
    const { error: runError, history } = runner;
    useEffect(() => {
      const ed = editor.current;
      if (!ed) return;
      const sent = history[0]?.sql;
      const range = runError?.kind === 'duckdb' && sent ? errorPosition(sent, runError.message) : null;
      const base = range && sent ? ed.getText().indexOf(sent) : -1;
      ed.markError(range && base >= 0 ? { from: base + range.from, to: base + range.to } : null);
    }, [runError, history]);

    useImperativeHandle(ref, () => ({
      runSql: (text: string) => {
        editor.current?.setText(text);
        void runner.run(text);
      },
      clearResult: () => runner.clearResult(),
    }));

    const exportCsv = () => {
      const r = runner.result;
      if (!r) return;
      // The CSV follows the grid's sort (what the user sees), when that order is this result's.
      const order = gridOrder.current?.length === r.rows.length ? gridOrder.current : undefined;
      downloadText(
        'query-result.csv',
        toCsv(
          r.columns.map((c) => c.name),
          r.rows,
          order,
        ),
      );
    };

    return (
      <div className={s.main} data-testid="query-panel">
        <SqlEditor ref={editor} initial={FIRST_SQL} schema={schema} onRun={(t) => void runner.run(t)} />
        <div className={s.row}>
          <button
            type="button"
            className={`${s.button} ${s.primary}`}
            onClick={() => void runner.run(editor.current?.getText() ?? '')}
            disabled={runner.running}
          >
            Run (Ctrl+Enter)
          </button>
          <button
            type="button"
            className={`${s.button} ${s.danger}`}
            onClick={runner.cancel}
            disabled={!runner.running}
            data-testid="cancel-query"
          >
            Cancel
          </button>
          <select
            aria-label="Ready-made queries"
            value=""
            onChange={(e) => {
              const q = CANNED_QUERIES.find((c) => c.id === e.target.value);
              if (!q) return;
              editor.current?.setText(q.sql);
              void runner.run(q.sql);
            }}
            data-testid="canned-queries"
          >
            <option value="">Ready-made queries…</option>
            {CANNED_QUERIES.map((q) => (
              <option key={q.id} value={q.id}>
                {q.label}
              </option>
            ))}
          </select>
          <label className={s.status}>
            timeout{' '}
            <input
              type="number"
              min={1}
              max={3600}
              value={timeoutS}
              onChange={(e) => setTimeoutS(Number(e.target.value) || 1)}
              style={{ width: '5rem' }}
              aria-label="Query timeout in seconds"
            />{' '}
            s
          </label>
          <span
            className={s.status}
            data-testid="query-status"
            data-state={runner.running ? 'running' : runner.error ? runner.error.kind : runner.result ? 'done' : 'idle'}
            data-duration-ms={runner.running ? undefined : (runner.history[0]?.durationMs ?? undefined)}
            data-history={runner.history.length}
          >
            {runner.running && runner.startedAt !== null && (
              <>
                running… <Elapsed since={runner.startedAt} />
              </>
            )}
            {!runner.running &&
              runner.result &&
              !runner.error &&
              `${rowsText(runner.result.rowCount)}${
                runner.result.truncated
                  ? typeof runner.result.totalRows === 'number'
                    ? ` of ${runner.result.totalRows.toLocaleString('en-US')} (the rest not fetched)`
                    : ' (more not fetched)'
                  : ''
              } in ${runner.result.durationMs} ms`}
            {/* A failed query keeps the last good grid on screen: say whose rows those are. */}
            {!runner.running &&
              runner.result &&
              runner.error &&
              `the grid below still shows the previous query's ${rowsText(runner.result.rowCount)}`}
          </span>
          {runner.result && (
            <button type="button" className={s.button} onClick={exportCsv} style={{ marginLeft: 'auto' }}>
              Export CSV
            </button>
          )}
        </div>
        {runner.error && (
          <pre className={s.error} role="alert" data-testid="query-error" data-kind={runner.error.kind}>
            {runner.error.message}
          </pre>
        )}
        {runner.result && (
          <ResultsGrid
            key={runner.history[0]?.id ?? 0}
            columns={runner.result.columns}
            rows={runner.result.rows}
            onOrder={onGridOrder}
          />
        )}
        <QueryHistory entries={runner.history} onPick={(t) => editor.current?.setText(t)} />
      </div>
    );
  },
);

export default QueryPanel;
