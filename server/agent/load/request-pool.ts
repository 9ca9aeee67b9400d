// The built-in driver's requests in flight: one per arrival, timed and tallied per function.
// They go through undici's dispatch API on one keep-alive Pool: no Request/Response objects,
// no body streams, the response body discarded chunk by chunk, and method, path, headers and
// body prepared once per function. Destroying the pool is the one abort that cuts them all
// (a stop, or the graceful deadline after the last arrival): no listener per request.
import 'server-only';
import { Pool, type Dispatcher } from 'undici';
import type { FunctionTally } from './k6-summary-shape';
import type { LiveWindows } from './live-windows';
import type { LoadTarget } from './types';

const BODYLESS = new Set(['GET', 'HEAD']);
/** Connections never opened stay free; the floor only matters for rates below a few per second. */
const MIN_CONNECTIONS = 8;
/** Idle keep-alive connections live this long, so a slow rate does not reconnect per request. */
const KEEP_ALIVE_MS = 60_000;

interface PreparedRequest {
  path: string;
  method: Dispatcher.HttpMethod;
  headers: string[];
  body: Buffer | null;
}

type Settle = (p: number, startedAt: number, ok: boolean) => void;

/**
 * The pool's connection cap. By Little's law a function needs rate × latency connections; the
 * cap allows latencies up to 1 s at the full rate — the ceiling lb's k6 script has (maxVUs =
 * rate, one connection per VU). Connections open only when none is free, so the number open
 * follows rate × observed latency, not the cap.
 */
export function connectionCap(targets: readonly LoadTarget[], maxInFlight: number): number {
  const needed = targets.reduce((n, t) => n + Math.ceil(Math.max(0, t.rate)), 0);
  return Math.max(1, Math.min(maxInFlight, Math.max(MIN_CONNECTIONS, needed)));
}

/** Per request: a status and an end; body chunks are dropped as they arrive. */
class DiscardingHandler implements Dispatcher.DispatchHandler {
  #status = 0;
  constructor(
    private readonly settle: Settle,
    private readonly p: number,
    private readonly startedAt: number,
  ) {}
  // undici tells this handler API from the older one by this method's presence.
  onRequestStart(): void {}
  onResponseStart(_c: Dispatcher.DispatchController, statusCode: number): void {
    this.#status = statusCode;
  }
  onResponseData(): void {}
  onResponseEnd(): void {
    this.settle(this.p, this.startedAt, this.#status >= 200 && this.#status < 300);
  }
  onResponseError(): void {
    this.settle(this.p, this.startedAt, false);
  }
}

export class RequestPool {
  readonly #pool: Pool;
  readonly #requests: PreparedRequest[];
  #cut = false;
  #inFlight = 0;
  #onIdle: (() => void) | undefined;

  constructor(
    targets: readonly LoadTarget[],
    gatewayUrl: string,
    authHeader: string | undefined,
    private readonly tallies: readonly FunctionTally[],
    private readonly live: LiveWindows,
    private readonly maxInFlight: number,
  ) {
    const gateway = new URL(gatewayUrl);
    const basePath = gateway.pathname.replace(/\/+$/, '');
    this.#pool = new Pool(gateway.origin, {
      connections: connectionCap(targets, maxInFlight),
      pipelining: 1,
      keepAliveTimeout: KEEP_ALIVE_MS,
    });
    this.#requests = targets.map((t) => {
      const method = t.method.toUpperCase() as Dispatcher.HttpMethod;
      const headers = Object.entries(t.headers).flat();
      if (authHeader) headers.push('authorization', authHeader);
      const body = !BODYLESS.has(method) && t.body !== '' ? Buffer.from(t.body) : null;
      return { path: `${basePath}/function/${encodeURIComponent(t.name)}`, method, headers, body };
    });
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  get cut(): boolean {
    return this.#cut;
  }

  /** An arrival for target `p`: sent, or dropped (and counted) beyond the in-flight cap. */
  arrive(p: number): void {
    const tally = this.tallies[p]!;
    if (this.#inFlight >= this.maxInFlight) {
      tally.dropped++;
      return;
    }
    this.#inFlight++;
    tally.started++;
    const startedAt = performance.now();
    const handler = new DiscardingHandler(this.#settle, p, startedAt);
    try {
      this.#pool.dispatch(this.#requests[p]!, handler);
    } catch {
      // A request undici refuses outright (e.g. an invalid header) is a failed request.
      this.#settle(p, startedAt, false);
    }
  }

  /** Cuts every request still in flight (they count as interrupted) and closes the connections. */
  cutAll(): void {
    if (this.#cut) return;
    this.#cut = true;
    this.#pool.destroy().catch(() => undefined);
  }

  /** Resolves when nothing is in flight, or after `ms`. */
  idleOrAfter(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#onIdle = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  readonly #settle: Settle = (p, startedAt, ok) => {
    const ms = performance.now() - startedAt;
    const tally = this.tallies[p]!;
    this.#inFlight--;
    if (this.#cut) tally.interrupted++;
    else {
      if (ok) tally.passes++;
      else tally.fails++;
      tally.latency.add(ms);
      this.live.record(tally.name, ok, ms);
    }
    if (this.#inFlight === 0) this.#onIdle?.();
  };
}
