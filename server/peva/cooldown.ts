// Cooldown between configurations (FORMATS.md §6): wait until the node is back near its
// idle baseline and OpenFaaS has scaled every function down, or give up at max_wait.
// The runner polls; this module only decides, so it is testable without clocks.
import 'server-only';

export interface NodeSample {
  /** cpu_usage_node, percent of one core (see overload.ts CPU_UNIT). */
  cpu: number;
  ramPct: number;
}

export interface CooldownInput {
  baseline: NodeSample;
  current: NodeSample;
  replicas: Record<string, number>;
  idleThresholdPct: number;
  elapsedS: number;
  maxWaitS: number;
}

export interface CooldownDecision {
  done: boolean;
  reason: 'idle' | 'timeout' | 'waiting';
  detail: string;
}

/**
 * Idle means "no more than threshold percentage points ABOVE baseline". Below baseline counts
 * as idle: a baseline taken while the stack was still settling must not make every later
 * cooldown run into its timeout (lb's check is one-sided too, though relative to baseline).
 * A NaN current value is not idle, since we cannot tell; a NaN baseline cannot be compared
 * against, so that metric is ignored.
 */
export function withinIdleThreshold(current: number, baseline: number, thresholdPct: number): boolean {
  if (Number.isNaN(baseline)) return true;
  if (Number.isNaN(current)) return false;
  return current - baseline <= thresholdPct;
}

const fmt = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : String(n));

export function cooldownDecision(input: CooldownInput): CooldownDecision {
  const { baseline, current, idleThresholdPct: th } = input;
  const reasons: string[] = [];
  if (!withinIdleThreshold(current.cpu, baseline.cpu, th)) {
    reasons.push(`cpu ${fmt(current.cpu)} vs baseline ${fmt(baseline.cpu)} (> +${th} pts)`);
  }
  if (!withinIdleThreshold(current.ramPct, baseline.ramPct, th)) {
    reasons.push(`ram ${fmt(current.ramPct)}% vs baseline ${fmt(baseline.ramPct)}% (> +${th} pts)`);
  }
  // OpenFaaS keeps 1 replica warm; 2+ means the autoscaler has not scaled down yet.
  const scaled = Object.entries(input.replicas).filter(([, n]) => n >= 2);
  if (scaled.length > 0) reasons.push(`replicas ${scaled.map(([f, n]) => `${f}=${n}`).join(', ')} (need < 2)`);

  if (reasons.length === 0) {
    return {
      done: true,
      reason: 'idle',
      detail: `idle after ${fmt(input.elapsedS)}s: cpu ${fmt(current.cpu)}, ram ${fmt(current.ramPct)}%`,
    };
  }
  if (input.elapsedS >= input.maxWaitS) {
    return {
      done: true,
      reason: 'timeout',
      detail: `cooldown timed out after ${fmt(input.elapsedS)}s (max ${input.maxWaitS}s): ${reasons.join('; ')}`,
    };
  }
  return {
    done: false,
    reason: 'waiting',
    detail: `waiting ${fmt(input.elapsedS)}/${input.maxWaitS}s: ${reasons.join('; ')}`,
  };
}
