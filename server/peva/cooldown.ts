// Cooldown between iterations, lb's rule (services/cooldown.py, FORMATS.md §6): the node is idle
// when each of CPU, RAM (bytes) and power is at most baseline × (1 + idle_threshold_pct/100) —
// a NaN on either side counts as idle — and every function of the run has fewer than 2 replicas.
// The loop polls, sleeps a step, and gives up once it has waited MORE than max_wait_seconds.
import 'server-only';

/** lb's MetricsSnapshot: node CPU (percent of one core), RAM bytes, RAM %, power. */
export interface IdleSnapshot {
  cpu: number;
  ram: number;
  ram_pct: number;
  power: number;
}

/** value ≤ baseline + baseline × pct/100, or either is NaN (lb's `is_within_threshold`). */
export function withinIdleThreshold(value: number, baseline: number, thresholdPct: number): boolean {
  if (Number.isNaN(baseline) || Number.isNaN(value)) return true;
  return value <= baseline + baseline * (thresholdPct / 100);
}

const fmt = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : String(n));

/** Whether the node is idle, and what is not when it is not (for the log). */
export function idleCheck(
  current: IdleSnapshot,
  baseline: IdleSnapshot,
  replicas: Record<string, number>,
  thresholdPct: number,
): { idle: boolean; reasons: string[] } {
  const reasons: string[] = [];
  const check = (what: string, key: 'cpu' | 'ram' | 'power') => {
    if (!withinIdleThreshold(current[key], baseline[key], thresholdPct)) {
      reasons.push(`${what} ${fmt(current[key])} > baseline ${fmt(baseline[key])} +${thresholdPct} %`);
    }
  };
  check('cpu', 'cpu');
  check('ram', 'ram');
  check('power', 'power');
  // OpenFaaS keeps 1 replica warm; 2+ means the autoscaler has not scaled down yet.
  const scaled = Object.entries(replicas).filter(([, n]) => n >= 2);
  if (scaled.length > 0) reasons.push(`replicas ${scaled.map(([f, n]) => `${f}=${n}`).join(', ')} (need < 2)`);
  return { idle: reasons.length === 0, reasons };
}

export type CooldownOutcome =
  | { outcome: 'idle'; snapshot: IdleSnapshot; waitedSeconds: number; polls: number }
  | { outcome: 'timeout'; snapshot: IdleSnapshot; waitedSeconds: number; polls: number; reasons: string[] }
  | { outcome: 'stopped'; waitedSeconds: number; polls: number };

export interface CooldownLoop {
  baseline: IdleSnapshot;
  thresholdPct: number;
  sleepStepSeconds: number;
  maxWaitSeconds: number;
  /** One poll: the node now and the replicas of every function of the run. */
  poll(): Promise<{ snapshot: IdleSnapshot; replicas: Record<string, number> }>;
  /** Sleeps a step; resolves false when the run was stopped meanwhile. */
  sleep(seconds: number): Promise<boolean>;
  onWait?(detail: string): void;
}

/** lb's `wait_for_idle`: poll; idle → done; else sleep a step, and time out past max_wait. */
export async function waitForIdle(loop: CooldownLoop): Promise<CooldownOutcome> {
  let waited = 0;
  for (let polls = 1; ; polls++) {
    const { snapshot, replicas } = await loop.poll();
    const check = idleCheck(snapshot, loop.baseline, replicas, loop.thresholdPct);
    if (check.idle) return { outcome: 'idle', snapshot, waitedSeconds: waited, polls };
    loop.onWait?.(`waited ${waited}/${loop.maxWaitSeconds} s: ${check.reasons.join('; ')}`);
    if (!(await loop.sleep(loop.sleepStepSeconds))) return { outcome: 'stopped', waitedSeconds: waited, polls };
    waited += loop.sleepStepSeconds;
    if (waited > loop.maxWaitSeconds) {
      return { outcome: 'timeout', snapshot, waitedSeconds: waited, polls, reasons: check.reasons };
    }
  }
}
