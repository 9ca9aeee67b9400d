// The DuckDB explorer in Debian's headless Chromium against `next start`: memory files
// written by our store and the way lb writes them, broken files, offline JSON functions,
// timeout/cancel, comparison, and no duckdb-wasm code on other pages.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAllFixtures, type FixturePaths } from '@/test/support/make-memory-db';
import { launchBrowser, trackPage, type BrowserSession } from '@/test/support/browser';
import { blockExternal, serveFiles } from '@/test/support/routes';
import { startServer, type TestServer } from '@/test/support/server';

const ART = {
  ours: '/api/artifacts/run-20260101-120000/memory/runner/peva_faas.duckdb',
  oursB: '/api/artifacts/run-20260103-120000/memory/runner/peva_faas.duckdb',
  lb: '/api/artifacts/run-20260102-080000/memory/runner/peva_faas.duckdb',
};
const LB_TABLES = [
  'memory_schema_meta',
  'run_sessions',
  'config_catalog',
  'execution_events',
  'k6_raw_summaries',
  'policy_updates',
];
const CONFIGS = 10;

let dir: string;
let fx: FixturePaths;
let srv: TestServer;
let browser: BrowserSession;
let blocked: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lbweb-explorer-e2e-'));
  [fx, srv] = await Promise.all([makeAllFixtures(dir), startServer()]);
  browser = await launchBrowser();
  // The main file comes through the real artifact route (a run's fetched memory file in the
  // output root); the others through browser routing, which needs no server state.
  const oursTarget = join(srv.outputRoot, ART.ours.replace('/api/artifacts/', ''));
  mkdirSync(dirname(oursTarget), { recursive: true });
  copyFileSync(fx.ours, oursTarget);
  await serveFiles(browser.context, { [ART.oursB]: fx.oursB, [ART.lb]: fx.lb });
  // Offline like a user without internet: nothing may leave our origin (extensions included).
  blocked = await blockExternal(browser.context, srv.url);
});

afterAll(async () => {
  await browser?.close();
  await srv?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const explore = (params: Record<string, string>) => `${srv.url}/explore?${new URLSearchParams(params).toString()}`;

async function catalogRows(page: Page, catalog: string, table: string): Promise<number> {
  const item = page.locator(`[data-testid=catalog-item][data-catalog=${catalog}][data-table=${table}]`);
  await expect
    .poll(async () => Number((await item.getAttribute('data-rows', { timeout: 60_000 })) || 0), { timeout: 60_000 })
    .toBeGreaterThan(0);
  return Number(await item.getAttribute('data-rows'));
}

async function runSql(page: Page, sql: string): Promise<void> {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(sql);
  await page.keyboard.press('Control+Enter');
}

async function expectQueryUsable(page: Page): Promise<void> {
  await runSql(page, 'SELECT 40 + 2 AS answer');
  await expect
    .poll(() => page.locator('[data-testid=results-grid] [role=gridcell]').first().textContent(), { timeout: 20_000 })
    .toBe('42');
}

async function dropFile(page: Page, name: string, bytes: Buffer): Promise<void> {
  await page.evaluate(
    ({ name, b64 }) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([data], name));
      const target = document.querySelector('[data-testid=explorer]')!;
      target.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: dt }));
      target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
    },
    { name, b64: bytes.toString('base64') },
  );
}

