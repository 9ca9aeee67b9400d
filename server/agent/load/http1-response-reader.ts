// The built-in driver's HTTP/1.1 response reader: it finds where each response ends and takes
// its status, nothing more — no header objects, no body kept. Bytes come in whatever pieces the
// socket delivers (a response in many reads, or the end of one and a stray byte in one read), so
// it is a small state machine over the bytes: the head (status line and headers, up to the
// blank line), then the body by Content-Length, by chunked transfer coding (chunk sizes, data,
// trailers), or until the peer closes; HEAD answers, 1xx (skipped, the final response follows),
// 204 and 304 have none. One request is outstanding at a time (no pipelining), so bytes past
// the end of a response are a peer error: the connection is not reused.
import 'server-only';

/** A response ended: its status, and whether the connection may carry another request. */
export type OnResponse = (status: number, reusable: boolean) => void;

const IDLE = 0;
const HEAD = 1;
const BODY_LENGTH = 2;
const CHUNK_SIZE = 3;
const CHUNK_DATA = 4;
const CHUNK_END = 5;
const TRAILERS = 6;
const BODY_UNTIL_CLOSE = 7;
type State = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** A head (status line + headers) longer than this is refused, as Node's own parser does. */
export const MAX_HEAD_BYTES = 16 * 1024;
/** A chunk-size line or a trailer line longer than this is refused. */
const MAX_LINE_BYTES = 4 * 1024;

const CR = 13;
const LF = 10;

export class Http1ResponseReader {
  #state: State = IDLE;
  #headRequest = false;
  /** The head so far, or the current chunk-size / trailer line (latin1). */
  #text = '';
  #remaining = 0;
  #status = 0;
  #reusable = true;
  /** Keep-alive timeout the peer announced (`keep-alive: timeout=N`), ms; undefined if none. */
  keepAliveHintMs: number | undefined;
  /** Why the last feed() failed, for tests and diagnostics. */
  error = '';

  constructor(private readonly onResponse: OnResponse) {}

  /** A request was sent: the next bytes are its response. */
  expect(headRequest: boolean): void {
    this.#state = HEAD;
    this.#headRequest = headRequest;
    this.#text = '';
  }

  /** True from expect() until the response has ended (or failed). */
  get busy(): boolean {
    return this.#state !== IDLE;
  }

  /** True while the body runs until the peer closes (no length, not chunked). */
  get untilClose(): boolean {
    return this.#state === BODY_UNTIL_CLOSE;
  }

