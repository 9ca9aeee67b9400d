// One keep-alive HTTP/1.1 connection of the built-in driver, carrying one request at a time:
// the request is a Buffer prepared once per function (request line, Host, headers, Content-
// Length, body) written in one call, and the response goes through Http1ResponseReader (status
// and framing only). Plain TCP reads land in one buffer shared by every connection (net's
// `onread` option), so a response costs no Buffer allocation and no stream 'data' event.
//
// Why not undici (the issue asked for its lower-level API, and the driver used its `dispatch`
// first): measured on the 2-core VM at 1 000 req/s, undici's per-request machinery (request
// object, header serialisation per request, llhttp in WebAssembly with a callback per header,
// its timers and queues) cost ≈0.18 CPU s per 1 000 requests against ≈0.06 for autocannon;
// this client, with the same scheduler, ≈0.09–0.11 (docs/BENCHMARKS.md, issue 18). Nothing else
// of HTTP is needed here: no redirects, no decompression, no pipelining, no upgrades.
//
// Failures: a connection error, a reset or a close before the response ended, or a response
// the reader refuses fails the request in flight (status 0). The connection then reconnects
// on its next request, as undici's Client does; so does one the peer asked to close
// (`connection: close`, HTTP/1.0, a body that ran until close) and one idle past the peer's
// announced keep-alive timeout less a second (the race where the peer closes it as a request
// goes out would otherwise fail that request).
import 'server-only';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { Http1ResponseReader } from './http1-response-reader';

/** Where connections go: from the gateway URL. */
export interface Http1Origin {
  host: string;
  port: number;
  tls: boolean;
}

/** The end of a request: its status (0: failed before a response ended). */
export type OnDone = (conn: Http1Connection, status: number) => void;

/** Idle connections are closed after this when the peer announced no keep-alive timeout. */
const DEFAULT_IDLE_MS = 60_000;
/** Taken off the peer's announced keep-alive timeout (undici's keepAliveTimeoutThreshold). */
const IDLE_MARGIN_MS = 1_000;

/** Plain TCP reads go here; each is parsed before the next read, so one buffer serves all. */
let sharedReadBuffer: Buffer | undefined;

export function http1Origin(url: URL): Http1Origin {
  const tls = url.protocol === 'https:';
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port) || (tls ? 443 : 80), tls };
}

export class Http1Connection {
  #socket: Socket | undefined;
  readonly #reader: Http1ResponseReader;
  #inFlight = false;
  #lastUsed = 0;
  #destroyed = false;
  #setUpReported = false;
  /** The pool's own fields for the request in flight (no object per request). */
  target = 0;
  startedAt = 0;
  sentAt = 0;

  constructor(
    private readonly origin: Http1Origin,
    private readonly onDone: OnDone,
    /** Called once, when the first connection attempt succeeded or failed. */
    private readonly onSetUp?: () => void,
  ) {
    this.#reader = new Http1ResponseReader(this.#onResponse);
  }

  /** Sends a prepared request; onDone follows exactly once (unless destroy() came first). */
  send(bytes: Buffer, headRequest: boolean, now: number): void {
    if (this.#destroyed) return this.onDone(this, 0);
    let socket = this.#socket;
    const idleLimit = (this.#reader.keepAliveHintMs ?? DEFAULT_IDLE_MS + IDLE_MARGIN_MS) - IDLE_MARGIN_MS;
    if (socket && now - this.#lastUsed > idleLimit) {
      this.#drop(socket);
      socket = undefined;
    }
    socket ??= this.#connect();
    this.#inFlight = true;
    this.#lastUsed = now;
    this.#reader.expect(headRequest);
    socket.write(bytes);
  }

  /** Closes the connection for good; a request in flight ends as failed (status 0) at once. */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    if (this.#socket) this.#drop(this.#socket);
    this.#reader.reset();
    this.#fail();
  }

  #connect(): Socket {
    const { host, port } = this.origin;
    const socket = this.origin.tls
      ? tlsConnect({ host, port, servername: isIp(host) ? undefined : host })
      : netConnect({
          host,
          port,
          onread: { buffer: (sharedReadBuffer ??= Buffer.allocUnsafe(64 * 1024)), callback: this.#onRead },
        });
    socket.setNoDelay(true);
    if (this.origin.tls) socket.on('data', (chunk: Buffer) => this.#read(socket, chunk, chunk.length));
    const connectEvent = this.origin.tls ? 'secureConnect' : 'connect';
    socket.once(connectEvent, () => {
      socket.setKeepAlive(true, DEFAULT_IDLE_MS);
      this.#reportSetUp();
    });
    socket.on('error', () => this.#reportSetUp());
    socket.on('close', () => this.#onClose(socket));
    this.#socket = socket;
    return socket;
  }

  readonly #onRead = (n: number, buf: Buffer): boolean => {
    if (this.#socket) this.#read(this.#socket, buf, n);
    return true;
  };

  #read(socket: Socket, buf: Buffer, n: number): void {
    if (socket !== this.#socket) return;
    if (!this.#reader.feed(buf, 0, n)) {
      // A response the reader refuses: the request failed, and the connection is unusable.
      this.#drop(socket);
      this.#fail();
    }
  }

  readonly #onResponse = (status: number, reusable: boolean): void => {
    this.#inFlight = false;
    if (!reusable && this.#socket) this.#drop(this.#socket);
    this.onDone(this, status);
  };

  #onClose(socket: Socket): void {
    if (socket !== this.#socket) return;
    this.#socket = undefined;
    // A body running until close ends here; anything else in flight was cut short.
    if (!this.#reader.close() && this.#inFlight) this.#fail();
  }

  /** Forgets a socket (its late events are ignored) and closes it. */
  #drop(socket: Socket): void {
    if (socket === this.#socket) this.#socket = undefined;
    socket.destroy();
  }

  #fail(): void {
    if (!this.#inFlight) return;
    this.#inFlight = false;
    this.onDone(this, 0);
  }

  #reportSetUp(): void {
    if (this.#setUpReported) return;
    this.#setUpReported = true;
    this.onSetUp?.();
  }
}

const isIp = (host: string): boolean => /^[\d.]+$/.test(host) || host.includes(':');
