// The built-in driver's HTTP/1.1 response reader: it finds where each response ends and takes
// its status, nothing more — no header objects, no body kept. Bytes come in whatever pieces the
// socket delivers (a response in many reads, or the end of one and a stray byte in one read), so
// it is a small state machine over the bytes: the head (status line and headers, up to the
// blank line), then the body by Content-Length, by chunked transfer coding (chunk sizes, data,
// trailers), or until the peer closes; HEAD answers, 1xx (skipped, the final response follows),
// 204 and 304 have none. One request is outstanding at a time (no pipelining), so bytes past
// the end of a response are a peer error: the connection is not reused.
//
// The head is read as bytes where it lies (the shared read buffer), not decoded to a string:
// a profile at 1 000 req/s had the string version (decode, lower-case, split, regular
// expressions) at ≈8 % of the driver's CPU. Only a head split across reads is copied, into
// a buffer of the reader's own. A target under load answers the same head again and again
// (only its Date changes, once a second), so the last head read whole is kept with what it
// said: a head byte-for-byte equal to it, blank line included, is matched with one native
// compare and not parsed again — the byte-by-byte parse was still ≈3 µs per response, the
// driver's largest piece of JavaScript, at 1 000/s on the 2-core VM.
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
/** Heads up to this long (blank line included) are kept for the next response to match. */
const KEPT_HEAD_BYTES = 512;

const CR = 13;
const LF = 10;

