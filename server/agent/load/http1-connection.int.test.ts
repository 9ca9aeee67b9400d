import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Http1Connection, type Http1Origin } from './http1-connection';
import { prepareRequest } from './request-pool';

// The built-in driver's HTTP/1.1 client against real servers: node:http for what a gateway
// does (lengths, chunked bodies, big and slow bodies, close, resets), and a raw TCP server for
// what node:http will not send (a body until close, a response cut into single bytes, stray
// bytes, HTTP/1.0).
let http: Server;
let raw: NetServer;
let httpOrigin: Http1Origin;
let rawOrigin: Http1Origin;
const httpSockets = new Set<Socket>();
let rawScript: (socket: Socket) => void = () => undefined;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  http = createServer((req, res) => {
    req.resume();
    const path = req.url ?? '';
    if (path === '/ok') return res.end('ok');
    if (path === '/404') return res.writeHead(404).end('no');
    if (path === '/204') return res.writeHead(204).end();
    if (path === '/304') return res.writeHead(304).end();
    if (path === '/close') return res.writeHead(200, { connection: 'close' }).end('bye');
    if (path === '/big') return res.end(Buffer.alloc(2 * 1024 * 1024, 97));
    if (path === '/chunked-big') {
      const piece = Buffer.alloc(16 * 1024, 98);
      for (let i = 0; i < 64; i++) res.write(piece);
      return res.end();
    }
    if (path === '/slow') {
      res.writeHead(200);
      let n = 0;
      const t = setInterval(() => {
        res.write(`piece ${n}\n`);
        if (++n === 5) {
          clearInterval(t);
          res.end();
        }
      }, 20);
      return;
    }
    if (path === '/reset') {
      res.writeHead(200, { 'content-length': 100 });
      res.write('partial');
      setTimeout(() => req.socket.resetAndDestroy(), 10);
      return;
    }
    if (path === '/drop') return req.socket.destroy();
    res.writeHead(500).end();
  });
  http.on('connection', (s: Socket) => {
    httpSockets.add(s);
    s.on('close', () => httpSockets.delete(s));
  });
  raw = createNetServer((s) => {
    s.on('error', () => undefined);
    s.once('data', () => rawScript(s));
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
  httpOrigin = { host: '127.0.0.1', port: (http.address() as AddressInfo).port, tls: false };
  rawOrigin = { host: '127.0.0.1', port: (raw.address() as AddressInfo).port, tls: false };
});

afterAll(async () => {
  http.closeAllConnections();
  await new Promise((r) => http.close(r));
  await new Promise((r) => raw.close(r));
});

/** A connection whose requests resolve with their status (0: failed). */
function client(origin: Http1Origin) {
  let pending: ((status: number) => void) | undefined;
  let dones = 0;
  let setUps = 0;
  const conn = new Http1Connection(
    origin,
    (_c, status) => {
      dones++;
      const p = pending;
      pending = undefined;
      p?.(status);
    },
    () => setUps++,
  );
  const request = (path: string, method = 'GET', body = '', headers: Record<string, string> = {}) => {
    const req = prepareRequest(method, path, `${origin.host}:${origin.port}`, headers, undefined, body);
    if (!('bytes' in req)) throw new Error(req.invalid);
    return new Promise<number>((resolve) => {
      pending = resolve;
      conn.send(req.bytes, req.head, performance.now());
    });
  };
  return { conn, request, dones: () => dones, setUps: () => setUps };
}

