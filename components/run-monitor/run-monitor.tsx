'use client';
// The run page: header (state, phase, progress, Stop), live charts, event log, artifacts.
// Live state comes from the event stream; runs.get / runs.artifacts are polled while the run
// is active and refetched once its last event arrives (the DuckDB file lands during collect).
import Link from 'next/link';
import { useEffect, useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/client';
import { isTerminal } from '@/components/ui/run-states';
import { useRunEvents } from './use-run-events';
import { useThrottled } from './use-throttled';
import { readProgress } from '@/lib/contract/progress';
import { RunHeader } from './run-header';
import { MetricCharts } from './metric-charts';
import { EventLog } from './event-log';
import { ArtifactList } from './artifact-list';
import { ResultsPanel } from '@/components/run-results/results-panel';
import { CapacitySearchPanel } from '@/components/run-results/capacity-search-panel';
import { useNow } from '@/components/ui/use-now';
import { useWarmExplorer } from './use-warm-explorer';

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
  const metricRows = useMemo(() => log.metrics.rowsThrough(metricKey), [log, metricKey]);
  const findingsKey = useThrottled(version, 500);
  const findings = useMemo(() => log.findings.snapshotAt(findingsKey), [log, findingsKey]);
  const search = useMemo(() => log.search.snapshotAt(findingsKey), [log, findingsKey]);
  const outcome = log.derived.outcome ?? runQ.data?.outcome ?? null;
  useWarmExplorer(terminal && Boolean(runQ.data?.memoryFile));

  if (runQ.error?.data?.code === 'NOT_FOUND') {
    return (
      <p className="error-box" role="alert">
        Run {runId} not found. <Link href="/runs">All runs</Link>
      </p>
    );
  }
  return (
    <div className="run-monitor" data-testid="run-monitor">
      <RunHeader
        runId={runId}
        state={state}
        phase={log.derived.phase}
        progress={log.derived.progress ?? readProgress(runQ.data?.progress)}
        run={runQ.data}
        stream={status}
        now={now}
        outcome={outcome}
      />
      <ResultsPanel
        runId={runId}
        findings={findings}
        thresholds={runQ.data?.thresholds}
        stopped={state === 'aborted' || state === 'stop_failed' || state === 'failed'}
      />
      <CapacitySearchPanel search={search} />
      <MetricCharts
        rows={metricRows}
        functions={log.metrics.functions}
        markers={log.metrics.markers}
        ended={terminal}
        version={metricKey}
      />
      <EventLog runId={runId} log={log} version={version} />
      <ArtifactList
        runId={runId}
        files={filesQ.data}
        memoryFile={runQ.data?.memoryFile ?? null}
        memoryCollect={runQ.data?.memoryCollect}
      />
    </div>
  );
}
