// A long run (100 000 events) opens from its snapshot: the charts of the whole run and its
// newest events at once, without the browser replaying the run; "Show older" pages back by
// seq from the server with no gap and no duplicate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, trackPage, type BrowserSession } from '@/test/support/browser';
import { writeBigRun } from '@/test/support/big-run';
import { startServer, type TestServer } from '@/test/support/server';
import { logRowCount, logSeqs } from '@/test/support/event-log';

const RUN_ID = 'run-20260102-000000';
const N = 100_000;

let srv: TestServer;
let browser: BrowserSession;

beforeAll(async () => {
  srv = await startServer();
  await writeBigRun(srv.outputRoot, RUN_ID, N);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await srv?.stop();
});

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('run page of a 100k-event run', () => {
  let page: Page;

  it('opens with the charts of the whole run and its last events', async () => {
    page = await browser.newPage();
    const log = trackPage(page);
    const t0 = Date.now();
    await page.goto(`${srv.url}/runs/${RUN_ID}`);
    await page.waitForFunction(
      (n) => {
        const rows = document.querySelectorAll('[data-testid=event-log] [data-seq]');
        return rows[rows.length - 1]?.getAttribute('data-seq') === String(n);
      },
      N,
      { timeout: 30_000 },
    );
    const counts = page.getByTestId('event-counts');
    expect(await counts.getAttribute('data-total')).toBe(String(N));
    expect(await counts.getAttribute('data-held')).toBe('500');
    expect(await logSeqs(page)).toEqual(range(N - 499, N));
    expect(await page.getByTestId('run-state').getAttribute('data-state')).toBe('finished');
    // 10 000 one-second samples over 5 configurations, downsampled, from the first second on.
    await expect
      .poll(async () => Number(await page.getByTestId('chart-rps').getAttribute('data-points')), { timeout: 5_000 })
      .toBeGreaterThan(250);
    expect(Number(await page.getByTestId('chart-rps').getAttribute('data-points'))).toBeLessThanOrEqual(510);
    expect(await page.getByTestId('chart-rps').getAttribute('data-markers')).toBe('5');
    // Findings of every configuration, though their result events are not in the browser.
    await expect.poll(() => page.getByTestId('capacity-line').count(), { timeout: 5_000 }).toBe(1);
    expect(await page.getByTestId('run-progress').textContent()).toContain('4/5');
    console.log(`100k-event run page ready in ${Date.now() - t0} ms`);
    expect(log.pageErrors).toEqual([]);
  });

  it('"Show older" pages back by seq from the server, with no gap and no duplicate', async () => {
    await page.getByTestId('show-older').click();
    await expect.poll(() => logRowCount(page), { timeout: 10_000 }).toBe(1500);
    expect(await logSeqs(page)).toEqual(range(N - 1499, N));
    await page.getByTestId('show-older').click();
    await expect.poll(() => logRowCount(page), { timeout: 10_000 }).toBe(2500);
    expect(await logSeqs(page)).toEqual(range(N - 2499, N));
    const counts = page.getByTestId('event-counts');
    expect(await counts.getAttribute('data-first-seq')).toBe(String(N - 2499));
    expect(await counts.getAttribute('data-duplicates')).toBe('0');
    expect(await page.getByTestId('show-older').textContent()).toContain(`of ${N - 2500} hidden`);
  });
});
