import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { parseK6Summary } from '@/server/peva/k6-summary';
import { createBuiltinDriver } from './builtin-driver';
import type { LiveSample, LoadTarget } from './types';

// A tiny gateway: /function/flaky answers 500 to every 4th call, /function/slow waits 2 s.
let server: Server;
let gatewayUrl = '';
let ws = '';
const hits = new Map<string, number>();
const auth: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const name = (req.url ?? '').replace('/function/', '');
    const n = (hits.get(name) ?? 0) + 1;
    hits.set(name, n);
    if (req.headers.authorization) auth.push(req.headers.authorization);
    req.resume();
    const delay = name === 'slow' ? 2000 : name === 'varied' ? n % 20 : 0;
    setTimeout(() => {
      res.statusCode = name === 'flaky' && n % 4 === 0 ? 500 : 200;
      res.end('ok');
    }, delay);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  gatewayUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  ws = await mkdtemp(join(tmpdir(), 'lbweb-builtin-'));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await rm(ws, { recursive: true, force: true });
});

const target = (name: string, rate: number, method = 'GET'): LoadTarget => ({
  name,
  rate,
  method,
  body: method === 'POST' ? 'hi' : '',
  headers: {},
});
type Metrics = Record<string, Record<string, number>>;

describe('builtin driver', () => {
  it('achieves rate × duration, counts 500s as failures, keeps rate-0 targets out', async () => {
    const samples: LiveSample[] = [];
    const driver = createBuiltinDriver();
    const r = await driver.run({
      workspace: ws,
      targets: [target('echo', 100), target('flaky', 40, 'POST'), target('idle-fn', 0)],
      durationS: 2,
      gatewayUrl,
      authHeader: 'Basic YWRtaW46cHc=',
      signal: new AbortController().signal,
      onSample: (s) => samples.push(s),
    });
    const m = (r.summary as { metrics: Metrics }).metrics;
    expect(m.request_count_echo!.count).toBeGreaterThanOrEqual(196);
    expect(m.request_count_echo!.count).toBeLessThanOrEqual(204);
    expect(m.success_rate_echo).toMatchObject({ value: 1, fails: 0 });
    expect(m.request_count_flaky!.count).toBe(80);
    expect(m.success_rate_flaky).toMatchObject({ passes: 60, fails: 20, value: 0.75 });
    expect(m.http_req_failed).toMatchObject({ passes: 20 });
    expect(Object.keys(m).some((k) => k.includes('idle'))).toBe(false);
    expect(hits.get('idle-fn')).toBeUndefined();
    expect(auth.every((a) => a === 'Basic YWRtaW46cHc=')).toBe(true);
    expect(r.stopped).toBe(false);
    expect(r.endTs - r.startTs).toBeGreaterThanOrEqual(1.9);
    // The file on disk is what the agent archives: same shape, parseable.
    expect(JSON.parse(await readFile(r.summaryPath, 'utf8'))).toEqual(JSON.parse(JSON.stringify(r.summary)));
    const lb = (r.summary as { lb_web: { schedule_lag_ms: { p50: number; p99: number; max: number }; driver: string } })
      .lb_web;
    expect(lb.driver).toBe('builtin');
    // Lag figures belong to bench/driver-accuracy.ts; here only their consistency is checked.
    expect(lb.schedule_lag_ms.p50).toBeGreaterThanOrEqual(0);
    expect(lb.schedule_lag_ms.p99).toBeGreaterThanOrEqual(lb.schedule_lag_ms.p50);
    expect(lb.schedule_lag_ms.max).toBeGreaterThanOrEqual(lb.schedule_lag_ms.p99);
    expect(samples.length).toBeGreaterThanOrEqual(2);
    const first = samples[0]!.functions.echo!;
    expect(first.rps).toBeGreaterThan(50);
    expect(first.successRate).toBe(1);
    expect(Object.keys(samples[0]!.functions).sort()).toEqual(['echo', 'flaky']);
    expect(samples.at(-1)!.functions.flaky!.errors).toBe(20);
    // One parser serves k6 and this driver.
    const parsed = parseK6Summary(r.summary, [
      { name: 'echo', rate: 100 },
      { name: 'flaky', rate: 40 },
      { name: 'idle-fn', rate: 0 },
    ]);
    expect(parsed.noSampleFunctions).toEqual(['idle-fn']);
    expect(parsed.functions.find((f) => f.name === 'flaky')).toMatchObject({ requests: 80, successRate: 0.75 });
    expect(parsed.functions.find((f) => f.name === 'echo')!.latency.p99).toBeGreaterThan(0);
  });

  it('numbers colliding metric ids the way the summary parser expects', async () => {
    const r = await createBuiltinDriver().run({
      workspace: ws,
      targets: [target('a-b', 20), target('a.b', 10)],
      durationS: 0.5,
      gatewayUrl,
      signal: new AbortController().signal,
    });
    const parsed = parseK6Summary(r.summary, [
      { name: 'a-b', rate: 20 },
      { name: 'a.b', rate: 10 },
    ]);
    expect(parsed.functions.map((f) => [f.name, f.requests])).toEqual([
      ['a-b', 10],
      ['a.b', 5],
    ]);
  });

  it('orders latency percentiles', async () => {
    const r = await createBuiltinDriver().run({
      workspace: ws,
      targets: [target('varied', 100)],
      durationS: 1,
      gatewayUrl,
      signal: new AbortController().signal,
    });
    const l = (r.summary as { metrics: Metrics }).metrics.latency_varied!;
    const order = [l.min, l.med, l['p(90)'], l['p(95)'], l['p(99)'], l.max] as number[];
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(l.max).toBeGreaterThan(l.min!);
    expect(l.max).toBeGreaterThanOrEqual(15);
  });

  it('stops within 500 ms on abort and still writes a partial summary', async () => {
    const ac = new AbortController();
    const run = createBuiltinDriver().run({
      workspace: ws,
      targets: [target('echo', 50), target('slow', 20)],
      durationS: 30,
      gatewayUrl,
      signal: ac.signal,
    });
    await new Promise((r) => setTimeout(r, 1000));
    const t = performance.now();
    ac.abort();
    const r = await run;
    expect(performance.now() - t).toBeLessThan(500);
    expect(r.stopped).toBe(true);
    const m = (r.summary as { metrics: Metrics }).metrics;
    expect(m.request_count_echo!.count).toBeGreaterThan(30);
    expect(m.request_count_echo!.count).toBeLessThan(70);
    // Every slow request was cut off before its answer: interrupted, not a metric sample.
    expect(m.request_count_slow).toBeUndefined();
    const lb = (r.summary as { lb_web: { functions: Record<string, { interrupted: number }> } }).lb_web;
    expect(lb.functions.slow!.interrupted).toBeGreaterThan(15);
    expect(JSON.parse(await readFile(r.summaryPath, 'utf8')).lb_web.stopped).toBe(true);
  });

  it('with every rate 0 sends nothing but still lasts the duration (abortable)', async () => {
    const before = hits.size;
    const ac = new AbortController();
    const t = performance.now();
    const quick = createBuiltinDriver().run({
      workspace: ws,
      targets: [target('idle-fn', 0)],
      durationS: 0.3,
      gatewayUrl,
      signal: ac.signal,
    });
    const r = await quick;
    expect(performance.now() - t).toBeGreaterThanOrEqual(290);
    expect((r.summary as { metrics: object }).metrics).toEqual({});
    const long = createBuiltinDriver().run({
      workspace: ws,
      targets: [target('idle-fn', 0)],
      durationS: 30,
      gatewayUrl,
      signal: ac.signal,
    });
    setTimeout(() => ac.abort(), 50);
    expect((await long).stopped).toBe(true);
    expect(hits.size).toBe(before);
  });

  it('drops arrivals beyond the in-flight cap and counts them', async () => {
    const r = await createBuiltinDriver({ maxInFlight: 5, gracefulStopMs: 100 }).run({
      workspace: ws,
      targets: [target('slow', 50)],
      durationS: 0.5,
      gatewayUrl,
      signal: new AbortController().signal,
    });
    const s = r.summary as { metrics: Metrics; lb_web: { dropped: number } };
    expect(s.lb_web.dropped).toBe(20);
    expect(s.metrics.dropped_iterations!.count).toBe(20);
  });
});