export class Http1ResponseReader {
  #state: State = IDLE;
  #headRequest = false;
  /** The current chunk-size / trailer line so far (latin1). */
  #text = '';
  /** A head split across reads: its bytes so far (allocated on the first split, then kept). */
  #head: Buffer | undefined;
  #headLength = 0;
  /** The last `keep-alive` header value read (bytes), so an unchanged one is not parsed again. */
  #keepAliveValue = Buffer.alloc(0);
  #remaining = 0;
  #status = 0;
  #reusable = true;
  /**
   * What the last head parsed said: its status, body length (-1 none given, -2 until close),
   * chunked, close. The kept head, when there is one, is that head.
   */
  #headStatus = 0;
  #headLength0 = -1;
  #headChunked = false;
  #headClose = false;
  /** The last final head read whole, blank line included (its first #keptLength bytes). */
  readonly #kept = Buffer.allocUnsafe(KEPT_HEAD_BYTES);
  #keptLength = 0;
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
    this.#headLength = 0;
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
          if (this.#headLength === 0) {
            // The usual case: the whole head is in this read — often the same as the last one.
            const kept = this.#keptLength;
            if (kept > 0 && end - i >= kept && buf.compare(this.#kept, 0, kept, i, i + kept) === 0) {
              this.#applyHead(this.#headStatus);
              i += kept;
              if ((this.#state as State) === IDLE) return this.#ended(i < end);
              break;
            }
            const at = blankLine(buf, i, end);
            if (at >= 0) {
              if (at - i > MAX_HEAD_BYTES) return this.#fail('response head too long');
              if (!this.#readHead(buf, i, at)) return false;
              this.#keepHead(buf, i, at + 4);
              i = at + 4;
              if ((this.#state as State) === IDLE) return this.#ended(i < end);
              break;
            }
            // Up to MAX_HEAD_BYTES + 3 bytes, the blank line may still end the head in time.
            if (end - i > MAX_HEAD_BYTES + 3) return this.#fail('response head too long');
            this.#keepSplitHead(buf, i, end);
            i = end;
            break;
          }
          // The rest of a split head: the blank line may straddle the reads, so the search
          // starts 3 bytes back.
          const prev = this.#headLength;
          const take = Math.min(end - i, MAX_HEAD_BYTES + 4 - prev);
          this.#keepSplitHead(buf, i, i + take);
          const head = this.#head!;
          const at = blankLine(head, Math.max(0, prev - 3), this.#headLength);
          if (at < 0) {
            // A blank line starting at MAX_HEAD_BYTES would have been found by now.
            if (this.#headLength >= MAX_HEAD_BYTES + 4) return this.#fail('response head too long');
            i += take;
            break;
          }
          i += at + 4 - prev;
          this.#headLength = 0;
          if (!this.#readHead(head, 0, at)) return false;
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
    this.#headLength = 0;
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
    this.#headLength = 0;
  }

  /** Copies head bytes b[from, to) after those of a split head so far. */
  #keepSplitHead(b: Buffer, from: number, to: number): void {
    const need = this.#headLength + (to - from);
    if (!this.#head || this.#head.length < need) {
      const grown = Buffer.allocUnsafe(Math.min(MAX_HEAD_BYTES + 4, Math.max(1024, need * 2)));
      this.#head?.copy(grown, 0, 0, this.#headLength);
      this.#head = grown;
    }
    b.copy(this.#head, this.#headLength, from, to);
    this.#headLength = need;
  }

  /**
   * The status line and headers in b[start, end) (up to the blank line, excluded); sets the
   * body state (IDLE when there is none). Only four headers matter; names are matched without
   * regard to case, values are trimmed as String.prototype.trim does.
   */
  #readHead(b: Buffer, start: number, end: number): boolean {
    // Whatever this head is, the kept one no longer goes with the fields below.
    this.#keptLength = 0;
    // "HTTP/1.1 200 OK": the version, then a 3-digit status.
    if (end - start < 12 || !startsWith(b, start, HTTP_1) || b[start + 8] !== SP)
      return this.#fail('not an HTTP/1.x response');
    const d0 = b[start + 9]! - 48;
    const d1 = b[start + 10]! - 48;
    const d2 = b[start + 11]! - 48;
    const after = b[start + 12];
    if (
      !(d0 >= 1 && d0 <= 9 && d1 >= 0 && d1 <= 9 && d2 >= 0 && d2 <= 9) ||
      (end - start > 12 && after !== SP && after !== CR)
    )
      return this.#fail('bad status line');
    const status = d0 * 100 + d1 * 10 + d2;
    const http11 = b[start + 7] === 49; // "1"
    let length = -1;
    let chunked = false;
    let sawTransferEncoding = false;
    let close = !http11;
    // Header lines: each starts after a CRLF.
    let line = indexOfCrLf(b, start, end);
    while (line >= 0) {
      const from = line + 2;
      const next = indexOfCrLf(b, from, end);
      const to = next < 0 ? end : next;
      line = next;
      const colon = nameEnd(b, from, to);
      if (colon < 0) continue;
      const name = colon - from;
      if (name === CONTENT_LENGTH.length && startsWith(b, from, CONTENT_LENGTH)) {
        const v = digitsValue(b, colon + 1, to);
        if (v < 0 || (length >= 0 && v !== length)) return this.#fail('bad content-length');
        length = v;
      } else if (name === CONNECTION.length && startsWith(b, from, CONNECTION)) {
        const has = connectionTokens(b, colon + 1, to);
        if (has & CLOSE_TOKEN) close = true;
        else if (has & KEEP_ALIVE_TOKEN) close = false;
      } else if (name === KEEP_ALIVE.length && startsWith(b, from, KEEP_ALIVE)) {
        const last = this.#keepAliveValue;
        if (!sameBytes(b, colon + 1, to, last)) {
          this.#keepAliveValue = Buffer.from(b.subarray(colon + 1, to));
          const m = /timeout\s*=\s*(\d+)/.exec(latin1(b, colon + 1, to).toLowerCase());
          if (m) this.keepAliveHintMs = Number(m[1]) * 1000;
        }
      } else if (name === TRANSFER_ENCODING.length && startsWith(b, from, TRANSFER_ENCODING)) {
        // The last coding decides: chunked frames the body; anything else runs until close.
        const v = latin1(b, colon + 1, to)
          .toLowerCase()
          .trim();
        chunked = v.slice(v.lastIndexOf(',') + 1).trim() === 'chunked';
        sawTransferEncoding = true;
      }
    }
    if (!chunked && sawTransferEncoding) length = -2;
    // 101 would switch protocols, which this client never asks for.
    if (status === 101) return this.#fail('unexpected 101 Switching Protocols');
    this.#headStatus = status;
    this.#headLength0 = length;
    this.#headChunked = chunked;
    this.#headClose = close;
    this.#applyHead(status);
    return true;
  }

  /** Sets the body state for a head with this status and the framing last parsed. */
  #applyHead(status: number): void {
    if (status < 200) {
      this.#state = HEAD; // an interim response: the final one follows
      this.#headLength = 0;
      return;
    }
    const length = this.#headLength0;
    this.#status = status;
    this.#reusable = !this.#headClose;
    if (this.#headRequest || status === 204 || status === 304) this.#state = IDLE;
    else if (this.#headChunked) this.#state = CHUNK_SIZE;
    else if (length >= 0) {
      this.#remaining = length;
      this.#state = length === 0 ? IDLE : BODY_LENGTH;
    } else {
      this.#state = BODY_UNTIL_CLOSE;
      this.#reusable = false;
    }
  }

  /**
   * Keeps the final head b[from, to) (blank line included) for the next response to match;
   * an interim (1xx) or a long head is not kept.
   */
  #keepHead(b: Buffer, from: number, to: number): void {
    this.#keptLength = this.#headStatus >= 200 && to - from <= KEPT_HEAD_BYTES ? b.copy(this.#kept, 0, from, to) : 0;
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
    this.#headLength = 0;
    return false;
  }
}

const SP = 32;
const HTTP_1 = bytes('HTTP/1.');
// Lower-case: startsWith() matches any case.
const CONTENT_LENGTH = bytes('content-length');
const CONNECTION = bytes('connection');
const KEEP_ALIVE = bytes('keep-alive');
const TRANSFER_ENCODING = bytes('transfer-encoding');

function bytes(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/** Whether b[at...] starts with `lower`, letters matched without regard to case. */
function startsWith(b: Buffer, at: number, lower: Uint8Array): boolean {
  for (let k = 0; k < lower.length; k++) {
    const c = b[at + k];
    const e = lower[k]!;
    if (c !== e && !(e >= 97 && e <= 122 && c === e - 32)) return false;
  }
  return true;
}

/** Where the head's blank line (CR LF CR LF) starts in b[from, end), or -1. */
function blankLine(b: Buffer, from: number, end: number): number {
  for (let k = from + 3; k < end; k++) {
    if (b[k] === LF && b[k - 1] === CR && b[k - 2] === LF && b[k - 3] === CR) return k - 3;
  }
  return -1;
}

/** Where the next CR LF starts in b[from, end), or -1. */
function indexOfCrLf(b: Buffer, from: number, end: number): number {
  for (let k = from + 1; k < end; k++) if (b[k] === LF && b[k - 1] === CR) return k - 1;
  return -1;
}

/** The colon ending a header name in b[from, to), or -1 (no colon, or an empty name). */
function nameEnd(b: Buffer, from: number, to: number): number {
  for (let k = from; k < to; k++) if (b[k] === 58) return k > from ? k : -1;
  return -1;
}

/** What String.prototype.trim removes, within latin1. */
const isTrimmed = (c: number): boolean => (c >= 9 && c <= 13) || c === SP || c === 0xa0;

/** The value of 1 to 15 decimal digits in b[from, to) between trimmed bytes, or -1. */
function digitsValue(b: Buffer, from: number, to: number): number {
  while (from < to && isTrimmed(b[from]!)) from++;
  while (to > from && isTrimmed(b[to - 1]!)) to--;
  if (to - from < 1 || to - from > 15) return -1;
  let v = 0;
  for (let k = from; k < to; k++) {
    const d = b[k]! - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

const CLOSE = bytes('close');
const CLOSE_TOKEN = 1;
const KEEP_ALIVE_TOKEN = 2;

/** Which of `close` and `keep-alive` the comma-separated tokens in b[from, to) include (any case). */
function connectionTokens(b: Buffer, from: number, to: number): number {
  let has = 0;
  while (from <= to) {
    let comma = from;
    while (comma < to && b[comma] !== 44) comma++;
    let s = from;
    let e = comma;
    while (s < e && isTrimmed(b[s]!)) s++;
    while (e > s && isTrimmed(b[e - 1]!)) e--;
    if (e - s === CLOSE.length && startsWith(b, s, CLOSE)) has |= CLOSE_TOKEN;
    else if (e - s === KEEP_ALIVE.length && startsWith(b, s, KEEP_ALIVE)) has |= KEEP_ALIVE_TOKEN;
    from = comma + 1;
  }
  return has;
}

/** Whether b[from, to) holds exactly the bytes of `other`. */
function sameBytes(b: Buffer, from: number, to: number, other: Uint8Array): boolean {
  if (to - from !== other.length) return false;
  for (let k = 0; k < other.length; k++) if (b[from + k] !== other[k]) return false;
  return true;
}

const latin1 = (b: Buffer, from: number, to: number): string => b.toString('latin1', from, to);

function indexOfLf(buf: Buffer, from: number, end: number): number {
  const at = buf.indexOf(LF, from);
  return at >= 0 && at < end ? at : -1;
}
