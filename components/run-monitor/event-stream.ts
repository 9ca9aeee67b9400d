// A run's live event stream read straight from an EventSource: the frames tRPC's
// runs.events subscription sends (`connected`, a data frame per event with its seq as id, or
// per batch of events with the last seq as id when the URL asks for batches,
// `ping`, `return`, `serialized-error`), without tRPC's client consumer. That consumer passes
// every message through a ReadableStream, an async generator, a per-message timeout timer and
// observables — ~0.35 ms of the page's main thread per event, which at 1 000 events/s starved
// the frames that draw them (docs/BENCHMARKS.md). Here a message costs a JSON.parse and a
// callback; the rules are the link's: resume from the last seq seen (the browser's own retry
// sends it as Last-Event-ID, a new connection puts it in the input), reconnect after the
// server's inactivity bound, a retryable error reconnects, any other error ends the stream, and
// so do MAX_FAILED_OPENS refused connections in a row.
import type { StoredEvent } from '@/lib/contract/stored-event';

export type StreamState = 'connecting' | 'live' | 'reconnecting';

export interface EventStreamHandlers {
  onEvent(e: StoredEvent): void;
  onState(s: StreamState): void;
  /** The run's stream ended (the server sent `return`). */
  onEnd(): void;
  /** A final error (the stream is closed and not retried). */
  onError(message: string): void;
}

/** The parts of EventSource used here (tests pass a fake). */
export interface EventSourceLike {
  readonly readyState: number;
  addEventListener(type: string, listener: (ev: { data?: string; lastEventId?: string }) => void): void;
  close(): void;
}
export type EventSourceFactory = (url: string) => EventSourceLike;

/** EventSource.CLOSED */
const CLOSED = 2;
/** tRPC's retryable codes (a server restarting answers one of these). */
const RETRYABLE = new Set(['BAD_GATEWAY', 'SERVICE_UNAVAILABLE', 'GATEWAY_TIMEOUT', 'INTERNAL_SERVER_ERROR']);
const RETRY_MS = [500, 1000, 2000, 5000];
/**
 * Connections refused in a row (no `connected` frame between them) before the stream gives up
 * with an error: ~30 s of retries outlast a server restart, and a stream that can never open
 * (an unknown run answered 404) does not poll forever.
 */
export const MAX_FAILED_OPENS = 8;

export interface EventStreamOptions {
  /** The subscription URL resuming after `lastSeq` (0: from the start). */
  url(lastSeq: number): string;
  lastSeq: number;
  open?: EventSourceFactory;
}

/** Opens the stream; the returned function closes it for good. */
export function openEventStream(opts: EventStreamOptions, h: EventStreamHandlers): () => void {
  const open = opts.open ?? ((url: string) => new EventSource(url) as unknown as EventSourceLike);
  let lastSeq = opts.lastSeq;
  let es: EventSourceLike | null = null;
  let closed = false;
  let retries = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let watchdog: ReturnType<typeof setInterval> | null = null;
  let lastActivity = Date.now();
  let inactivityMs = 0;

  const stopConnection = () => {
    es?.close();
    es = null;
    if (watchdog) clearInterval(watchdog);
    watchdog = null;
  };
  const closeAll = () => {
    closed = true;
    stopConnection();
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
  };
  const reconnect = (delayMs: number) => {
    stopConnection();
    if (closed) return;
    h.onState('reconnecting');
    retryTimer = setTimeout(connect, delayMs);
  };

  function connect() {
    retryTimer = null;
    if (closed) return;
    const source = open(opts.url(lastSeq));
    es = source;
    lastActivity = Date.now();
    const mine = () => es === source && !closed;
    source.addEventListener('connected', (ev) => {
      if (!mine()) return;
      retries = 0;
      lastActivity = Date.now();
      inactivityMs = readInactivity(ev.data);
      if (inactivityMs > 0 && !watchdog) {
        // One check per quarter of the bound, not a timer reset per message.
        watchdog = setInterval(
          () => {
            if (Date.now() - lastActivity > inactivityMs) reconnect(0);
          },
          Math.max(250, inactivityMs / 4),
        );
      }
      h.onState('live');
    });
    source.addEventListener('message', (ev) => {
      if (!mine()) return;
      lastActivity = Date.now();
      let data: StoredEvent | StoredEvent[];
      try {
        data = JSON.parse(ev.data ?? '') as StoredEvent | StoredEvent[];
      } catch {
        return; // not a frame of ours: the next one resumes the sequence
      }
      // A batch frame (the `batch` input) holds several events; its id is the last one's seq.
      const events = Array.isArray(data) ? data : [data];
      const id = Number(ev.lastEventId);
      lastSeq = Math.max(lastSeq, Number.isFinite(id) && id > 0 ? id : (events.at(-1)?.seq ?? 0));
      for (const e of events) h.onEvent(e);
    });
    source.addEventListener('ping', () => {
      if (mine()) lastActivity = Date.now();
    });
    source.addEventListener('return', () => {
      if (!mine()) return;
      closeAll();
      h.onEnd();
    });
    source.addEventListener('serialized-error', (ev) => {
      if (!mine()) return;
      const { code, message } = readError(ev.data);
      if (RETRYABLE.has(code)) return reconnect(nextDelay());
      closeAll();
      h.onError(message);
    });
    source.addEventListener('error', () => {
      if (!mine()) return;
      // CONNECTING: the browser retries by itself (with Last-Event-ID); CLOSED: it gave up
      // (an HTTP error status, a wrong content type): a new connection after a pause.
      if (source.readyState !== CLOSED) return h.onState('reconnecting');
      if (retries >= MAX_FAILED_OPENS) {
        closeAll();
        return h.onError(`the event stream could not be opened (${retries + 1} attempts)`);
      }
      reconnect(nextDelay());
    });
  }

  const nextDelay = () => RETRY_MS[Math.min(retries++, RETRY_MS.length - 1)]!;
  // (`retries` goes back to 0 on every `connected` frame.)

  h.onState('connecting');
  connect();
  return closeAll;
}

function readInactivity(data: string | undefined): number {
  try {
    const v = (JSON.parse(data ?? '{}') as { reconnectAfterInactivityMs?: unknown }).reconnectAfterInactivityMs;
    return typeof v === 'number' && v > 0 ? v : 0;
  } catch {
    return 0;
  }
}

/** tRPC's serialized error: `{ code, message, data: { code } }` (numeric code, name in data). */
function readError(data: string | undefined): { code: string; message: string } {
  try {
    const e = JSON.parse(data ?? '{}') as { message?: unknown; data?: { code?: unknown } };
    return {
      code: typeof e.data?.code === 'string' ? e.data.code : '',
      message: typeof e.message === 'string' && e.message ? e.message : 'the event stream failed',
    };
  } catch {
    return { code: '', message: 'the event stream failed' };
  }
}
