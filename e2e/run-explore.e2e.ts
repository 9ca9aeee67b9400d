// From a finished run's page, "Explore DuckDB" opens the run's fetched memory file in the
// browser: the catalog lists lb's tables with row counts, a query fills the grid, and the
// PEVA chart has one point per configuration.
import { everyConfigRuns } from '@/test/support/run-files';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserSession } from '@/test/support/browser';
import { startServer, type TestServer } from '@/test/support/server';
import { hostsOperation, terminalState, trpcHttp } from '@/test/support/trpc-http';
import { descendantsOf, isPidAlive } from '@/server/process/proc-tree';

let srv: TestServer;
let browser: BrowserSession;
let hostsRoot: string;
const serverTree = new Set<number>();

beforeAll(async () => {
  hostsRoot = mkdtempSync(join(tmpdir(), 'lbweb-e2e-explore-hosts-'));
  srv = await startServer({ env: { LBWEB_HOSTS_ROOT: hostsRoot } });
  browser = await launchBrowser();
});

afterAll(async () => {
  if (srv) {
    for (const p of descendantsOf(srv.proc.pid)) serverTree.add(p.pid);
    await hostsOperation(trpcHttp(srv.url), 'destroy').catch(() => undefined);
  }
  await browser?.close();
  await srv?.stop();
  if (hostsRoot) rmSync(hostsRoot, { recursive: true, force: true });
  expect([...serverTree].filter(isPidAlive)).toEqual([]);
});

describe('explore a finished run', () => {
  it('opens the run DuckDB file from the run page: catalog, query, one chart point per configuration', async () => {
    // Both configurations must run whatever else loads the machine (lb's CPU rule would let the
    // first one dominate the second on a busy box): this test is about exploring, not overload.
    const config = everyConfigRuns([4, 8], '3s');
    const trpc = trpcHttp(srv.url);
    const { runId } = await trpc.post<{ runId: string }>('runs.start', { config, provider: 'local' });
    expect(await terminalState(trpc, runId)).toBe('finished');

    const page = await browser.newPage();
    await page.goto(`${srv.url}/runs/${runId}`);
    await page.getByTestId('explore-duckdb').click();
    await page.waitForURL(/\/explore\?/, { timeout: 30_000 });

    const events = page.locator('[data-testid=catalog-item][data-table=execution_events]').first();
    await expect
      .poll(async () => Number((await events.getAttribute('data-rows', { timeout: 60_000 })) || 0), { timeout: 60_000 })
      .toBe(2);
    for (const table of [
      'memory_schema_meta',
      'run_sessions',
      'config_catalog',
      'k6_raw_summaries',
      'policy_updates',
      'execution_results',
    ]) {
      await page.locator(`[data-testid=catalog-item][data-table=${table}]`).first().waitFor({ timeout: 30_000 });
    }

    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(`SELECT status FROM run_sessions WHERE run_id = '${runId}'`);
    await page.keyboard.press('Control+Enter');
    await expect
      .poll(() => page.locator('[data-testid=results-grid] [role=gridcell]').first().textContent(), { timeout: 20_000 })
      .toBe('finished');

    await page.getByRole('tab', { name: 'PEVA views' }).click();
    await expect
      .poll(() => page.locator('[data-testid=chart-cpu]').getAttribute('data-points'), { timeout: 30_000 })
      .toBe('2');
    expect(await page.locator('[data-testid=results-origin]').textContent()).toBe('typed table');
    // The README's explorer screenshot is refreshed on request only (test runs leave the tree clean).
    if (process.env.LBWEB_UPDATE_SCREENSHOT)
      await page.screenshot({ path: join(process.cwd(), 'docs', 'screenshot-explore.png') });
  }, 240_000);
});
