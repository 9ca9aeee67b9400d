import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PrometheusClient, PrometheusEmptyResultError, PrometheusQueryError } from './prometheus-client';

type Handler = (url: URL, res: ServerResponse) => void;
const vector = (...values: string[]) => ({
  status: 'success',
  data: { resultType: 'vector', result: values.map((v, i) => ({ metric: { i: String(i) }, value: [1700000000, v] })) },
});
const send = (res: ServerResponse, body: unknown, status = 200) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};

let server: Server;
let base: string;
let handler: Handler;
let requests: URL[];
const open = new Set<ServerResponse>();

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(url);
    open.add(res);
    res.on('close', () => open.delete(res));
    handler(url, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const res of open) res.destroy();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  requests = [];
});

const client = (opts: ConstructorParameters<typeof PrometheusClient>[1] = {}) =>
  new PrometheusClient(`${base}/`, { emptyRetryIntervalMs: 50, emptyRetryBudgetMs: 400, ...opts });

describe('PrometheusClient', () => {
  it('instant: result[0] at the given time, numbers parsed from strings', async () => {
    handler = (_u, res) => send(res, vector('42.5', '7'));
    expect(await client().instant('up', 1700000123.5)).toBe(42.5);
    expect(requests[0]?.pathname).toBe('/api/v1/query');
    expect(requests[0]?.searchParams.get('query')).toBe('up');
    expect(requests[0]?.searchParams.get('time')).toBe('1700000123.5');
  });

  it('instant: NaN, +Inf and scalar results', async () => {
    handler = (_u, res) => send(res, vector('NaN'));
    expect(await client().instant('0/0')).toBeNaN();
    handler = (_u, res) => send(res, vector('+Inf'));
    expect(await client().instant('1/0')).toBe(Infinity);
    handler = (_u, res) => send(res, { status: 'success', data: { resultType: 'scalar', result: [1, '3'] } });
    expect(await client().instant('1+2')).toBe(3);
    expect(requests[0]?.searchParams.has('time')).toBe(false);
  });

  it("range: first series, lb's request format, and lb's mean (a NaN point makes it NaN)", async () => {
    handler = (_u, res) =>
      send(res, {
        status: 'success',
        data: {
          resultType: 'matrix',
          result: [
            {
              metric: {},
              values: [
                [10, '1'],
                [20, 'NaN'],
                [30, '5'],
              ],
            },
            { metric: {}, values: [[10, '100']] },
          ],
        },
      });
    expect(await client().range('q', 10, 30, 10)).toEqual([
      { t: 10, v: 1 },
      { t: 20, v: NaN },
      { t: 30, v: 5 },
    ]);
    expect(Object.fromEntries(requests[0]!.searchParams)).toEqual({
      query: 'q',
      start: '10.0',
      end: '30.0',
      step: '10s',
    });
    expect(await client().rangeMean('q', 10, 30)).toBeNaN();
  });

  it('retries an empty result until data arrives', async () => {
    let calls = 0;
    handler = (_u, res) => send(res, ++calls < 3 ? vector() : vector('1'));
    expect(await client().instant('up')).toBe(1);
    expect(calls).toBe(3);
  });

  it('gives up on empty results after the budget with a PrometheusEmptyResultError', async () => {
    handler = (_u, res) => send(res, vector());
    const t0 = Date.now();
    const err = await client()
      .instant('absent_metric')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrometheusEmptyResultError);
    expect((err as Error).message).toContain(base);
    expect((err as Error).message).toContain('absent_metric');
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(requests.length).toBeGreaterThanOrEqual(5);
    expect(requests.length).toBeLessThanOrEqual(10);
    requests = [];
    await expect(client().instant('absent_metric', undefined, { emptyRetryBudgetMs: 0 })).rejects.toBeInstanceOf(
      PrometheusEmptyResultError,
    );
    expect(requests).toHaveLength(1);
  });

  it('status "error" fails at once with the URL, the query and the Prometheus error text', async () => {
    handler = (_u, res) =>
      send(res, { status: 'error', errorType: 'bad_data', error: '1:5: parse error: unexpected <EOF>' }, 400);
    const err = await client()
      .instant('sum(')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrometheusQueryError);
    expect((err as Error).message).toBe(
      `Prometheus query failed at ${base}/api/v1/query: HTTP 400, bad_data: 1:5: parse error: unexpected <EOF>; query: sum(`,
    );
    expect(requests).toHaveLength(1);
  });

  it('a non-JSON non-2xx answer fails with its status and body', async () => {
    handler = (_u, res) => send(res, '<html>bad gateway</html>', 502);
    await expect(client().range('up', 0, 10)).rejects.toThrow(
      /query_range: HTTP 502: <html>bad gateway<\/html>; query: up/,
    );
  });

  it('an unexpected answer shape is a query error, not a crash', async () => {
    handler = (_u, res) => send(res, { status: 'success', data: { resultType: 'matrix', result: [] } });
    await expect(client().instant('up')).rejects.toThrow(/unexpected answer shape/);
  });

  it('connection refused fails fast (one quick retry) naming the URL and the query', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const t0 = Date.now();
    const err = await new PrometheusClient(`http://127.0.0.1:${port}`).instant('up').catch((e: unknown) => e);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(err).toBeInstanceOf(PrometheusQueryError);
    expect((err as Error).message).toMatch(
      new RegExp(`at http://127\\.0\\.0\\.1:${port}/api/v1/query: cannot connect \\(ECONNREFUSED\\).*query: up$`),
    );
  });

  it('retries a network failure exactly once', async () => {
    let calls = 0;
    const fetchImpl = (async () => {
      calls++;
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    }) as typeof fetch;
    await expect(new PrometheusClient('http://prom:9090', { fetchImpl }).instant('up')).rejects.toThrow(
      /cannot connect \(ECONNRESET\)/,
    );
    expect(calls).toBe(2);
  });

  it('a hung request times out with a query error', async () => {
    handler = () => {}; // never answers
    await expect(client({ requestTimeoutMs: 150 }).instant('up')).rejects.toThrow(/no answer within 150 ms; query: up/);
  });

  it('aborts a pending request and an empty-retry wait with the signal reason', async () => {
    handler = () => {};
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(new Error('stop requested')), 100);
    await expect(client().instant('up', undefined, { signal: ctl.signal })).rejects.toThrow('stop requested');

    handler = (_u, res) => send(res, vector());
    const owner = new AbortController();
    const t0 = Date.now();
    setTimeout(() => owner.abort(new Error('run stopped')), 120);
    await expect(client({ signal: owner.signal, emptyRetryBudgetMs: 60_000 }).instant('up')).rejects.toThrow(
      'run stopped',
    );
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('ready(): true on 200, false on 503 and when nothing listens', async () => {
    handler = (u, res) => (u.pathname === '/-/ready' ? res.end('Prometheus Server is Ready.') : send(res, {}, 404));
    expect(await client().ready()).toBe(true);
    handler = (_u, res) => send(res, 'Service Unavailable', 503);
    expect(await client().ready()).toBe(false);
    expect(await new PrometheusClient('http://127.0.0.1:1').ready()).toBe(false);
  });
});
