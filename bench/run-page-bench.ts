// The run page at scale (issue 15): finished runs of 10k, 100k and 1M events, opened in a fresh
// headless Chromium. Per size: the server's digest built cold (first runs.snapshot over the
// whole events.jsonl, then persisted in series.json) and warm; the time from navigation until
// the page shows the run's last event and complete charts (first visit, fresh profile; then
// five reloads: median, min–max); the bytes the page transferred (all of it, and the run API alone); the browser's JS
// heap after a GC. Goal: < 1 s at 1M events.
// Run: npx tsx bench/run-page-bench.ts   (after `npx next build`; LBWEB_BENCH_SIZES=10000,100000)
import { performance } from 'node:perf_hooks';
import { statSync } from 'node:fs';
import type { Page, Request } from 'playwright-core';
import type { RunSnapshot } from '@/lib/run-digest/run-digest';
import { launchBrowser } from '@/test/support/browser';
import { writeBigRun } from '@/test/support/big-run';
import { startServer } from '@/test/support/server';
import { trpcHttp } from '@/test/support/trpc-http';

const SIZES = (process.env.LBWEB_BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const MiB = 1024 * 1024;
const RELOADS = 5;

interface Visit {
  ms: number;
  bytes: number;
  apiBytes: number;
  heapMiB: number;
}

/** Navigates and waits for the last event in the log and every chart point of the snapshot. */
async function visit(page: Page, url: string, n: number, points: number, reload: boolean): Promise<Visit> {
  const sizes: Promise<{ url: string; bytes: number }>[] = [];
  const onFinished = (r: Request) =>
    sizes.push(r.sizes().then((s) => ({ url: r.url(), bytes: s.responseBodySize + s.responseHeadersSize })));
  page.on('requestfinished', onFinished);
  const t0 = performance.now();
  await (reload ? page.reload({ waitUntil: 'commit' }) : page.goto(url, { waitUntil: 'commit' }));
  await page.waitForFunction(
    ({ n, points }) => {
      const counts = document.querySelector('[data-testid=event-counts]');
      const rows = document.querySelectorAll('[data-testid=event-log] [data-seq]');
      const chart = document.querySelector('[data-testid=chart-rps]');
      return (
        counts?.getAttribute('data-last-seq') === String(n) &&
        rows[rows.length - 1]?.getAttribute('data-seq') === String(n) &&
        chart?.getAttribute('data-points') === String(points)
      );
    },
    { n, points },
    { timeout: 120_000, polling: 'raf' },
  );
  const ms = performance.now() - t0;
  // The stream of a finished run ends at once; let its request finish before counting.
  await page.waitForFunction(
    () => document.querySelector('[data-testid=stream-status]')?.textContent === 'ended',
    null,
    {
      timeout: 10_000,
    },
  );
  await page.waitForTimeout(300);
  page.off('requestfinished', onFinished);
  const done = await Promise.all(sizes);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return {
    ms,
    bytes: done.reduce((s, r) => s + r.bytes, 0),
    apiBytes: done.filter((r) => r.url.includes('/api/trpc/runs.')).reduce((s, r) => s + r.bytes, 0),
    heapMiB: heap.usedSize / MiB,
  };
}

const srv = await startServer();
const api = trpcHttp(srv.url);
try {
  console.log(
    'events | events.jsonl | digest cold | snapshot warm | page: first visit (fresh profile) | page: reload, median of 5 (min–max) | transferred (run API) | JS heap',
  );
  for (const n of SIZES) {
    const runId = `run-page-bench-${n}`;
    const file = await writeBigRun(srv.outputRoot, runId, n);
    let t = performance.now();
    await api.get('runs.snapshot', { runId });
    const cold = performance.now() - t;
    t = performance.now();
    const snap = await api.get<RunSnapshot>('runs.snapshot', { runId });
    const warm = performance.now() - t;
    const points = snap.digest.series.rows.filter((r) => !r.gap).length;
    // The server's first render of the page route is not the run's cost: warm it up.
    await fetch(`${srv.url}/runs/${runId}`).then((r) => r.text());
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const first = await visit(page, `${srv.url}/runs/${runId}`, n, points, false);
      const reloads: Visit[] = [];
      for (let i = 0; i < RELOADS; i++) reloads.push(await visit(page, `${srv.url}/runs/${runId}`, n, points, true));
      const ms = reloads.map((r) => r.ms).sort((a, b) => a - b);
      const again = reloads.at(-1)!;
      console.log(
        `${String(n).padStart(7)} | ${(statSync(file).size / MiB).toFixed(0).padStart(4)} MiB | ` +
          `${(cold / 1000).toFixed(2)} s | ${warm.toFixed(0)} ms | ${first.ms.toFixed(0)} ms | ` +
          `${ms[Math.floor(ms.length / 2)]!.toFixed(0)} ms (${ms[0]!.toFixed(0)}–${ms.at(-1)!.toFixed(0)}) | ` +
          `${(first.bytes / 1024).toFixed(0)} KiB (${(first.apiBytes / 1024).toFixed(0)} KiB) | ` +
          `${first.heapMiB.toFixed(1)} MiB (after reload ${again.heapMiB.toFixed(1)}) | ${points} chart points`,
      );
    } finally {
      await browser.close();
    }
  }
} finally {
  await srv.stop();
}
