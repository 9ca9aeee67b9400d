// Open-model arrivals: request i of a plan is due at t0 + i/rate, whatever earlier responses
// do. Each tick derives what is due from the elapsed time (never from chained intervals), so
// a late timer catches up instead of drifting, and the lag of every start is measured.
//
// Ticks are coalesced: the timer wakes at most once per `tickMs` and starts every arrival due
// by then. A wake-up of the event loop is what costs CPU at these rates (tens of µs each on a
// small VM, more than a request's own JavaScript), so starting a few arrivals per wake cuts the
// driver's CPU without changing what is sent: an arrival is never started before it is due,
// and the wait up to the next tick is part of its measured start lag.
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

export interface ArrivalOptions {
  /** The clock (ms on the performance.now() scale); injectable for tests. */
  now?: () => number;
  /** Least time between two wake-ups (ms); default coalesceTickMs(total rate). */
  tickMs?: number;
  /** Gets how late each timer fired (ms): the event loop's delay, measured for free. */
  loopDelay?: LoopDelayMeter;
}

/**
 * The event loop's delay as the arrival timer sees it: how late each wake-up came, beyond the
 * timer's 1 ms granularity (a wake-up up to 1 ms late is punctual for Node's timers). It replaces
 * perf_hooks' monitorEventLoopDelay, whose own sampling timer would add a hundred wake-ups a
 * second.
 */
export class LoopDelayMeter {
  #sum = 0;
  #n = 0;
  #since = performance.now();

  add(lateMs: number): void {
    if (lateMs > 1) this.#sum += lateMs - 1;
    this.#n++;
  }

