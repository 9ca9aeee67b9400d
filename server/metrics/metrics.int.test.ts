// lb-web's metrics as Prometheus sees them: the local stack's Prometheus (Debian's, started by
// the same code as the local stack, with lb-web as one more scrape job) scrapes the text we
// serve at /metrics after real activity (events through a run's hub, a malformed line).
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBinary, NODE_EXPORTER, PROMETHEUS } from '@/server/localstack/binaries';
import { startNodeExporter, startPrometheus, type MonitorProcess } from '@/server/localstack/monitoring';
import { waitFor } from '@/server/process/wait-for';
import { RunEventHub } from '@/server/runs/event-hub';
import { METRICS_CONTENT_TYPE, renderMetrics } from './lbweb-metrics';

let dir: string;
let server: Server;
let nodeExporter: MonitorProcess;
let prometheus: MonitorProcess;
const TOKEN = 'metrics-scrape-token';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lbweb-metrics-'));
  // What /metrics serves, behind the token the way the route is (Prometheus sends it as Bearer).
  server = createServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end();
    res.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE });
    res.end(renderMetrics([{ name: 'lbweb_active_runs', help: 'Runs driven now', value: 1 }]));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  nodeExporter = await startNodeExporter(findBinary(NODE_EXPORTER), dir);
  prometheus = await startPrometheus({
    bin: findBinary(PROMETHEUS),
    dir,
    logDir: dir,
    nodeExporterPort: nodeExporter.port,
    gatewayPort: nodeExporter.port, // no gateway here; its jobs just see no lb-web series
    extraJobs: [{ job: 'lb-web', target: `127.0.0.1:${port}`, path: '/metrics', bearerToken: TOKEN }],
  });
}, 90_000);

afterAll(async () => {
  await prometheus?.proc.stop(2000);
  await nodeExporter?.proc.stop(2000);
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function query(q: string): Promise<number | null> {
  const res = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(q)}`);
  const body = (await res.json()) as { data?: { result?: Array<{ value: [number, string] }> } };
  const v = body.data?.result?.[0]?.value[1];
  return v === undefined ? null : Number(v);
}

describe('/metrics scraped by Prometheus', () => {
  it('counts events and malformed lines as they happen; Prometheus sees them', async () => {
    const hub = await RunEventHub.open(join(dir, 'events.jsonl'), { runId: 'run-metrics' });
    const before = Number(/^lbweb_events_ingested_total (\d+)$/m.exec(renderMetrics([]))?.[1]);
    for (let i = 0; i < 5; i++) await hub.publish({ type: 'log', message: `m${i}`, run_id: 'run-metrics' } as never);
    await hub.recordMalformed('LB_EVENT {oops', 'not JSON');
    await hub.end();
    const text = renderMetrics([]);
    // 5 events + the malformed line's own log event.
    expect(Number(/^lbweb_events_ingested_total (\d+)$/m.exec(text)?.[1])).toBe(before + 6);
    expect(text).toMatch(/^lbweb_malformed_lines_total [1-9]\d*$/m);
    expect(text).toMatch(/^# TYPE lbweb_stop_latency_seconds histogram$/m);

    await waitFor(async () => ((await query('lbweb_events_ingested_total')) ?? 0) >= before + 6, {
      what: 'Prometheus to scrape lb-web',
      timeoutMs: 30_000,
    });
    expect(await query('up{job="lb-web"}')).toBe(1);
    expect(await query('lbweb_malformed_lines_total')).toBeGreaterThanOrEqual(1);
    expect(await query('lbweb_active_runs')).toBe(1);
  }, 60_000);
});
