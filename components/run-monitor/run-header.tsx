import { StateBadge } from '@/components/ui/state-badge';
import { formatDateTime, formatDuration } from '@/components/ui/format';
import type { RunDetail } from '@/components/ui/api-types';
import { etaSeconds, type RunProgress } from '@/lib/contract/progress';
import type { StreamStatus } from './use-run-events';
import { StopButton } from './stop-button';
import { OutcomeBadge } from '@/components/run-results/outcome-badge';
import type { RunOutcome } from '@/lib/contract/run-results';

export interface RunHeaderProps {
  runId: string;
  state: string | null;
  phase: string | null;
  progress: RunProgress | null;
  run: RunDetail | undefined;
  stream: StreamStatus;
  now: number;
  outcome?: RunOutcome | null;
}

const toMs = (v: unknown): number | null =>
  typeof v === 'number' ? v * 1000 : typeof v === 'string' ? Date.parse(v) || null : null;

export function RunHeader({ runId, state, phase, progress, run, stream, now, outcome }: RunHeaderProps) {
  const started = toMs(run?.createdAt);
  const ended = toMs(run?.endedAt);
  const elapsed = started ? ((ended ?? now) - started) / 1000 : null;
  const eta = ended ? null : etaSeconds(progress, elapsed);
  return (
    <header className="run-header">
      <div className="run-title">
        <h1>{runId}</h1>
        <StateBadge state={state} testId="run-state" />
        <OutcomeBadge outcome={outcome} />
        <span className="muted" data-testid="run-phase">
          phase: {phase ?? run?.phase ?? '—'}
        </span>
        <StopButton runId={runId} state={state} stopRequested={Boolean(run?.stopRequested)} />
      </div>
      <dl className="facts">
        <div>
          <dt>Configs</dt>
          <dd data-testid="run-progress">
            {progress ? `${progress.configs_done}/${progress.configs_total} done` : '—'}
            {progress && (progress.configs_skipped > 0 || progress.configs_failed > 0)
              ? ` · ${progress.configs_skipped} skipped · ${progress.configs_failed} failed`
              : ''}
          </dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatDateTime(started)}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{formatDuration(elapsed)}</dd>
        </div>
        {eta !== null && (
          <div>
            <dt>Time left</dt>
            <dd data-testid="run-eta" title="from the pace of the configurations handled so far">
              ≈ {formatDuration(eta)}
            </dd>
          </div>
        )}
        <div>
          <dt>Provider</dt>
          <dd>{typeof run?.provider === 'string' ? run.provider : '—'}</dd>
        </div>
        <div>
          <dt>Stream</dt>
          <dd data-testid="stream-status">{stream}</dd>
        </div>
      </dl>
      {run?.error && (
        <p className="error-box" role="alert">
          {run.error}
        </p>
      )}
    </header>
  );
}
