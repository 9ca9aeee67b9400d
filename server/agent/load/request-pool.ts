// The built-in driver's requests in flight: one per arrival, timed and tallied per function.
// One AbortController cuts them all (a stop, or the graceful deadline after the last arrival).
import 'server-only';
import { setMaxListeners } from 'node:events';
import type { FunctionTally } from './k6-summary-shape';
import type { LiveWindows } from './live-windows';
import type { LoadTarget } from './types';

const BODYLESS = new Set(['GET', 'HEAD']);

interface PreparedRequest {
  url: string;
  init: RequestInit;
}

export class RequestPool {
  readonly #cut = new AbortController();
  readonly #requests: PreparedRequest[];
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
    setMaxListeners(0, this.#cut.signal);
    const base = gatewayUrl.replace(/\/+$/, '');
    this.#requests = targets.map((t) => {
      const method = t.method.toUpperCase();
      const headers: Record<string, string> = { ...t.headers };
      if (authHeader) headers.Authorization = authHeader;
      const init: RequestInit = { method, headers, signal: this.#cut.signal };
      if (!BODYLESS.has(method) && t.body !== '') init.body = t.body;
      return { url: `${base}/function/${encodeURIComponent(t.name)}`, init };
    });
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  get cut(): boolean {
    return this.#cut.signal.aborted;
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
    void this.#fire(p);
  }

  /** Aborts every request still in flight; they count as interrupted. */
  cutAll(): void {
    this.#cut.abort();
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

  async #fire(p: number): Promise<void> {
    const tally = this.tallies[p]!;
    const req = this.#requests[p]!;
    const t = performance.now();
    let ok: boolean;
    try {
      const res = await fetch(req.url, req.init);
      // Draining the body is what returns the connection to the keep-alive pool.
      await res.arrayBuffer();
      ok = res.status >= 200 && res.status < 300;
    } catch {
      ok = false;
    }
    const ms = performance.now() - t;
    this.#inFlight--;
    if (this.cut) tally.interrupted++;
    else {
      if (ok) tally.passes++;
      else tally.fails++;
      tally.latency.add(ms);
      this.live.record(tally.name, ok, ms);
    }
    if (this.#inFlight === 0) this.#onIdle?.();
  }
}