  /**
   * Since the last call: the mean lateness of a wake-up (ms; 0 without any), and the share of
   * the wall time the loop was late — a single long stall among a thousand punctual wake-ups
   * barely moves the mean but shows in the share.
   */
  take(now = performance.now()): { meanMs: number; lateShare: number } {
    const wall = now - this.#since;
    const r = { meanMs: this.#n > 0 ? this.#sum / this.#n : 0, lateShare: wall > 0 ? this.#sum / wall : 0 };
    this.#sum = 0;
    this.#n = 0;
    this.#since = now;
    return r;
  }
}

/**
 * The longest tick: it bounds the start lag the coalescing adds (up to one tick, plus the
 * timer's own 1 ms granularity), so it is set by the lag goal (p99 < 5 ms). At 1 000/s the
 * timer's wake-ups are a fifth to a quarter of the driver's (a response wakes it about once per
 * request whatever the tick), and one costs more than a response's (Node's timer machinery on
 * top of the VM's wake-up): 4 ms instead of 3 measured 0.93× the CPU per request (median of 8
 * alternating pairs), for a lag p99 of 4.5–4.7 ms instead of 3.2–3.6 on a calm machine — a thin
 * margin: 3 ms again if the lag goal matters more (docs/BENCHMARKS.md, issue 18, fourth pass).
 * 6 ms put the p99 at 7.5 ms.
 */
const MAX_TICK_MS = 4;
/**
 * The most arrivals one tick should start together. Arrivals started together reach the target
 * together, and one that serves a request at a time queues them: that wait is in the latency
 * measured. Measured at 5 000/s against a node:http target (one process), 3 runs each: a 1 ms
 * tick (5 arrivals) 0.049–0.051 CPU s per 1 000 requests, median latency 0.37–0.62 ms; 2 ms
 * (10 arrivals) 0.038–0.044 and 0.73–0.93 ms; 3 ms (15 arrivals) 0.038–0.042 and 1.14–1.26 ms.
 */
const MAX_ARRIVALS_PER_TICK = 10;

/**
 * The least time between wake-ups for a total rate (0 without any rate): the longest whole
 * number of ms, up to MAX_TICK_MS, in which at most MAX_ARRIVALS_PER_TICK are due — and at least
 * 1 ms, Node's timer granularity: 4 ms up to 2 500/s, 3 ms up to 3 333/s, 2 ms up to 5 000/s.
 * At low rates the tick never binds: arrivals are further apart than it. Until the third pass it
 * was about 3 arrivals' worth (1 ms from 3 000/s up): a wake-up costs tens of µs on a small VM
 * whatever it does, and at 5 000/s that was 1 000 a second.
 */
export function coalesceTickMs(totalRate: number): number {
  if (!(totalRate > 0)) return 0;
  return Math.min(MAX_TICK_MS, Math.max(1, Math.floor((MAX_ARRIVALS_PER_TICK * 1000) / totalRate)));
}

/** Arrivals one coalesced tick starts at a total rate (at least one). */
export function arrivalsPerTick(totalRate: number): number {
  if (!(totalRate > 0)) return 1;
  return Math.max(1, Math.ceil((totalRate * coalesceTickMs(totalRate)) / 1000 - 1e-9));
}

/** Requests a constant arrival rate starts in `durationS` (k6's constant-arrival-rate count). */
export function arrivalsIn(rate: number, durationS: number): number {
  if (!(rate > 0) || !(durationS > 0)) return 0;
  // The epsilon keeps 100/s × 2 s at 200, not 201, despite float rounding.
  return Math.max(0, Math.ceil(rate * durationS - 1e-9));
}

/**
 * Calls `start(planIndex, seq, at)` for each due request, synchronously and in schedule order
 * per plan; `at` is the clock reading its lag was measured at (so the caller need not read the
 * clock again).
 */
export function startArrivals(
  plans: readonly ArrivalPlan[],
  start: (planIndex: number, seq: number, at: number) => void,
  opts: ArrivalOptions = {},
): ArrivalRun {
  const now = opts.now ?? (() => performance.now());
  const tickMs = opts.tickMs ?? coalesceTickMs(plans.reduce((n, p) => n + Math.max(0, p.rate), 0));
  const loopDelay = opts.loopDelay;
  const t0 = now();
  const next = plans.map(() => 0);
  const periods = plans.map((p) => 1000 / p.rate);
  const lagMs = new LatencyRecorder();
  let timer: NodeJS.Timeout | undefined;
  /**
   * The last timer created, and its delay: re-armed with refresh() while the delay stays the
   * same (the usual case at a steady rate), which measured ~13 % less CPU per wake-up than a
   * new setTimeout (no Timeout, and no timer list, created and dropped every tick).
   */
  let reusable: NodeJS.Timeout | undefined;
  let reusableDelay = -1;
  /** When the armed timer should fire (ms since t0). */
  let wakeAt = 0;
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
    const woke = now() - t0;
    if (loopDelay && woke > 0) loopDelay.add(Math.max(0, woke - wakeAt));
    for (;;) {
      let nextDue = Infinity;
      for (let p = 0; p < plans.length && !finished; p++) {
        const plan = plans[p]!;
        const periodMs = periods[p]!;
        let seq = next[p]!;
        while (seq < plan.total) {
          const due = seq * periodMs;
          const at = now();
          const elapsed = at - t0;
          if (due > elapsed) {
            nextDue = Math.min(nextDue, due);
            break;
          }
          lagMs.add(elapsed - due);
          next[p] = seq + 1;
          start(p, seq, at);
          seq++;
        }
      }
      if (finished) return;
      if (nextDue === Infinity) return finish();
      const elapsed = now() - t0;
      // Starting requests took long enough that more are due: serve them before yielding.
      if (nextDue <= elapsed) continue;
      wakeAt = Math.max(nextDue, woke + tickMs);
      // Whole ms, rounded up: Node truncates a timer's delay to ms, and a timer that fires
      // before anything is due is a wake-up for nothing.
      const delay = Math.ceil(wakeAt - elapsed);
      if (reusable && delay === reusableDelay) timer = reusable.refresh();
      else {
        timer = reusable = setTimeout(tick, delay);
        reusableDelay = delay;
      }
      return;
    }
  };

  tick();
  return { done, stop: finish, lagMs };
}
