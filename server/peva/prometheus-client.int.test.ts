// The client against Debian's real `prometheus` (apt package `prometheus`), scraping itself.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveProcesses, spawnOwned, type OwnedProcess } from '@/server/process/owned-process';
import { waitFor } from '@/server/process/wait-for';
import { PrometheusClient, PrometheusQueryError } from './prometheus-client';

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

describe('PrometheusClient against a real Prometheus', () => {
  let dir: string;
  let prom: OwnedProcess;
  let client: PrometheusClient;
  const log: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'peva-prom-'));
    const port = await freePort();
    const address = `127.0.0.1:${port}`;
    writeFileSync(
      join(dir, 'prometheus.yml'),
      `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: prometheus\n    static_configs:\n      - targets: ['${address}']\n`,
    );
    prom = spawnOwned(
      [
        'prometheus',
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=${address}`,
      ],
      { name: 'prometheus', cwd: dir, onStdoutLine: (l) => log.push(l), onStderrLine: (l) => log.push(l) },
    );
    client = new PrometheusClient(`http://${address}`, { emptyRetryBudgetMs: 30_000, emptyRetryIntervalMs: 250 });
    try {
      await waitFor(() => client.ready(), {
        what: `Prometheus ready at http://${address}`,
        timeoutMs: 45_000,
        exited: prom.exited,
      });
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${log.slice(-20).join('\n')}`, { cause: err });
    }
  }, 60_000);

  afterAll(async () => {
    const pid = prom?.pid;
    await prom?.stop(5000);
    rmSync(dir, { recursive: true, force: true });
    // No orphan: the process group is gone and the registry no longer lists it.
    expect(liveProcesses()).not.toContain(prom);
    expect(() => process.kill(-pid, 0)).toThrow();
  }, 30_000);

  it('ready() is true and instant("up") is 1 once it has scraped itself', async () => {
    expect(await client.ready()).toBe(true);
    expect(await client.instant('up')).toBe(1);
  }, 45_000);

  it('range() returns samples of its own series and a real PromQL error names the query', async () => {
    const now = Date.now() / 1000;
    const points = await client.range('up', now - 60, now, 1);
    expect(points.length).toBeGreaterThan(0);
    expect(points.every((p) => p.v === 1)).toBe(true);
    const err = await client.instant('sum(up').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrometheusQueryError);
    expect((err as Error).message).toMatch(/HTTP 400, bad_data: .*query: sum\(up$/);
  });
});
