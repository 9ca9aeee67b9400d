// The explorer's editor and grid: 100 000 rows virtualized and scrolled, sort, copy,
// CSV export, session state between queries, completion from the catalog, and refusal of
// statements that would download extensions.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOursDb } from '@/test/support/make-memory-db';
import { launchBrowser, type BrowserSession } from '@/test/support/browser';
import { serveFiles } from '@/test/support/routes';
import { startServer, type TestServer } from '@/test/support/server';

const ART = '/api/artifacts/run-20260101-120000/memory/runner/peva_faas.duckdb';
let dir: string;
let srv: TestServer;
let browser: BrowserSession;
let page: Page;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lbweb-explorer-grid-'));
  const file = join(dir, 'ours.duckdb');
  [srv] = await Promise.all([startServer(), makeOursDb(file)]);
  browser = await launchBrowser();
  await serveFiles(browser.context, { [ART]: file });
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: srv.url });
  page = await browser.newPage();
  await page.goto(`${srv.url}/explore?src=${encodeURIComponent(ART)}`);
  await page
    .locator('[data-testid=catalog-item][data-table=execution_events][data-rows="30"]')
    .waitFor({ timeout: 60_000 });
});

afterAll(async () => {
  await browser?.close();
  await srv?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function runSql(sql: string): Promise<string | null> {
  const before = Number(await page.getByTestId('query-status').getAttribute('data-history'));
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(sql);
  await page.keyboard.press('Control+Enter');
  await page
    .locator(`[data-testid=query-status][data-history="${before + 1}"]`)
    .waitFor({ state: 'attached', timeout: 60_000 });
  return page.getByTestId('query-status').getAttribute('data-state');
}
const cells = () => page.locator('[data-testid=results-grid] [role=gridcell]');
const headers = () => page.locator('[data-testid=results-grid] [role=columnheader]');

describe('explorer grid and editor', () => {
  it('shows 100 000 rows virtualized, scrolls to the end, sorts with nulls last', async () => {
    const state = await runSql(
      `SELECT i, i * 2 AS doubled, 'row ' || i AS label, CASE WHEN i % 7 = 0 THEN NULL ELSE i / 4 END AS maybe FROM range(100000) t(i)`,
    );
    expect(state).toBe('done');
    expect(await page.getByTestId('query-status').textContent()).toContain('100,000 rows');
    expect(await page.locator('[data-testid=results-grid]').getAttribute('aria-rowcount')).toBe('100001');
    // Only the rows in view are in the DOM.
    expect(await page.locator('[data-testid=results-grid] [role=row][aria-rowindex]').count()).toBeLessThan(120);

    // Scroll through it frame by frame and end on the last row. The frame rate is printed, not
    // asserted (speed belongs to bench/); virtualization is asserted by the DOM row count above.
    const fps = await page.evaluate(async () => {
      const grid = document.querySelector<HTMLElement>('[data-testid=results-grid]')!;
      const frames: number[] = [];
      const t0 = performance.now();
      while (performance.now() - t0 < 1500) {
        grid.scrollTop += grid.scrollHeight / 90;
        frames.push(await new Promise<number>((r) => requestAnimationFrame(r)));
      }
      grid.scrollTop = grid.scrollHeight;
      return frames.length / ((performance.now() - t0) / 1000);
    });
    console.log(`grid scroll over 100 000 rows: ${fps.toFixed(0)} frames/s`);
    await expect
      .poll(() =>
        page
          .locator('[data-testid=results-grid] [role=row][aria-rowindex="100001"] [role=gridcell]')
          .first()
          .textContent(),
      )
      .toBe('99999');

    await headers().nth(0).click();
    await headers().nth(0).click();
    await expect.poll(() => cells().first().textContent()).toBe('99999');
    expect(await headers().nth(0).getAttribute('aria-sort')).toBe('descending');
    await headers().nth(3).click();
    await expect.poll(() => cells().nth(3).textContent()).toBe('0.25');
    await page.evaluate(() => {
      const grid = document.querySelector<HTMLElement>('[data-testid=results-grid]')!;
      grid.scrollTop = grid.scrollHeight;
    });
    await expect
      .poll(() => page.locator('[role=row][aria-rowindex="100001"] [role=gridcell]').nth(3).textContent())
      .toBe('NULL');
  });

  it('copies a cell and a row, and exports CSV', async () => {
    await runSql(`SELECT 'a,b' AS txt, 1.5 AS num, NULL AS nothing UNION ALL SELECT 'second', 2, 'x'`);
    await cells().nth(0).click();
    await page.getByRole('button', { name: 'Copy cell' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('a,b');
    await page.getByRole('button', { name: 'Copy row' }).click();
    await expect
      .poll(() => page.evaluate(() => navigator.clipboard.readText()))
      .toBe('{"txt":"a,b","num":1.5,"nothing":null}');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toBe('txt,num,nothing\r\n"a,b",1.5,\r\nsecond,2,x\r\n');
  });

  it('keeps session state between queries and completes names from the catalog', async () => {
    expect(await runSql('CREATE TEMP TABLE picked AS SELECT config_id FROM execution_results WHERE rate >= 40')).toBe(
      'done',
    );
    expect(await runSql('SELECT count(*) AS n FROM picked')).toBe('done');
    await expect.poll(() => cells().first().textContent()).toBe('6');

    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type('SELECT * FROM execution_ev', { delay: 20 });
    await expect
      .poll(() => page.locator('.cm-tooltip-autocomplete').textContent(), { timeout: 5_000 })
      .toContain('execution_events');
    await page.keyboard.press('Escape');
  });

  it('replaces a worker stuck in a query that ignores cancel, and keeps the file attached', async () => {
    // An HTTP server that accepts and never answers: DuckDB's synchronous read blocks the
    // worker, so only terminating it can free the page.
    const sockets: Socket[] = [];
    const hole = createServer((s) => void sockets.push(s));
    await new Promise<void>((r) => hole.listen(0, '127.0.0.1', () => r()));
    const port = (hole.address() as { port: number }).port;
    try {
      await page.getByLabel('Query timeout in seconds').fill('3');
      const t0 = Date.now();
      expect(await runSql(`SELECT * FROM read_csv('http://127.0.0.1:${port}/never.csv')`)).toBe('timeout');
      expect(Date.now() - t0).toBeLessThan(6_000);
      await expect
        .poll(() => page.getByTestId('engine-status').getAttribute('data-restarts'), { timeout: 15_000 })
        .toBe('1');
      await page.getByTestId('engine-status').and(page.locator('[data-state=ready]')).waitFor({ timeout: 30_000 });
      console.log(`stuck query: timeout after ${Date.now() - t0} ms incl. engine restart`);
      await page.getByLabel('Query timeout in seconds').fill('15');
      expect(await runSql('SELECT count(*) AS n FROM execution_events')).toBe('done');
      await expect.poll(() => cells().first().textContent()).toBe('30');
    } finally {
      for (const s of sockets) s.destroy();
      hole.close();
    }
  });

  it('refuses statements that would download extensions, with a reason', async () => {
    expect(await runSql('INSTALL json')).toBe('refused');
    expect(await page.getByTestId('query-error').textContent()).toContain('payload_json::VARCHAR');
    expect(await runSql('SET autoload_known_extensions = true')).toBe('refused');
    expect(await runSql('SELECT 1 AS still_fine')).toBe('done');
  });
});
