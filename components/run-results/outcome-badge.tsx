import { OUTCOME_TEXT, OUTCOME_TONE, type RunOutcome } from '@/lib/contract/run-results';

/** What the run found, beside lb's controller state: green only when it passed. */
export function OutcomeBadge({ outcome }: { outcome: RunOutcome | null | undefined }) {
  if (!outcome) return null;
  return (
    <span
      className={`badge badge-${OUTCOME_TONE[outcome.kind]}`}
      data-testid="run-outcome"
      data-outcome={outcome.kind}
      title={outcome.detail}
    >
      {OUTCOME_TEXT[outcome.kind]}
    </span>
  );
}
