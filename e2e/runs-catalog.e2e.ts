// The runs list at 2 000 runs (issue 15): the page shows the newest page, the state filter is
// applied by the server over all of them (the request carries it; the page holds one page of
// rows, never 2 000), "Show more" pages on, only the rows near the viewport are in the DOM, and
// the page polls a version, fetching the list again only when a run changed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, trackPage, type BrowserSession } from '@/test/support/browser';
import { RunJournal } from '@/server/runs/run-journal';
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
/** The rows in the DOM (a window of the rows shown). */
const rowIds = () =>
  page
    .locator('[data-testid=runs-table] tbody tr[data-run-id]')
    .evaluateAll((trs) => trs.map((t) => t.getAttribute('data-run-id')));
const scrollToEnd = async () => {
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  // The window follows on the next animation frame.
  await page.waitForTimeout(300);
};

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
    // 200 rows shown, a window of them in the DOM, every one the same height.
    const first = await rowIds();
    expect(first[0]).toBe(runs.ids.at(-1));
    expect(first.length).toBeLessThan(80);
    expect(first).toEqual(runs.ids.slice(-first.length).reverse());
    const heights = await page
      .locator('[data-testid=runs-table] tbody tr[data-run-id]')
      .evaluateAll((trs) => [...new Set(trs.map((t) => (t as HTMLElement).offsetHeight))]);
    expect(heights).toEqual([60]);
    await scrollToEnd();
    expect((await rowIds()).at(-1)).toBe(runs.ids.at(-200));
    await page.evaluate(() => window.scrollTo(0, 0));

    await page.getByTestId('filter-state').selectOption('failed');
    await expect
      .poll(() => table().getAttribute('data-matched'), { timeout: 10_000 })
      .toBe(String(runs.byState.failed));
    // The filter went to the server; the page never received all 2 000.
    expect(listCalls.some((u) => u.includes('"state":"failed"'))).toBe(true);
    const failedIds = runs.ids.filter((_, i) => (i + 1) % 5 === 0).reverse();
    await expect.poll(async () => (await rowIds())[0], { timeout: 10_000 }).toBe(failedIds[0]);
    const shown = await rowIds();
    expect(shown).toEqual(failedIds.slice(0, shown.length));

    await page.getByTestId('more-runs').click();
    await expect.poll(() => table().getAttribute('data-shown'), { timeout: 10_000 }).toBe('400');
    await scrollToEnd();
    expect((await rowIds()).at(-1)).toBe(failedIds[399]);
    expect(await page.getByTestId('more-runs').count()).toBe(0);

    // Polling: nothing changed, so only the version is asked for, not the list.
    const listsBefore = listCalls.filter((u) => !u.includes('listVersion')).length;
    const versions = () => listCalls.filter((u) => u.includes('listVersion')).length;
    const v0 = versions();
    await expect.poll(versions, { timeout: 10_000 }).toBeGreaterThan(v0 + 1);
    expect(listCalls.filter((u) => !u.includes('listVersion')).length).toBe(listsBefore);
    // A new run (written by another process): the version moves and the list is fetched again.
    const added = await RunJournal.create(join(root, 'run-zz-added', 'run_journal.json'), {
      run_id: 'run-zz-added',
      created_at: new Date(),
    });
    added.setControllerState('finished');
    await added.save();
    await expect.poll(() => table().getAttribute('data-count'), { timeout: 15_000 }).toBe('2001');
    expect([...log.consoleErrors, ...log.pageErrors]).toEqual([]);
  }, 90_000);
});
