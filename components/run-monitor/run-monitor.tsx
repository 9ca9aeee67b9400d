'use client';
// The run page: header (state, phase, progress, Stop), live charts, event log, artifacts.
// Live state comes from the event stream; runs.get / runs.artifacts are polled while the run
// is active and refetched once its last event arrives (the DuckDB file lands during collect).
import { useEffect, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/client';
import { isTerminal } from '@/components/ui/run-states';
import { useRunEvents } from './use-run-events';
import { useThrottled } from './use-throttled';
import type { RunProgress } from './event-store';
import { RunHeader } from './run-header';
import { MetricCharts } from './metric-charts';
import { EventLog } from './event-log';
import { ArtifactList } from './artifact-list';

/** The journal's progress (metadata.progress), for a page opened before any status event. */
function journalProgress(p: Record<string, number> | null | undefined): RunProgress | null {
  if (!p || typeof p.configs_total !== 'number') return null;
  return {
    configs_total: p.configs_total,
    configs_done: p.configs_done ?? 0,
    configs_skipped: p.configs_skipped ?? 0,
    configs_failed: p.configs_failed ?? 0,
  };
}

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);
  return now;
}

export function RunMonitor({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const { log, version, status } = useRunEvents(runId);
  const runQ = useQuery({
    ...trpc.runs.get.queryOptions({ runId }),
    refetchInterval: (q) => (isTerminal(q.state.data?.state) ? false : 2000),
  });
  const liveState = log.derived.controllerState;
  const polledState = runQ.data?.state ?? null;
  // A terminal state from either source wins; otherwise the stream is fresher than the poll.
  const state = isTerminal(polledState) ? polledState : (liveState ?? polledState);
  const terminal = isTerminal(state);
  const filesQ = useQuery({ ...trpc.runs.artifacts.queryOptions({ runId }), refetchInterval: terminal ? false : 5000 });

  const { refetch: refetchRun } = runQ;
  const { refetch: refetchFiles } = filesQ;
  const ended = log.derived.ended;
  useEffect(() => {
    if (!ended) return;
    void refetchRun();
    void refetchFiles();
  }, [ended, refetchRun, refetchFiles]);

  const now = useNow(!terminal);
  const metricKey = useThrottled(log.metrics.rows.at(-1)?.seq ?? 0, 500);
  // A fresh array per new sample: recharts compares data by reference.
  const metricRows = useMemo(() => log.metrics.rows.slice(), [log, metricKey]);

  if (runQ.error?.data?.code === 'NOT_FOUND') {
    return (
      <p className="error-box" role="alert">
        Run {runId} not found. <a href="/runs">All runs</a>
      </p>
    );
  }
  return (
    <div className="run-monitor" data-testid="run-monitor" data-version={version}>
      <RunHeader
        runId={runId}
        state={state}
        phase={log.derived.phase}
        progress={log.derived.progress ?? journalProgress(runQ.data?.progress)}
        run={runQ.data}
        stream={status}
        now={now}
      />
      <MetricCharts rows={metricRows} functions={log.metrics.functions} version={metricKey} />
      <EventLog log={log} version={version} />
      <ArtifactList runId={runId} files={filesQ.data} memoryFile={runQ.data?.memoryFile ?? null} />
    </div>
  );
}
