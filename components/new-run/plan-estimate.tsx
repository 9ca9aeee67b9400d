// The plan in one line under the form: how many configurations the config enumerates and lb's
// runtime estimate for them (`estimate_runtime_seconds`: duration × iterations × configurations,
// load time only), from the same code the agent logs it with (lib/contract/rate-plan.ts).
import { LIMITS } from '@/lib/contract/peva-config';
import { formatRuntime } from '@/lib/contract/rate-plan';
import type { PlanSummary } from './plan-summary';

const count = (n: number) => (Number.isFinite(n) ? n.toLocaleString('en') : 'more than 10^308');

export function PlanEstimate({ plan }: { plan: PlanSummary | null }) {
  if (!plan) return null;
  const { configurations, iterations, durationSeconds, estimateSeconds } = plan;
  return (
    <p className="muted" data-testid="plan-estimate" data-estimate-seconds={estimateSeconds}>
      {count(configurations)} configuration{configurations === 1 ? '' : 's'} × {iterations} iteration
      {iterations === 1 ? '' : 's'} × {durationSeconds} s ≈ <strong>{formatRuntime(estimateSeconds)}</strong> of load
      (lb’s runtime estimate; cooldowns not included, configurations already in the runner’s memory not run)
      {configurations > LIMITS.configurations ? ` — more than ${count(LIMITS.configurations)}: confirm below` : ''}
    </p>
  );
}
