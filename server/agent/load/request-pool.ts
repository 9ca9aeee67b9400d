// The built-in driver's requests in flight: one per arrival, timed and tallied per function.
// They go through undici's dispatch API on keep-alive connections (connection-set.ts): no
// Request/Response objects, no body streams, the response body discarded chunk by chunk, and
// method, path, headers and body prepared once per function. Destroying the connections is the
// one abort that cuts them all (a stop, or the graceful deadline after the last arrival): no
// listener per request.
import 'server-only';
import type { Client, Dispatcher } from 'undici';
import type { LoopDelayMeter } from './arrival-scheduler';
import { ConnectionSet } from './connection-set';
import type { FunctionTally } from './k6-summary-shape';
import type { LiveWindows } from './live-windows';
import type { LoadTarget } from './types';

const BODYLESS = new Set(['GET', 'HEAD']);
/** The floor only matters for rates below a few per second; unused connections never open. */
const MIN_CONNECTIONS = 8;

interface PreparedRequest {
  path: string;
  method: Dispatcher.HttpMethod;
  headers: string[];
  body: Buffer | null;
}

type Settle = (h: DiscardingHandler, ok: boolean) => void;

/**
 * The connection cap. By Little's law a function needs rate × latency connections; the cap
 * allows latencies up to 1 s at the full rate — the ceiling lb's k6 script has (maxVUs = rate,
 * one connection per VU). Connections open only when none is free, so the number open follows
 * rate × observed latency, not the cap.
 */
export function connectionCap(targets: readonly LoadTarget[], maxInFlight: number): number {
  const needed = targets.reduce((n, t) => n + Math.ceil(Math.max(0, t.rate)), 0);
  return Math.max(1, Math.min(maxInFlight, Math.max(MIN_CONNECTIONS, needed)));
}

/** Per request: a status and an end; body chunks are dropped as they arrive. */
class DiscardingHandler implements Dispatcher.DispatchHandlers {
  #status = 0;
  constructor(
    private readonly settle: Settle,
    readonly client: Client,
    readonly p: number,
    readonly startedAt: number,
    readonly sentAt: number,
  ) {}
  onConnect(): void {}
  onHeaders(statusCode: number): boolean {
    this.#status = statusCode;
    return true;
  }
  onData(): boolean {
    return true;
  }
  onComplete(): void {
    this.settle(this, this.#status >= 200 && this.#status < 300);
  }
  onError(): void {
    this.settle(this, false);
  }
}

export class RequestPool {
  readonly #connections: ConnectionSet;
  readonly #requests: PreparedRequest[];
  readonly #warmUpPath: string;
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
    loopDelay?: LoopDelayMeter,
  ) {
    const gateway = new URL(gatewayUrl);
    const basePath = gateway.pathname.replace(/\/+$/, '');
    const rate = targets.reduce((n, t) => n + Math.max(0, t.rate), 0);
    this.#connections = new ConnectionSet(gateway.origin, connectionCap(targets, maxInFlight), rate, loopDelay);
    this.#warmUpPath = `${basePath}/`;
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
    // Timed from the arrival: a wait for a free connection is part of the latency.
    const startedAt = performance.now();
    this.#connections.acquire((client) => {
      if (client) this.#send(client, p, startedAt);
      else this.#done(p, startedAt, false);
    });
  }

  /**
   * One HEAD to the gateway's root (no function is called) before the clock starts: it pays
   * undici's first-connection costs — loading its HTTP/1 client, compiling the llhttp parser —
   * which would otherwise stall the first arrivals and open a burst of connections.
   */
  async warmUp(timeoutMs = 2000): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      const end = () => {
        clearTimeout(timer);
        resolve();
      };
      this.#connections.acquire((client) => {
        if (!client) return end();
        // Not a service-time sample: the gateway's root may answer far faster than a function.
        const release = () => {
          this.#connections.release(client);
          end();
        };
        try {
          client.dispatch(
            { path: this.#warmUpPath, method: 'HEAD' },
            {
              onConnect() {},
              onHeaders: () => true,
              onData: () => true,
              onComplete: release,
              onError: release,
            },
          );
        } catch {
          release();
        }
      });
    });
  }

  /** Connections opened during the load: rate × observed latency, by Little's law. */
  get connectionsOpened(): number {
    return this.#connections.opened;
  }

  /** Cuts every request still in flight (they count as interrupted) and closes the connections. */
  cutAll(): void {
    if (this.#cut) return;
    this.#cut = true;
    this.#connections.destroy();
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

  #send(client: Client, p: number, startedAt: number): void {
    const handler = new DiscardingHandler(this.#settle, client, p, startedAt, performance.now());
    try {
      client.dispatch(this.#requests[p]!, handler);
    } catch {
      // A request undici refuses outright (e.g. an invalid header) is a failed request.
      this.#settle(handler, false);
    }
  }

  readonly #settle: Settle = (h, ok) => {
    this.#connections.observe(performance.now() - h.sentAt);
    this.#connections.release(h.client);
    this.#done(h.p, h.startedAt, ok);
  };

  #done(p: number, startedAt: number, ok: boolean): void {
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
  }
}