  /**
   * Reads buf[start, end). Returns false on a protocol error: the response failed and the
   * connection must be closed (the reader is idle again). Calls onResponse for a response that
   * ended; bytes after it (nothing was asked) make it not reusable, and are not read.
   */
  feed(buf: Buffer, start: number, end: number): boolean {
    let i = start;
    while (i < end) {
      switch (this.#state) {
        case IDLE:
          return this.#fail('data with no request outstanding');
        case HEAD: {
          const prev = this.#text.length;
          // Only the part up to a possible end of the head is taken; the blank line may be
          // split across reads, so the search starts 3 characters back.
          const take = Math.min(end - i, MAX_HEAD_BYTES + 4 - prev);
          this.#text += buf.toString('latin1', i, i + take);
          const at = this.#text.indexOf('\r\n\r\n', Math.max(0, prev - 3));
          if (at < 0) {
            if (this.#text.length > MAX_HEAD_BYTES) return this.#fail('response head too long');
            i += take;
            break;
          }
          i += at + 4 - prev;
          const head = this.#text.slice(0, at);
          this.#text = '';
          if (!this.#readHead(head)) return false;
          if ((this.#state as State) === IDLE) return this.#ended(i < end);
          break;
        }
        case BODY_LENGTH:
        case CHUNK_DATA: {
          const n = Math.min(this.#remaining, end - i);
          i += n;
          this.#remaining -= n;
          if (this.#remaining === 0) {
            if (this.#state === BODY_LENGTH) {
              this.#state = IDLE;
              return this.#ended(i < end);
            }
            this.#state = CHUNK_END;
          }
          break;
        }
        case CHUNK_SIZE:
        case CHUNK_END:
        case TRAILERS: {
          const lf = indexOfLf(buf, i, end);
          const stop = lf < 0 ? end : lf + 1;
          this.#text += buf.toString('latin1', i, stop);
          i = stop;
          if (lf < 0) {
            if (this.#text.length > MAX_LINE_BYTES) return this.#fail('chunk line too long');
            break;
          }
          const line = this.#text.endsWith('\r\n') ? this.#text.slice(0, -2) : this.#text.slice(0, -1);
          this.#text = '';
          if (this.#state === CHUNK_END) {
            if (line !== '') return this.#fail('chunk data longer than its size');
            this.#state = CHUNK_SIZE;
          } else if (this.#state === CHUNK_SIZE) {
            const hex = line.split(';', 1)[0]!.trim();
            if (!/^[0-9a-fA-F]{1,12}$/.test(hex)) return this.#fail(`bad chunk size ${JSON.stringify(hex)}`);
            this.#remaining = parseInt(hex, 16);
            this.#state = this.#remaining === 0 ? TRAILERS : CHUNK_DATA;
          } else if (line === '') {
            this.#state = IDLE;
            return this.#ended(i < end);
          }
          break;
        }
        case BODY_UNTIL_CLOSE:
          return true;
      }
    }
    return true;
  }

  /**
   * The peer closed the connection. A body read until close ends here (returns true after
   * calling onResponse); a response cut short anywhere else is a failure (returns false).
   */
  close(): boolean {
    const state = this.#state;
    this.#state = IDLE;
    this.#text = '';
    if (state === BODY_UNTIL_CLOSE) {
      this.onResponse(this.#status, false);
      return true;
    }
    return state === IDLE;
  }

  /** Forgets the response in progress (the connection was closed on purpose). */
  reset(): void {
    this.#state = IDLE;
    this.#text = '';
  }

  /** Status line and headers; sets the body state (IDLE when there is none). */
  #readHead(head: string): boolean {
    // "HTTP/1.1 200 OK": the version, then a 3-digit status.
    if (!head.startsWith('HTTP/1.') || head.charCodeAt(8) !== 32) return this.#fail('not an HTTP/1.x response');
    const status = Number(head.slice(9, 12));
    if (
      !(status >= 100 && status <= 999) ||
      (head.length > 12 && head.charCodeAt(12) !== 32 && head.charCodeAt(12) !== CR)
    )
      return this.#fail('bad status line');
    const http11 = head.charCodeAt(7) === 49; // "1"
    // Only four headers matter; each is looked up in the lower-cased head rather than every
    // line being split and compared (this runs once per response).
    const lower = head.toLowerCase();
    let length = -1;
    for (const v of headerValues(lower, 'content-length')) {
      if (!/^\d{1,15}$/.test(v) || (length >= 0 && Number(v) !== length)) return this.#fail('bad content-length');
      length = Number(v);
    }
    let chunked = false;
    for (const v of headerValues(lower, 'transfer-encoding')) {
      // The last coding decides: chunked frames the body; anything else runs until close.
      chunked = v.slice(v.lastIndexOf(',') + 1).trim() === 'chunked';
    }
    if (!chunked && lower.includes('\r\ntransfer-encoding:')) length = -2;
    let close = !http11;
    for (const v of headerValues(lower, 'connection')) {
      const tokens = v.split(',').map((t) => t.trim());
      if (tokens.includes('close')) close = true;
      else if (tokens.includes('keep-alive')) close = false;
    }
    for (const v of headerValues(lower, 'keep-alive')) {
      const m = /timeout\s*=\s*(\d+)/.exec(v);
      if (m) this.keepAliveHintMs = Number(m[1]) * 1000;
    }
    if (status < 200) {
      // 101 would switch protocols, which this client never asks for.
      if (status === 101) return this.#fail('unexpected 101 Switching Protocols');
      this.#state = HEAD; // an interim response: the final one follows
      return true;
    }
    this.#status = status;
    this.#reusable = !close;
    if (this.#headRequest || status === 204 || status === 304) this.#state = IDLE;
    else if (chunked) this.#state = CHUNK_SIZE;
    else if (length >= 0) {
      this.#remaining = length;
      this.#state = length === 0 ? IDLE : BODY_LENGTH;
    } else {
      this.#state = BODY_UNTIL_CLOSE;
      this.#reusable = false;
    }
    return true;
  }

  /** The response ended; `more` means bytes followed that nothing asked for. */
  #ended(more: boolean): boolean {
    this.onResponse(this.#status, this.#reusable && !more);
    return true;
  }

  #fail(why: string): false {
    this.error = why;
    this.#state = IDLE;
    this.#text = '';
    return false;
  }
}

/** The trimmed values of every `name:` line of a lower-cased head (no header list is built). */
function headerValues(lower: string, name: string): string[] {
  const key = `\r\n${name}:`;
  let at = lower.indexOf(key);
  if (at < 0) return NO_VALUES;
  const out: string[] = [];
  while (at >= 0) {
    const from = at + key.length;
    const end = lower.indexOf('\r\n', from);
    out.push(lower.slice(from, end < 0 ? lower.length : end).trim());
    at = lower.indexOf(key, from);
  }
  return out;
}
const NO_VALUES: string[] = [];

function indexOfLf(buf: Buffer, from: number, end: number): number {
  const at = buf.indexOf(LF, from);
  return at >= 0 && at < end ? at : -1;
}