describe('explorer', () => {
  let page: Page;

  it('opens a run file from ?src=: catalog with row counts, a query in the grid, a chart point per configuration', async () => {
    page = await browser.newPage();
    const log = trackPage(page);
    await page.goto(explore({ src: ART.ours }));
    expect(await catalogRows(page, 'run', 'execution_events')).toBe(CONFIGS * 3);
    for (const t of [...LB_TABLES, 'execution_results']) {
      await expect
        .poll(() => page.locator(`[data-testid=catalog-item][data-catalog=run][data-table=${t}]`).count())
        .toBe(1);
    }
    // Bundles came from our origin.
    expect(log.requests.some((r) => r.url().startsWith(`${srv.url}/duckdb/duckdb-`))).toBe(true);

    // Click → preview; then a typed query.
    await page.locator('[data-testid=catalog-item][data-table=config_catalog] button[title="Preview rows"]').click();
    await expect
      .poll(() => page.locator('[data-testid=results-grid] [role=row][aria-rowindex]').count(), { timeout: 20_000 })
      .toBe(CONFIGS);
    await runSql(page, 'SELECT count(*) AS n, count(DISTINCT config_id) AS configs FROM execution_events');
    await expect
      .poll(() => page.locator('[data-testid=results-grid] [role=gridcell]').allTextContents(), { timeout: 20_000 })
      .toEqual([String(CONFIGS * 3), String(CONFIGS)]);
    await expect.poll(() => page.locator('[data-testid=history-entry]').count()).toBeGreaterThanOrEqual(2);

    await page.getByRole('tab', { name: 'PEVA views' }).click();
    const cpu = page.locator('[data-testid=chart-cpu]');
    await expect.poll(() => cpu.getAttribute('data-points'), { timeout: 30_000 }).toBe(String(CONFIGS));
    // recharts draws the symbols a frame after the data lands.
    await expect.poll(() => cpu.locator('.recharts-scatter-symbol').count(), { timeout: 10_000 }).toBe(CONFIGS);
    expect(await page.locator('[data-testid=results-origin]').textContent()).toBe('typed table');
    expect(await page.locator('[data-testid=summary-A] [data-testid=configurations]').textContent()).toBe(
      String(CONFIGS),
    );
    expect(await page.locator('[data-testid=summary-A] [data-testid=sessions]').textContent()).toContain(
      'run-20260101-120000: finished',
    );
    expect(Number(await page.locator('[data-testid=chart-latency]').getAttribute('data-points'))).toBe(12);
    expect(log.pageErrors).toEqual([]);
  });

  it('shows a JSON cell pretty-printed with its bare NaN', async () => {
    await page.getByRole('tab', { name: 'SQL' }).click();
    await runSql(page, 'SELECT \'{"cpu_usage_node": NaN, "ok": [1]}\' AS payload');
    await page.locator('[data-testid=results-grid] [role=gridcell]').first().click();
    await expect
      .poll(() => page.locator('[data-testid=cell-detail-text]').textContent())
      .toBe('{\n  "cpu_usage_node": NaN,\n  "ok": [\n    1\n  ]\n}');
  });

  it('ends a JSON-function query offline within its timeout, and Cancel stops a long query', async () => {
    const t0 = Date.now();
    await runSql(page, `SELECT json_extract('{"a": 1}', '$.a') AS a`);
    await expect.poll(() => page.locator('[data-testid=query-error]').isVisible(), { timeout: 20_000 }).toBe(true);
    expect(Date.now() - t0).toBeLessThan(16_000);
    expect(await page.locator('[data-testid=query-error]').textContent()).toMatch(/json/i);

    // (count(*) over range(1e10) is answered in ~1.5 s by DuckDB 1.4; hashing every row is not.)
    await page.getByLabel('Query timeout in seconds').fill('120');
    await runSql(page, 'SELECT sum(hash(i)) FROM range(10000000000) t(i)');
    await expect.poll(() => page.locator('[data-testid=query-status]').getAttribute('data-state')).toBe('running');
    await page.waitForTimeout(500);
    const c0 = Date.now();
    await page.getByTestId('cancel-query').click();
    await expect
      .poll(() => page.locator('[data-testid=query-error]').getAttribute('data-kind'), { timeout: 5_000 })
      .toBe('cancelled');
    expect(Date.now() - c0).toBeLessThan(3_000);
    await expectQueryUsable(page);
    // DuckDB's own interrupt stopped it: the worker did not have to be replaced.
    expect(await page.getByTestId('engine-status').getAttribute('data-restarts')).toBe('0');

    // The timeout path ends the same long query by itself.
    await page.getByLabel('Query timeout in seconds').fill('2');
    const t1 = Date.now();
    await runSql(page, 'SELECT sum(hash(i)) FROM range(10000000000) t(i)');
    await expect
      .poll(() => page.locator('[data-testid=query-error]').getAttribute('data-kind'), { timeout: 10_000 })
      .toBe('timeout');
    expect(Date.now() - t1).toBeLessThan(6_000);
    await page.getByLabel('Query timeout in seconds').fill('15');
    await expectQueryUsable(page);
  });

  it('explains a text file, an empty file and a DuckDB 2.x file, and stays usable', async () => {
    await dropFile(page, 'notes.duckdb', readFileSync(fx.text));
    const msg = page.getByTestId('file-message-run');
    await expect.poll(() => msg.textContent(), { timeout: 10_000 }).toContain('notes.duckdb is not a DuckDB database');
    expect(await msg.textContent()).toContain('a text file');
    await expectQueryUsable(page);

    await page.getByTestId('file-input-run').setInputFiles(fx.empty);
    await expect.poll(() => msg.textContent(), { timeout: 10_000 }).toContain('empty.duckdb is empty (0 bytes)');
    await expectQueryUsable(page);

    await page.getByTestId('file-input-run').setInputFiles(fx.v999);
    await expect.poll(() => msg.textContent(), { timeout: 10_000 }).toContain('DuckDB 2.x');
    expect(await msg.textContent()).toMatch(/export/i);
    await expectQueryUsable(page);

    // A good file picked from disk (read lazily through a file handle) still opens.
    await page.getByTestId('file-input-run').setInputFiles(fx.ours);
    expect(await catalogRows(page, 'run', 'execution_events')).toBe(CONFIGS * 3);
  });

  it('shows the PEVA views of a file written the way lb writes it (no typed table, NaN in payload_json)', async () => {
    const p = await browser.newPage();
    await p.goto(explore({ src: ART.lb }));
    expect(await catalogRows(p, 'run', 'execution_events')).toBe(CONFIGS * 3);
    expect(await p.locator('[data-testid=catalog-item][data-table=execution_results]').count()).toBe(0);
    await p.getByRole('tab', { name: 'PEVA views' }).click();
    await expect
      .poll(() => p.locator('[data-testid=chart-cpu]').getAttribute('data-points'), { timeout: 30_000 })
      .toBe(String(CONFIGS));
    expect(await p.locator('[data-testid=results-origin]').textContent()).toContain('payload_json');
    expect(Number(await p.locator('[data-testid=chart-latency]').getAttribute('data-points'))).toBe(12);
    expect(Number(await p.locator('[data-testid=chart-success]').getAttribute('data-points'))).toBe(12);
    expect(await p.locator('[data-testid=config-table-A] [data-testid=config-row]').count()).toBe(12);
    await p.close();
  });

  it('compares two files in one chart', async () => {
    const p = await browser.newPage();
    await p.goto(explore({ src: ART.ours, compare: ART.oursB }));
    await catalogRows(p, 'cmp', 'execution_events');
    await p.getByRole('tab', { name: 'PEVA views' }).click();
    const cpu = p.locator('[data-testid=chart-cpu]');
    await expect.poll(() => cpu.getAttribute('data-points'), { timeout: 30_000 }).toBe(String(2 * CONFIGS));
    expect(await cpu.getAttribute('data-series')).toBe('2');
    expect(await p.locator('[data-testid=chart-cpu] .recharts-legend-item').allTextContents()).toEqual([
      'A · node CPU',
      'B · node CPU',
    ]);
    await p.close();
  });

  it('loads no duckdb-wasm code on the dashboard pages', async () => {
    for (const path of ['/', '/hosts', '/runs', '/runs/new']) {
      const p = await browser.newPage();
      const pending: Array<Promise<string>> = [];
      const urls: string[] = [];
      p.on('response', (r) => {
        urls.push(r.url());
        if (/\.m?js(\?|$)/.test(r.url())) pending.push(r.text().catch(() => ''));
      });
      const res = await p.goto(`${srv.url}${path}`, { waitUntil: 'networkidle' });
      const bodies = await Promise.all(pending);
      await p.close();
      if (path !== '/' && res?.status() === 404) continue; // page not built yet
      expect(
        urls.filter((u) => /duckdb/i.test(u)),
        path,
      ).toEqual([]);
      expect(bodies.length, path).toBeGreaterThan(0);
      // Markers of the duckdb-wasm bundle (its class and worker names), not our own code.
      expect(
        bodies.filter((b) => /AsyncDuckDB|duckdb-browser|selectBundle/.test(b)),
        path,
      ).toEqual([]);
    }
    expect(blocked).toEqual([]);
  });
});
