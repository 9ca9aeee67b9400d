// Comparing and sharing runs in Chromium (issue 12's Done-when): two runs of the same
// configuration where B's function got slower → select both on the runs list → the comparison
// page flags the regression, and `lb-web compare` exits 1 with the same flag; a run against a
// DuckDB file written like lb's; the baseline star and the trash; the report downloaded from the
// run page opens from file:// with no network request.
import { everyConfigRuns } from '@/test/support/run-files';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserSession } from '@/test/support/browser';
import { makeLbDb } from '@/test/support/make-memory-db';
import { REPO_ROOT, type TestServer } from '@/test/support/server';
import { startLocalE2e, stopLocalE2e, type LocalE2e } from '@/test/support/local-e2e';
import { until, type TrpcHttp } from '@/test/support/trpc-http';
import { runCommand } from '@/server/process/run-command';

let session: LocalE2e | undefined;
let root: string;
let srv: TestServer;
let browser: BrowserSession;
let page: Page;
let api: TrpcHttp;

/** cpu-burn busy-loops `ms` per request: B's 300 ms against A's 50 ms is the regression. */
const burn = (ms: number) => ({
  ...everyConfigRuns([3], '6s'),
  functions: [{ name: 'cpu-burn', method: 'POST', body: String(ms) }],
});

async function runToEnd(runId: string, config: unknown): Promise<void> {
  await api.post('runs.start', { config, runId });
  await until(
    `${runId} to end`,
    async () => {
      const r = await api.get<{ state: string | null }>('runs.get', { runId });
      return ['finished', 'aborted', 'failed', 'stop_failed'].includes(r.state ?? '') && r;
    },
    120_000,
    300,
  );
}

beforeAll(async () => {
  session = await startLocalE2e('compare');
  ({ root, srv, api, browser, page } = session);
  await runToEnd('run-fast', burn(50));
  await runToEnd('run-slow', burn(300));
  await runToEnd('run-figlet', everyConfigRuns([10], '4s'));
  // A memory file written as lb writes it (figlet=10 among its configurations), in the output root.
  await makeLbDb(join(root, 'runs', 'lb-peva_faas.duckdb'));
}, 600_000);

afterAll(() => stopLocalE2e(session ?? {}), 120_000);

describe('compare and share runs', () => {
  it('two runs selected on the runs list: the comparison flags the slower one as a regression', async () => {
    await page.goto(`${srv.url}/runs`);
    for (const id of ['run-fast', 'run-slow'])
      await page.locator(`tr[data-run-id="${id}"] [data-testid=select-run]`).check();
    await page.getByTestId('compare-selected').click();
    await page.waitForURL(/\/compare\?a=run-fast&b=run-slow/, { timeout: 15_000 });
    const summary = page.getByTestId('compare-summary');
    await summary.waitFor({ timeout: 60_000 });
    expect(await summary.getAttribute('data-regressions')).toBe('1');
    const row = page.locator('[data-testid=compare-row][data-label="cpu-burn=3"]');
    expect(await row.getAttribute('data-flag')).toBe('regression');
    expect(await row.locator('td[data-metric=p95_ms]').getAttribute('data-flag')).toBe('regression');
    expect(await row.locator('td[data-metric=p95_ms]').textContent()).toMatch(/^[\d.]+ → [\d.]+ \(\+\d+\.\d %\)$/);
  }, 120_000);

  it('lb-web compare on the same pair exits 1 and prints the same flag', async () => {
    const r = await runCommand(
      [
        process.execPath,
        join(REPO_ROOT, 'bin', 'lb-web.mjs'),
        'compare',
        'run-fast',
        'run-slow',
        '--output',
        srv.outputRoot,
      ],
      { cwd: root, timeoutMs: 60_000 },
    );
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^cpu-burn=3 +cpu-burn +REGRESSION +p95 /m);
    expect(r.stdout).toMatch(/1 regression\(s\), 0 improvement\(s\) beyond 10 %/);
  }, 90_000);

  it('a run against a DuckDB file lb wrote compares the configuration both hold', async () => {
    await page.goto(`${srv.url}/compare?a=lb-peva_faas.duckdb&b=run-figlet`);
    await page.getByTestId('compare-summary').waitFor({ timeout: 60_000 });
    const row = page.locator('[data-testid=compare-row][data-label="figlet=10"]');
    expect(['same', 'regression', 'improvement']).toContain(await row.getAttribute('data-flag'));
    expect(await page.getByTestId('side-a').textContent()).toContain('lb-peva_faas.duckdb');
    // The rest of lb's sweep is listed as only in A.
    expect(await page.getByTestId('only-a').textContent()).toMatch(/^Only in A: /);
  }, 90_000);

  it('a baseline starred on the runs list is what "vs baseline" compares with; a deleted run goes to the trash', async () => {
    await page.goto(`${srv.url}/runs`);
    const fast = page.locator('tr[data-run-id="run-fast"]');
    await fast.getByTestId('baseline-toggle').click();
    await page.locator('tr[data-run-id="run-fast"] [data-testid=baseline-toggle][data-on=true]').waitFor();
    await page.locator('tr[data-run-id="run-slow"] a', { hasText: 'vs baseline' }).click();
    await page.waitForURL(/\/compare\?b=run-slow$/);
    await page.getByTestId('compare-summary').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('side-a').textContent()).toMatch(/run-fast.*the baseline of this workload/);

    await page.goto(`${srv.url}/runs`);
    await page.locator('tr[data-run-id="run-figlet"] [data-testid=delete-run]').click();
    await page.locator('tr[data-run-id="run-figlet"] [data-testid=confirm-delete]').click();
    await page.getByTestId('trash').waitFor({ timeout: 15_000 });
    expect(await page.locator('tr[data-run-id="run-figlet"]').count()).toBe(0);
    expect(statSync(join(srv.outputRoot, '.lbweb', 'trash')).isDirectory()).toBe(true);
  }, 90_000);

  it('the report downloaded from the run page opens from file:// with no network request', async () => {
    await page.goto(`${srv.url}/runs/run-slow`);
    await page.getByTestId('results-table').waitFor({ timeout: 30_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('run-report').click()]);
    const file = join(root, 'report.html');
    await download.saveAs(file);
    expect(statSync(file).size).toBeLessThan(1024 * 1024);

    const viewer = await browser.newPage();
    const requests: string[] = [];
    viewer.on('request', (r) => requests.push(r.url()));
    await viewer.goto(`file://${file}`);
    expect(requests).toEqual([`file://${file}`]);
    expect(await viewer.locator('#outcome').getAttribute('data-outcome')).toBe('passed');
    expect(await viewer.locator('#capacity li').first().textContent()).toMatch(/^cpu-burn: 3 req\/s/);
    expect(await viewer.locator('#results tbody tr').count()).toBe(1);
    expect(readFileSync(file, 'utf8')).not.toMatch(/<script/i);
    await viewer.close();
  }, 90_000);
});
