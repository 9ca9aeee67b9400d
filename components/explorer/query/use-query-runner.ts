'use client';
// Runs the editor's SQL: one query at a time (a new run cancels the previous), every run
// bounded by the chosen timeout, each recorded in the history with duration and rows.
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  getConnector,
  QueryError,
  type QueryHandle,
  type QueryResult,
} from '@/components/explorer/engine/duckdb-connector';
import { refusedReason } from '@/components/explorer/engine/sql-guard';
import { ensurePevaResultsFor } from '@/components/explorer/peva/peva-results-table';

export interface HistoryEntry {
  id: number;
  sql: string;
  at: number;
  durationMs: number;
  rowCount?: number;
  truncated?: boolean;
  error?: string;
  kind?: QueryError['kind'];
}

export interface RunnerState {
  running: boolean;
  startedAt: number | null;
  result: QueryResult | null;
  error: QueryError | null;
  history: HistoryEntry[];
}

const HISTORY_MAX = 100;

/** "1 row", "100,000 rows". */
export const rowsText = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'row' : 'rows'}`;
let historyId = 0;

export function useQueryRunner(timeoutMs: number) {
  const [state, setState] = useState<RunnerState>({
    running: false,
    startedAt: null,
    result: null,
    error: null,
    history: [],
  });
  const current = useRef<QueryHandle | null>(null);

  const run = useCallback(
    async (sql: string) => {
      const text = sql.trim();
      if (!text) return;
      current.current?.cancel();
      const refused = refusedReason(text);
      // A large file's peva_results is built the first time a query names it.
      if (!refused) await ensurePevaResultsFor(text);
      const handle: QueryHandle = refused
        ? { result: Promise.reject(new QueryError(refused, 'refused', 0)), cancel: () => undefined }
        : getConnector().query(text, { timeoutMs, session: true });
      current.current = handle;
      const at = Date.now();
      setState((s) => ({ ...s, running: true, startedAt: performance.now(), error: null }));
      try {
        const result = await handle.result;
        if (current.current !== handle) return;
        const entry: HistoryEntry = {
          id: ++historyId,
          sql: text,
          at,
          durationMs: result.durationMs,
          rowCount: result.rowCount,
          truncated: result.truncated,
        };
        setState((s) => ({
          running: false,
          startedAt: null,
          result,
          error: null,
          history: [entry, ...s.history].slice(0, HISTORY_MAX),
        }));
      } catch (e) {
        const err = e instanceof QueryError ? e : new QueryError(String(e), 'duckdb', 0);
        const entry: HistoryEntry = {
          id: ++historyId,
          sql: text,
          at,
          durationMs: err.durationMs,
          error: err.message,
          kind: err.kind,
        };
        // A query replaced by a newer one only goes to the history.
        const superseded = current.current !== handle;
        setState((s) => ({
          ...(superseded ? s : { running: false, startedAt: null, result: s.result, error: err }),
          history: [entry, ...s.history].slice(0, HISTORY_MAX),
        }));
      } finally {
        if (current.current === handle) current.current = null;
      }
    },
    [timeoutMs],
  );

  const cancel = useCallback(() => current.current?.cancel(), []);
  useEffect(() => () => current.current?.cancel(), []);

  /** Forgets the shown result (the history stays): the main file changed under it. */
  const clearResult = useCallback(() => setState((s) => ({ ...s, result: null, error: null })), []);
  return { ...state, run, cancel, clearResult };
}
