// The built-in driver's requests in flight: one per arrival, timed and tallied per function.
// They go out on keep-alive HTTP/1.1 connections (connection-set.ts, http1-connection.ts) as
// bytes prepared once per function — request line, Host, headers, Content-Length and body in
// one Buffer, one write — and only the status and the end of each response are read. The
// request's times live on its connection (one request at a time each), so a request allocates
// nothing of its own. Destroying the connections is the one abort that cuts them all (a stop,
// or the graceful deadline after the last arrival): no listener per request.
import 'server-only';
import { validateHeaderName, validateHeaderValue } from 'node:http';
import type { LoopDelayMeter } from './arrival-scheduler';
import { ConnectionSet } from './connection-set';
import { http1Origin, type Http1Connection } from './http1-connection';
import type { FunctionTally } from './k6-summary-shape';
import { recordIn, type LiveWindows, type Window } from './live-windows';
import type { LoadTarget } from './types';

/** Methods sent without a body (a body given for them is ignored, as before). */
const BODYLESS = new Set(['GET', 'HEAD']);
/** Methods that carry a Content-Length even when empty (as undici and browsers do). */
const EXPECTS_BODY = new Set(['POST', 'PUT', 'PATCH']);
/** Framing and connection headers are the client's own: a target's are left out. */
const OWN_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade']);
/** The floor only matters for rates below a few per second; unused connections never open. */
const MIN_CONNECTIONS = 8;

/** A function's request as bytes, or why it cannot be sent (then each arrival fails). */
type PreparedRequest = { bytes: Buffer; head: boolean } | { invalid: string };

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

/** The whole HTTP/1.1 request for a method, path and headers, body included. */
export function prepareRequest(
  method: string,
  path: string,
  host: string,
  headers: Readonly<Record<string, string>>,
  authHeader: string | undefined,
  body: string,
): PreparedRequest {
  const m = method.toUpperCase();
  const lines = [`${m} ${path} HTTP/1.1`, `host: ${host}`, 'connection: keep-alive'];
  try {
    if (!/^[A-Z]+$/.test(m)) throw new Error(`invalid method ${JSON.stringify(method)}`);
    const all: Array<[string, string]> = Object.entries(headers);
    if (authHeader) all.push(['authorization', authHeader]);
    for (const [name, value] of all) {
      validateHeaderName(name);
      validateHeaderValue(name, value);
      if (!OWN_HEADERS.has(name.toLowerCase())) lines.push(`${name}: ${value}`);
    }
  } catch (err) {
    return { invalid: err instanceof Error ? err.message : String(err) };
  }
  const payload = !BODYLESS.has(m) && body !== '' ? Buffer.from(body) : null;
  if (payload || EXPECTS_BODY.has(m)) lines.push(`content-length: ${payload?.length ?? 0}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return { bytes: payload ? Buffer.concat([head, payload]) : head, head: m === 'HEAD' };
}

export class RequestPool {
  readonly #connections: ConnectionSet;
  readonly #requests: PreparedRequest[];
  /** Each target's live window (the tallies' order). */
  readonly #windows: Window[];
  readonly #warmUp: PreparedRequest;
  #warmUpDone: (() => void) | undefined;
  #cut = false;
  #inFlight = 0;
  #onIdle: (() => void) | undefined;

  constructor(
    targets: readonly LoadTarget[],
    gatewayUrl: string,
    authHeader: string | undefined,
    private readonly tallies: readonly FunctionTally[],
    live: LiveWindows,
    private readonly maxInFlight: number,
    loopDelay?: LoopDelayMeter,
  ) {
    const gateway = new URL(gatewayUrl);
    const basePath = gateway.pathname.replace(/\/+$/, '');
    const rate = targets.reduce((n, t) => n + Math.max(0, t.rate), 0);
    this.#connections = new ConnectionSet(
      http1Origin(gateway),
      this.#settle,
      connectionCap(targets, maxInFlight),
      rate,
      loopDelay,
    );
    this.#windows = tallies.map((t) => live.windowOf(t.name));
    this.#warmUp = prepareRequest('HEAD', `${basePath}/`, gateway.host, {}, undefined, '');
    this.#requests = targets.map((t) =>
      prepareRequest(
        t.method,
        `${basePath}/function/${encodeURIComponent(t.name)}`,
        gateway.host,
        t.headers,
        authHeader,
        t.body,
      ),
    );
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  get cut(): boolean {
    return this.#cut;
  }

  /**
   * An arrival for target `p` at `startedAt` (performance.now(); the scheduler's reading): sent,
   * or dropped (and counted) beyond the in-flight cap.
   */
  arrive(p: number, startedAt = performance.now()): void {
    const tally = this.tallies[p]!;
    if (this.#inFlight >= this.maxInFlight) {
      tally.dropped++;
      return;
    }
    this.#inFlight++;
    tally.started++;
    // Timed from the arrival: a wait for a free connection is part of the latency.
    const conn = this.#connections.tryAcquire();
    if (conn) this.#send(conn, p, startedAt, startedAt);
    else
      this.#connections.acquire((c) => {
        if (c) this.#send(c, p, startedAt, performance.now());
        else this.#done(p, startedAt, false);
      });
  }

  /**
   * One HEAD to the gateway's root (no function is called) before the clock starts: it opens
   * the first connection and runs the request and response code once, so the first arrivals
   * do not pay for that (nor open a burst of connections while it happens).
   */
  async warmUp(timeoutMs = 2000): Promise<void> {
    const warmUp = this.#warmUp;
    if (!('bytes' in warmUp)) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.#connections.acquire((conn) => {
        if (!conn) return resolve();
        this.#warmUpDone = () => {
          clearTimeout(timer);
          resolve();
        };
        conn.target = -1;
        conn.send(warmUp.bytes, true, performance.now());
      });
    });
    this.#warmUpDone = undefined;
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

  #send(conn: Http1Connection, p: number, startedAt: number, now: number): void {
    const req = this.#requests[p]!;
    conn.target = p;
    conn.startedAt = startedAt;
    conn.sentAt = now;
    // A request that cannot be written (e.g. an invalid header) is a failed request.
    if ('invalid' in req) return this.#settle(conn, 0);
    conn.send(req.bytes, req.head, now);
  }

  readonly #settle = (conn: Http1Connection, status: number): void => {
    const now = performance.now();
    if (conn.target < 0) {
      // The warm-up: not a service-time sample (the gateway's root may answer far faster).
      this.#connections.release(conn);
      this.#warmUpDone?.();
      return;
    }
    this.#connections.observe(now - conn.sentAt, now);
    const { target, startedAt } = conn;
    this.#connections.release(conn);
    this.#done(target, startedAt, status >= 200 && status < 300, now);
  };

  #done(p: number, startedAt: number, ok: boolean, now = performance.now()): void {
    const ms = now - startedAt;
    const tally = this.tallies[p]!;
    this.#inFlight--;
    if (this.#cut) tally.interrupted++;
    else {
      if (ok) tally.passes++;
      else tally.fails++;
      tally.latency.add(ms);
      recordIn(this.#windows[p]!, ok, ms);
    }
    if (this.#inFlight === 0) this.#onIdle?.();
  }
}
