// The runs list at 2 000 runs (issue 15): the page shows the newest page, the state filter is
// applied by the server over all of them (the request carries it; the page holds one page of
// rows, never 2 000), and "Show more" pages on.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, trackPage, type BrowserSession } from '@/test/support/browser';
import { writeManyRuns, type ManyRunsSummary } from '@/test/support/many-runs';
import { blockExternal } from '@/test/support/routes';
import { startServer, type TestServer } from '@/test/support/server';

let root: string;
let srv: TestServer;
let browser: BrowserSession;
let page: Page;
let runs: ManyRunsSummary;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'lbweb-e2e-catalog-'));
  runs = await writeManyRuns(root, 2000);
  srv = await startServer({ outputRoot: root });
  browser = await launchBrowser();
  await blockExternal(browser.context, srv.url);
  page = await browser.newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await srv?.stop();
  rmSync(root, { recursive: true, force: true });
});

const table = () => page.getByTestId('runs-table');
const rowIds = () =>
  page.locator('[data-testid=runs-table] tbody tr').evaluateAll((trs) => trs.map((t) => t.getAttribute('data-run-id')));

describe('runs list with 2 000 runs', () => {
  it('shows the newest page, filters by state on the server, and pages on', async () => {
    const log = trackPage(page);
    const listCalls: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/trpc/runs.list')) listCalls.push(decodeURIComponent(r.url()));
    });
    await page.goto(`${srv.url}/runs`);
    await expect.poll(() => table().getAttribute('data-count'), { timeout: 30_000 }).toBe('2000');
    expect(await table().getAttribute('data-shown')).toBe('200');
    expect((await rowIds())[0]).toBe(runs.ids.at(-1));

    await page.getByTestId('filter-state').selectOption('failed');
    await expect
      .poll(() => table().getAttribute('data-matched'), { timeout: 10_000 })
      .toBe(String(runs.byState.failed));
    // The filter went to the server; the page never received all 2 000.
    expect(listCalls.some((u) => u.includes('"state":"failed"'))).toBe(true);
    const failedIds = runs.ids.filter((_, i) => (i + 1) % 5 === 0).reverse();
    expect(await rowIds()).toEqual(failedIds.slice(0, 200));

    await page.getByTestId('more-runs').click();
    await expect.poll(async () => (await rowIds()).length, { timeout: 10_000 }).toBe(400);
    expect(await rowIds()).toEqual(failedIds.slice(0, 400));
    expect(await page.getByTestId('more-runs').count()).toBe(0);
    expect([...log.consoleErrors, ...log.pageErrors]).toEqual([]);
  }, 90_000);
});
