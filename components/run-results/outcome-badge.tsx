import { OUTCOME_TEXT, type RunOutcome } from '@/lib/contract/run-results';

const TONE: Record<RunOutcome['kind'], 'ok' | 'bad' | 'warn'> = {
  passed: 'ok',
  thresholds_failed: 'bad',
  configurations_failed: 'bad',
  failed: 'bad',
  nothing_run: 'warn',
  partial: 'warn',
};

/** What the run found, beside lb's controller state: green only when it passed. */
export function OutcomeBadge({ outcome }: { outcome: RunOutcome | null | undefined }) {
  if (!outcome) return null;
  return (
    <span
      className={`badge badge-${TONE[outcome.kind]}`}
      data-testid="run-outcome"
      data-outcome={outcome.kind}
      title={outcome.detail}
    >
      {OUTCOME_TEXT[outcome.kind]}
    </span>
  );
}
