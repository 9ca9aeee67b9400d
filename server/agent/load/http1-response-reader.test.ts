import { describe, expect, it } from 'vitest';
import { Http1ResponseReader, MAX_HEAD_BYTES } from './http1-response-reader';

type Ended = [status: number, reusable: boolean];

/** Feeds `pieces` in order; returns the responses ended and whether every feed was accepted. */
function read(pieces: readonly string[], headRequest = false, expectAgain = false) {
  const ended: Ended[] = [];
  const reader = new Http1ResponseReader((s, r) => {
    ended.push([s, r]);
    if (expectAgain) reader.expect(headRequest);
  });
  reader.expect(headRequest);
  let ok = true;
  for (const p of pieces) {
    const b = Buffer.from(p, 'latin1');
    // Fed at an offset inside a larger buffer, as the shared read buffer is.
    const big = Buffer.concat([Buffer.from('xx'), b, Buffer.from('yy')]);
    if (!reader.feed(big, 2, 2 + b.length)) {
      ok = false;
      break;
    }
  }
  return { ended, ok, reader };
}

/** Every way of cutting `s` in two, plus byte by byte. */
function splits(s: string): string[][] {
  const out: string[][] = [[s], [...s]];
  for (let i = 1; i < s.length; i++) out.push([s.slice(0, i), s.slice(i)]);
  return out;
}

const CL = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello';
const CHUNKED =
  'HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Trailer: t\r\n\r\n';

