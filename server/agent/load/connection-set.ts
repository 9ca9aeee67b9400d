// The built-in driver's keep-alive connections (http1-connection.ts), carrying one request at a time,
// handed out from a free list in O(1). The set is sized by Little's law: it opens a connection
// when every open one is busy and fewer than rate × observed service time (× 2 for bursts),
// plus the arrivals one scheduler tick starts together, are open. A request that finds none free waits for the next one released — its latency includes
// the wait, as a real client's would — unless the oldest waiter has waited longer than the
// service time allows (the function slowed down: open more). When the event loop stalls, the
// arrivals due meanwhile come at once; opening a connection for each (thousands) costs more
// CPU than the stall, so a burst is served by the connections the rate needs, and at most
// MAX_CONNECTING connections are being set up at once. (undici's Pool, used before, scanned all
// its clients for a free one on every request, which at thousands of connections costs more.)
import 'server-only';
import { arrivalsPerTick, type LoopDelayMeter } from './arrival-scheduler';
import { Http1Connection, type Http1Origin, type OnDone } from './http1-connection';

/** Connections in their TCP (and TLS) set-up at once. */
const MAX_CONNECTING = 4;
/** Headroom over the mean number busy, for bursts of arrivals. */
const BURST_FACTOR = 2;
/**
 * A waiter older than this (and than 4 service times) means the set is too small: the
 * function slowed down faster than the average follows. Above the loop stalls a busy machine
 * causes (tens of ms), which would otherwise open connections for nothing.
 */
const MIN_STALE_WAIT_MS = 100;
/**
 * The service time used is the median of the last period's: a loop stall on a busy machine
 * delays reading every response of that moment, and a mean would follow that spike and open
 * connections that cannot help; a real slow-down moves the median within a period.
 */
const SERVICE_PERIOD_MS = 250;
/**
 * A measured service time includes the wait for this process's loop to read the response; on
 * a CPU-starved machine that wait dominates, and connections opened for it only add work. So
 * the period's mean loop delay (how late the arrival timer fired, beyond its 1 ms granularity)
 * is taken off the median; and while it is above LOOP_BOUND_MS, or the loop was late for more
 * than LOOP_BOUND_SHARE of the period (one long stall: about what the 10 ms-sampled
 * monitorEventLoopDelay used before flagged), waiters are not taken as a sign that connections
 * are missing.
 */
const LOOP_BOUND_MS = 10;
const LOOP_BOUND_SHARE = 0.5;
const MIN_PERIOD_SAMPLES = 10;
/**
 * A period's median comes from at most this many of its service times, taken evenly (every
 * k-th at high rates) and sorted once per period: an HDR histogram here cost a record per
 * response and a 0.7 MB clear four times a second.
 */
const PERIOD_SAMPLES = 256;

/** Gets a free connection, or null when the set was destroyed before one freed up. */
export type OnConnection = (conn: Http1Connection | null) => void;

export class ConnectionSet {
  readonly #free: Http1Connection[] = [];
  readonly #all: Http1Connection[] = [];
  readonly #waiting: OnConnection[] = [];
  readonly #waitingSince: number[] = [];
  #waitingHead = 0;
  #connecting = 0;
  #staleCheckScheduled = false;
  #destroyed = false;
  /** Median time a connection is busy per request (ms) in the last period; undefined before any. */
  #serviceMs: number | undefined;
  readonly #period = new Float64Array(PERIOD_SAMPLES);
  /** Service times kept this period, and seen (every #stride-th is kept). */
  #periodKept = 0;
  #periodSeen = 0;
  readonly #stride: number;
  #periodStart = performance.now();
  #loopDelayMs = 0;
  #loopBound = false;
  /** Arrivals started together by one coalesced tick: each needs a connection at once. */
  readonly #batch: number;

  constructor(
    private readonly origin: Http1Origin,
    /** Every connection's end-of-request callback. */
    private readonly onDone: OnDone,
    private readonly cap: number,
    /** Requests per second over every function: the arrival rate of Little's law. */
    private readonly rate: number,
    /** The arrival timer's lateness; without it no loop delay is taken off. */
    private readonly loopDelay?: LoopDelayMeter,
  ) {
    this.#batch = arrivalsPerTick(rate);
    this.#stride = Math.max(1, Math.ceil((rate * SERVICE_PERIOD_MS) / 1000 / PERIOD_SAMPLES));
  }

