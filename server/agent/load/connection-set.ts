// The built-in driver's keep-alive connections: undici Clients carrying one request at a time,
// handed out from a free list in O(1). A connection opens only when every open one is busy, so
// the number open follows Little's law — rate × observed latency — up to a cap. A request that
// finds none free waits for the next one released (its latency includes the wait, as a real
// client's would), and at most MAX_CONNECTING connections are being set up at once: when the
// event loop stalls, the arrivals due meanwhile come at once, and opening one connection each
// (thousands) would cost more CPU than the stall — so the set grows at the pace connections
// are established, which a slow function (seconds per response) still reaches in milliseconds.
// undici's own Pool scans all its clients for a free one on every request, which at thousands
// of connections also costs more than the requests themselves.
import 'server-only';
import { Client } from 'undici';

/** Idle keep-alive connections live this long, so a slow rate does not reconnect per request. */
const KEEP_ALIVE_MS = 60_000;
/** Connections in their TCP (and TLS) set-up at once. */
const MAX_CONNECTING = 4;

/** Gets a free connection, or null when the set was destroyed before one freed up. */
export type OnConnection = (client: Client | null) => void;

export class ConnectionSet {
  readonly #free: Client[] = [];
  readonly #all: Client[] = [];
  readonly #waiting: OnConnection[] = [];
  #waitingHead = 0;
  #connecting = 0;
  #destroyed = false;

  constructor(
    private readonly origin: string,
    private readonly cap: number,
  ) {}

  /** Connections opened so far (open now, or closed by the peer and reopened on their next use). */
  get opened(): number {
    return this.#all.length;
  }

  /** Calls `use` with a connection now, or once one is released when the set is at its cap. */
  acquire(use: OnConnection): void {
    if (this.#destroyed) return use(null);
    const client = this.#free.pop() ?? (this.#canOpen() ? this.#open() : undefined);
    if (client) use(client);
    else this.#waiting.push(use);
  }

  /** Gives a connection back after its response ended (or failed): to a waiting request first. */
  release(client: Client): void {
    if (this.#destroyed) return;
    if (this.#waitingHead < this.#waiting.length) {
      const next = this.#waiting[this.#waitingHead++]!;
      if (this.#waitingHead === this.#waiting.length) {
        this.#waiting.length = 0;
        this.#waitingHead = 0;
      }
      next(client);
    } else this.#free.push(client);
  }

  /** Closes every connection at once, failing what is in flight; waiting requests get null. */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    const waiting = this.#waiting.slice(this.#waitingHead);
    this.#waiting.length = 0;
    for (const c of this.#all) c.destroy().catch(() => undefined);
    for (const use of waiting) use(null);
  }

  #canOpen(): boolean {
    return this.#all.length < this.cap && this.#connecting < MAX_CONNECTING;
  }

  #open(): Client {
    const c = new Client(this.origin, { pipelining: 1, keepAliveTimeout: KEEP_ALIVE_MS });
    this.#connecting++;
    const settled = () => {
      c.off('connect', settled).off('connectionError', settled);
      this.#connecting--;
      this.#openForWaiting();
    };
    c.on('connect', settled).on('connectionError', settled);
    this.#all.push(c);
    return c;
  }

  /** A set-up finished: requests still waiting may have a connection of their own opened. */
  #openForWaiting(): void {
    while (!this.#destroyed && this.#waitingHead < this.#waiting.length && this.#canOpen()) {
      const next = this.#waiting[this.#waitingHead++]!;
      if (this.#waitingHead === this.#waiting.length) {
        this.#waiting.length = 0;
        this.#waitingHead = 0;
      }
      next(this.#open());
    }
  }
}
