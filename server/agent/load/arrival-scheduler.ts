// Open-model arrivals: request i of a plan is due at t0 + i/rate, whatever earlier responses
// do. Each tick derives what is due from the elapsed time (never from chained intervals), so
// a late timer catches up instead of drifting, and the lag of every start is measured.
import 'server-only';
import { LatencyRecorder } from './latency-recorder';

export interface ArrivalPlan {
  rate: number;
  /** Requests due in the window: i/rate < durationS. */
  total: number;
}

export interface ArrivalRun {
  /** Resolves when every plan has started its last request, or on stop(). */
  done: Promise<void>;
  stop(): void;
  /** Start lag in ms (actual start − scheduled start) of every started request. */
  lagMs: LatencyRecorder;
}

/** Requests a constant arrival rate starts in `durationS` (k6's constant-arrival-rate count). */
export function arrivalsIn(rate: number, durationS: number): number {
  if (!(rate > 0) || !(durationS > 0)) return 0;
  // The epsilon keeps 100/s × 2 s at 200, not 201, despite float rounding.
  return Math.max(0, Math.ceil(rate * durationS - 1e-9));
}

/**
 * Calls `start(planIndex, seq)` for each due request, synchronously and in schedule order per
 * plan. `now` is injectable for tests; times are ms on the performance.now() clock.
 */
export function startArrivals(
  plans: readonly ArrivalPlan[],
  start: (planIndex: number, seq: number) => void,
  now: () => number = () => performance.now(),
): ArrivalRun {
  const t0 = now();
  const next = plans.map(() => 0);
  const lagMs = new LatencyRecorder();
  let timer: NodeJS.Timeout | undefined;
  let finished = false;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));

  const finish = () => {
    if (finished) return;
    finished = true;
    if (timer) clearTimeout(timer);
    resolveDone();
  };

  const tick = () => {
    timer = undefined;
    for (;;) {
      let nextDue = Infinity;
      for (let p = 0; p < plans.length && !finished; p++) {
        const plan = plans[p]!;
        const periodMs = 1000 / plan.rate;
        while (next[p]! < plan.total) {
          const due = next[p]! * periodMs;
          const elapsed = now() - t0;
          if (due > elapsed) {
            nextDue = Math.min(nextDue, due);
            break;
          }
          lagMs.add(elapsed - due);
          start(p, next[p]!);
          next[p]!++;
        }
      }
      if (finished) return;
      if (nextDue === Infinity) return finish();
      const wait = nextDue - (now() - t0);
      // Starting requests took long enough that more are due: serve them before yielding.
      if (wait <= 0) continue;
      timer = setTimeout(tick, wait);
      return;
    }
  };

  tick();
  return { done, stop: finish, lagMs };
}