  /** Feeds how long a connection was busy with one request (send to end of response). */
  observe(serviceMs: number, now = performance.now()): void {
    // The very first response sets the estimate; then one median per period.
    if (this.#serviceMs === undefined) this.#serviceMs = serviceMs;
    if (this.#periodSeen++ % this.#stride === 0 && this.#periodKept < PERIOD_SAMPLES)
      this.#period[this.#periodKept++] = serviceMs;
    if (now - this.#periodStart < SERVICE_PERIOD_MS || this.#periodKept < MIN_PERIOD_SAMPLES) return;
    // Loop delay beyond the timer's 1 ms granularity.
    const loop = this.loopDelay?.take(now);
    this.#loopDelayMs = loop?.meanMs ?? 0;
    this.#loopBound = this.#loopDelayMs > LOOP_BOUND_MS || (loop?.lateShare ?? 0) > LOOP_BOUND_SHARE;
    this.#serviceMs = Math.max(0, median(this.#period.subarray(0, this.#periodKept).sort()) - this.#loopDelayMs);
    this.#periodKept = 0;
    this.#periodSeen = 0;
    this.#periodStart = now;
  }

  /** Connections opened so far (open now, or closed by the peer and reopened on their next use). */
  get opened(): number {
    return this.#all.length;
  }

  /** A connection free now (or newly opened), or undefined: then acquire() waits for one. */
  tryAcquire(): Http1Connection | undefined {
    if (this.#destroyed) return undefined;
    return this.#free.pop() ?? (this.#canOpen() ? this.#open() : undefined);
  }

  /** Calls `use` with a connection now, or once one is released when the set is at its cap. */
  acquire(use: OnConnection): void {
    if (this.#destroyed) return use(null);
    const conn = this.tryAcquire();
    if (conn) use(conn);
    else {
      this.#waiting.push(use);
      this.#waitingSince.push(performance.now());
      this.#scheduleStaleCheck();
    }
  }

  /** Gives a connection back after its response ended (or failed): to a waiting request first. */
  release(conn: Http1Connection): void {
    if (this.#destroyed) return;
    const next = this.#nextWaiting();
    if (next) next(conn);
    else this.#free.push(conn);
  }

  /** Closes every connection at once, failing what is in flight; waiting requests get null. */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    const waiting = this.#waiting.slice(this.#waitingHead);
    this.#waiting.length = 0;
    this.#waitingSince.length = 0;
    for (const c of this.#all) c.destroy();
    for (const use of waiting) use(null);
  }

  /** Below the cap and the set-up limit, and below Little's-law size (or nothing observed yet). */
  #canOpen(): boolean {
    if (this.#all.length >= this.cap || this.#connecting >= MAX_CONNECTING) return false;
    const service = this.#serviceMs;
    return (
      service === undefined || this.#all.length < Math.ceil((this.rate * service * BURST_FACTOR) / 1000) + this.#batch
    );
  }

  /**
   * Checked after the loop has read its sockets (setImmediate runs after the poll phase): after a
   * stall the timers run first and every waiter looks old, but the responses read next free the
   * connections they need. A waiter still old then means the set is too small.
   */
  #scheduleStaleCheck(): void {
    if (this.#staleCheckScheduled) return;
    this.#staleCheckScheduled = true;
    setImmediate(this.#checkStale);
  }

  readonly #checkStale = (): void => {
    this.#staleCheckScheduled = false;
    const stale = () => {
      const oldest = this.#waitingSince[this.#waitingHead];
      const limit = Math.max(MIN_STALE_WAIT_MS, 4 * (this.#serviceMs ?? 0));
      return oldest !== undefined && performance.now() - oldest > limit && !this.#loopBound;
    };
    while (!this.#destroyed && this.#all.length < this.cap && this.#connecting < MAX_CONNECTING && stale()) {
      this.#nextWaiting()!(this.#open());
    }
  };

  #nextWaiting(): OnConnection | undefined {
    if (this.#waitingHead >= this.#waiting.length) return undefined;
    const next = this.#waiting[this.#waitingHead++]!;
    if (this.#waitingHead === this.#waiting.length) {
      this.#waiting.length = 0;
      this.#waitingSince.length = 0;
      this.#waitingHead = 0;
    }
    return next;
  }

  /** A new connection; it connects on its first request, which follows at once. */
  #open(): Http1Connection {
    this.#connecting++;
    const c = new Http1Connection(this.origin, this.onDone, () => {
      this.#connecting--;
      this.#openForWaiting();
    });
    this.#all.push(c);
    return c;
  }

  /** A set-up finished: requests still waiting may have a connection of their own opened. */
  #openForWaiting(): void {
    while (!this.#destroyed && this.#waitingHead < this.#waiting.length && this.#canOpen()) {
      this.#nextWaiting()!(this.#open());
    }
    if (this.#waitingHead < this.#waiting.length) this.#scheduleStaleCheck();
  }
}

/** The median of sorted values (the mean of the middle two for an even count). */
function median(sorted: Float64Array): number {
  const mid = (sorted.length - 1) / 2;
  return (sorted[Math.floor(mid)]! + sorted[Math.ceil(mid)]!) / 2;
}
