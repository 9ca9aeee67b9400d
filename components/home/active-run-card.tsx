'use client';
// One running run on the home page: state, progress, the live request rate (its newest metric
// events, through the same snapshot + stream as the run page: one connection per card), the
// last minute as a sparkline, and Stop with the run page's confirm.
import Link from 'next/link';
import { useMemo } from 'react';
import { StateBadge } from '@/components/ui/state-badge';
import { runHref } from '@/components/ui/links';
import { StopButton } from '@/components/run-monitor/stop-button';
import { useRunEvents } from '@/components/run-monitor/use-run-events';
import { liveRate } from './live-rate';
import { Sparkline } from './sparkline';

/** The sparkline's span: the last minute of per-second rows. */
const SPARK_POINTS = 60;

export function ActiveRunCard({ runId }: { runId: string }) {
  const { log, version, status } = useRunEvents(runId);
  const view = useMemo(() => {
    void version;
    const rows = log.metrics.rows.filter((r) => !r.gap).slice(-SPARK_POINTS);
    return {
      derived: log.derived,
      rate: liveRate(log.view),
      spark: rows.map((r) => Object.values(r.fns).reduce((a, f) => a + (f.rps ?? 0), 0)),
    };
  }, [log, version]);
  const { derived, rate } = view;
  const p = derived.progress;
  const done = p ? p.configs_done + p.configs_skipped + p.configs_failed : 0;
  return (
    <article className="card active-run" data-testid="active-run" data-run-id={runId} aria-labelledby={`card-${runId}`}>
      <header className="card-head">
        <h3 id={`card-${runId}`}>
          <Link href={runHref(runId)}>{runId}</Link>
        </h3>
        <StateBadge state={derived.controllerState} live={status === 'live'} />
      </header>
      <p className="muted">
        {derived.phase ?? '—'}
        {p ? ` · configs ${done}/${p.configs_total}` : ''}
      </p>
      {p && p.configs_total > 0 && (
        <progress
          max={p.configs_total}
          value={done}
          aria-label={`Configurations done: ${done} of ${p.configs_total}`}
        />
      )}
      <p className="live-rate" data-testid="live-rate" data-rps={rate ? rate.total.toFixed(2) : ''}>
        {rate ? (
          <>
            <strong>{rate.total.toFixed(1)} req/s</strong>{' '}
            <span className="muted">
              {Object.entries(rate.perFunction)
                .map(([fn, rps]) => `${fn} ${rps.toFixed(1)}${rate.targets[fn] ? `/${rate.targets[fn]}` : ''}`)
                .join(' · ')}
            </span>
          </>
        ) : (
          <span className="muted">no load yet</span>
        )}
      </p>
      <Sparkline values={view.spark} label={`Request rate of ${runId}`} />
      <div className="card-actions">
        <StopButton runId={runId} state={derived.controllerState} stopRequested={false} />
      </div>
    </article>
  );
}