describe('Http1Connection against node:http', () => {
  it('reads statuses, HEAD, 204 and 304 on one kept-alive connection', async () => {
    const c = client(httpOrigin);
    const before = httpSockets.size;
    expect(await c.request('/ok')).toBe(200);
    expect(await c.request('/404')).toBe(404);
    expect(await c.request('/ok', 'HEAD')).toBe(200);
    expect(await c.request('/204')).toBe(204);
    expect(await c.request('/304')).toBe(304);
    expect(await c.request('/ok')).toBe(200);
    expect(httpSockets.size).toBe(before + 1);
    expect(c.setUps()).toBe(1);
    c.conn.destroy();
  });

  it('reads big bodies, by length and chunked, and slow ones arriving over 100 ms', async () => {
    const c = client(httpOrigin);
    expect(await c.request('/big')).toBe(200);
    expect(await c.request('/chunked-big')).toBe(200);
    const t = performance.now();
    expect(await c.request('/slow')).toBe(200);
    expect(performance.now() - t).toBeGreaterThanOrEqual(80);
    expect(await c.request('/ok')).toBe(200);
    c.conn.destroy();
  });

  it('sends method, path, headers, Content-Length and body as prepared', async () => {
    let seen = '';
    const echo = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (d: Buffer) => chunks.push(d));
      req.on('end', () => {
        seen = JSON.stringify({
          method: req.method,
          url: req.url,
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
        });
        res.end();
      });
    });
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    const c = client({ host: '127.0.0.1', port: (echo.address() as AddressInfo).port, tls: false });
    expect(await c.request('/function/a%20b', 'post', 'héllo', { 'X-Test': 'v', 'Content-Length': '99' })).toBe(200);
    const got = JSON.parse(seen) as { method: string; url: string; headers: Record<string, string>; body: string };
    expect(got).toMatchObject({ method: 'POST', url: '/function/a%20b', body: 'héllo' });
    expect(got.headers).toMatchObject({ 'x-test': 'v', 'content-length': '6', connection: 'keep-alive' });
    expect(await c.request('/x', 'PUT')).toBe(200);
    expect((JSON.parse(seen) as { headers: Record<string, string> }).headers['content-length']).toBe('0');
    c.conn.destroy();
    echo.closeAllConnections();
    await new Promise((r) => echo.close(r));
  });

  it('reconnects after connection: close, and after the server dropped an idle connection', async () => {
    const c = client(httpOrigin);
    expect(await c.request('/close')).toBe(200);
    expect(await c.request('/ok')).toBe(200);
    // The server closes every idle connection; the next request goes out on a new one.
    http.closeIdleConnections();
    await sleep(50);
    expect(await c.request('/ok')).toBe(200);
    expect(c.dones()).toBe(3);
    c.conn.destroy();
  });

  it('fails a request whose connection is reset or dropped mid-response, then works again', async () => {
    const c = client(httpOrigin);
    expect(await c.request('/reset')).toBe(0);
    expect(await c.request('/drop')).toBe(0);
    expect(await c.request('/ok')).toBe(200);
    c.conn.destroy();
  });

  it('fails once on destroy() with a request in flight, and at once after', async () => {
    const c = client(httpOrigin);
    const slow = c.request('/slow');
    await sleep(10);
    c.conn.destroy();
    expect(await slow).toBe(0);
    expect(await c.request('/ok')).toBe(0);
    expect(c.dones()).toBe(2);
  });

  it('fails requests to a port nobody listens on, and reports the set-up once', async () => {
    const closed = createNetServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const c = client({ host: '127.0.0.1', port, tls: false });
    expect(await c.request('/ok')).toBe(0);
    expect(await c.request('/ok')).toBe(0);
    expect(c.setUps()).toBe(1);
    c.conn.destroy();
  });

  it('carries 2 000 requests in a row on one connection', async () => {
    const c = client(httpOrigin);
    const statuses: number[] = [];
    for (let i = 0; i < 2000; i++) statuses.push(await c.request(i % 2 ? '/ok' : '/404'));
    expect(statuses.filter((s) => s === 200)).toHaveLength(1000);
    expect(statuses.filter((s) => s === 404)).toHaveLength(1000);
    expect(c.setUps()).toBe(1);
    c.conn.destroy();
  });
});

describe('Http1Connection against a raw TCP server', () => {
  it('reads a body that runs until the server closes', async () => {
    rawScript = (s) => {
      s.write('HTTP/1.1 200 OK\r\n\r\nbody without length');
      setTimeout(() => s.end(' ...the end'), 20);
    };
    const c = client(rawOrigin);
    expect(await c.request('/')).toBe(200);
    c.conn.destroy();
  });

  it('reads a response sent one byte at a time', async () => {
    const bytes = 'HTTP/1.1 202 Accepted\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n0\r\n\r\n';
    rawScript = (s) => {
      let i = 0;
      const t = setInterval(() => {
        s.write(bytes[i++]!);
        if (i === bytes.length) clearInterval(t);
      }, 1);
    };
    const c = client(rawOrigin);
    expect(await c.request('/')).toBe(202);
    c.conn.destroy();
  });

  it('takes HTTP/1.0 and stray bytes as the end of the connection, not of the client', async () => {
    rawScript = (s) => s.write('HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok');
    const c = client(rawOrigin);
    expect(await c.request('/')).toBe(200);
    rawScript = (s) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n\r\n');
    expect(await c.request('/')).toBe(200);
    rawScript = (s) => s.write('HTTP/1.1 201 OK\r\nContent-Length: 0\r\n\r\n');
    expect(await c.request('/')).toBe(201);
    c.conn.destroy();
  });

  it('fails a garbled response and a close before any byte', async () => {
    rawScript = (s) => s.write('SMTP ready\r\n\r\n');
    const c = client(rawOrigin);
    expect(await c.request('/')).toBe(0);
    rawScript = (s) => s.end();
    expect(await c.request('/')).toBe(0);
    c.conn.destroy();
  });
});