describe('Http1ResponseReader', () => {
  it('ends a Content-Length response however the bytes are cut', () => {
    for (const pieces of splits(CL)) expect(read(pieces)).toMatchObject({ ended: [[200, true]], ok: true });
  });

  it('ends a chunked response (extensions, several chunks, trailers) however the bytes are cut', () => {
    for (const pieces of splits(CHUNKED)) expect(read(pieces)).toMatchObject({ ended: [[201, true]], ok: true });
  });

  it('reads a chunked body without trailers and a zero-length body', () => {
    expect(read(['HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n']).ended).toEqual([
      [200, true],
    ]);
    expect(read(['HTTP/1.1 500 Oops\r\ncontent-length: 0\r\n\r\n']).ended).toEqual([[500, true]]);
  });

  it('takes no body for HEAD, 204 and 304 whatever their headers say', () => {
    expect(read(['HTTP/1.1 200 OK\r\nContent-Length: 12345\r\n\r\n'], true).ended).toEqual([[200, true]]);
    expect(read(['HTTP/1.1 204 No Content\r\n\r\n']).ended).toEqual([[204, true]]);
    expect(read(['HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n']).ended).toEqual([[304, true]]);
  });

  it('reads a repeated head from the kept one, and a different one of the same length afresh', () => {
    const five = 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n';
    const three = 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n';
    const gone = 'HTTP/1.1 201 OK\r\nConnection: close\r\n\r\n';
    const continued = 'HTTP/1.1 100 Continue\r\n\r\n';
    const ended: Ended[] = [];
    const reader = new Http1ResponseReader((st, r) => ended.push([st, r]));
    const one = (...pieces: string[]) => {
      reader.expect(false);
      for (const p of pieces) expect(reader.feed(Buffer.from(p, 'latin1'), 0, p.length)).toBe(true);
    };
    one(five + 'hello');
    one(five + 'hello'); // the kept head
    one(three + 'abc'); // same length, another body length
    one(...[...(five + 'hello')]); // split: parsed byte by byte
    one(three + 'abc');
    one(continued + five + 'hello');
    one(continued + three, 'abc');
    one(gone); // a body until close: not reusable, and not a 201 that reads 5 bytes
    expect(reader.untilClose).toBe(true);
    expect(reader.close()).toBe(true);
    expect(ended).toEqual([
      [200, true],
      [200, true],
      [200, true],
      [200, true],
      [200, true],
      [200, true],
      [200, true],
      [201, false],
    ]);
  });

  it('skips interim 1xx responses and ends with the final one', () => {
    for (const pieces of splits('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n' + CL))
      expect(read(pieces).ended).toEqual([[200, true]]);
  });

  it('marks the connection not reusable on connection: close, for HTTP/1.0, and after stray bytes', () => {
    expect(read(['HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok']).ended).toEqual([[200, false]]);
    expect(read(['HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok']).ended).toEqual([[200, false]]);
    expect(read(['HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok']).ended).toEqual([
      [200, true],
    ]);
    // Nothing was asked after the first response: what follows it is the peer's error.
    expect(read([CL + 'HTTP/1.1 200 OK\r\n']).ended).toEqual([[200, false]]);
  });

  it('reads a body without length or chunking until the peer closes', () => {
    const { ended, reader } = read(['HTTP/1.1 200 OK\r\n\r\nsome', ' more']);
    expect(ended).toEqual([]);
    expect(reader.untilClose).toBe(true);
    expect(reader.close()).toBe(true);
    expect(ended).toEqual([[200, false]]);
  });

  it('fails a response cut short by a close', () => {
    for (const cut of [CL.slice(0, 10), CL.slice(0, -1), CHUNKED.slice(0, -3)]) {
      const { ended, reader } = read([cut]);
      expect(reader.close()).toBe(false);
      expect(ended).toEqual([]);
      expect(reader.busy).toBe(false);
    }
  });

  it('reads responses one after the other on the same connection', () => {
    const { ended, ok } = read([CL, CHUNKED.slice(0, 30), CHUNKED.slice(30)], false, true);
    expect(ok).toBe(true);
    expect(ended).toEqual([
      [200, true],
      [201, true],
    ]);
  });

  it('refuses malformed responses', () => {
    const bad = [
      'HTTP/2 200 OK\r\n\r\n',
      'HTTX/1.1 200 OK\r\n\r\n',
      'HTTP/1.1 2x0 OK\r\n\r\n',
      'HTTP/1.1 2000 OK\r\n\r\n',
      'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n',
      'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n',
      'HTTP/1.1 101 Switching Protocols\r\n\r\n',
    ];
    for (const b of bad) {
      const r = read([b]);
      expect(r.ok, b).toBe(false);
      expect(r.ended).toEqual([]);
      expect(r.reader.error).not.toBe('');
    }
  });

  it('refuses a head longer than the limit, and data nobody asked for', () => {
    const long = read(['HTTP/1.1 200 OK\r\n', `X-Big: ${'a'.repeat(MAX_HEAD_BYTES)}\r\n`]);
    expect(long.ok).toBe(false);
    const reader = new Http1ResponseReader(() => undefined);
    expect(reader.feed(Buffer.from('HTTP/1.1 200 OK\r\n\r\n'), 0, 19)).toBe(false);
  });

  it('reads header names in any case and values between any whitespace String.trim removes', () => {
    const head = 'HTTP/1.1 200 OK\r\nCONTENT-LENGTH:\t 3 \t\r\nConnection: Keep-Alive , Close\r\n\r\nabc';
    for (const pieces of splits(head)) expect(read(pieces).ended).toEqual([[200, false]]);
    expect(read(['HTTP/1.1 200 OK\r\ncontent-length: 3\xa0\r\n\r\nabc']).ended).toEqual([[200, true]]);
    // "name :" is not the header (as Node's own parser refuses it, no body length is taken from it).
    const spaced = read(['HTTP/1.1 200 OK\r\nContent-Length : 3\r\n\r\nabc']);
    expect(spaced.reader.untilClose).toBe(true);
    expect(read(['HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, CHUNKED\r\n\r\n0\r\n\r\n']).ended).toEqual([[200, true]]);
    const gzip = read(['HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: gzip\r\n\r\nabc']);
    expect(gzip.reader.untilClose).toBe(true);
  });

  it('takes a head of exactly the limit, in one read or split anywhere near its end', () => {
    const start = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Pad: ';
    const head = start + 'a'.repeat(MAX_HEAD_BYTES - start.length);
    expect(head.length).toBe(MAX_HEAD_BYTES);
    const whole = `${head}\r\n\r\nok`;
    expect(read([whole]).ended).toEqual([[200, true]]);
    for (let cut = MAX_HEAD_BYTES - 2; cut <= MAX_HEAD_BYTES + 5; cut++)
      expect(read([whole.slice(0, cut), whole.slice(cut)]).ended, `cut at ${cut}`).toEqual([[200, true]]);
    const tooLong = `${head}a\r\n\r\nok`;
    expect(read([tooLong]).ok).toBe(false);
    expect(read([tooLong.slice(0, 100), tooLong.slice(100)]).ok).toBe(false);
  });

  it("takes the peer's keep-alive timeout hint", () => {
    const ka = (v: string) => `HTTP/1.1 200 OK\r\nKeep-Alive: ${v}\r\nContent-Length: 0\r\n\r\n`;
    const { reader } = read([ka('timeout=5')]);
    expect(reader.keepAliveHintMs).toBe(5000);
    // Read again when the peer announces another value.
    const again = read([ka('timeout=5'), ka('max=100, Timeout = 7')], false, true);
    expect(again.ended).toHaveLength(2);
    expect(again.reader.keepAliveHintMs).toBe(7000);
  });
});
