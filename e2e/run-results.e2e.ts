// What a run found, as an engineer reads it in Chromium (issue 11's Done-when): a run with a
// threshold that holds at the lower rate and fails at the higher shows ✓ then ✗, the capacity
// line and the outcome `thresholds failed` (page and runs list), with a chart marker per
// configuration; a rerun of that sweep is flagged by the pre-flight as all already in memory;
// a stopped run lists the configuration it interrupted with its live figures.
import { everyConfigRuns } from '@/test/support/run-files';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackPage, type PageLog } from '@/test/support/browser';
import type { TestServer } from '@/test/support/server';
import { startLocalE2e, stopLocalE2e, type LocalE2e } from '@/test/support/local-e2e';
import { trpcHttp } from '@/test/support/trpc-http';

let session: LocalE2e | undefined;
let srv: TestServer;
let page: Page;
let pageLog: PageLog;

// cpu-burn busy-loops 100 ms per request on one replica: 3 req/s keeps p95 near 100 ms, 20 req/s
// needs 2 s of CPU per second, so its queue (and p95) grows far past 1.5 s.
const burn = { ...everyConfigRuns([3, 20], '8s'), functions: [{ name: 'cpu-burn', method: 'POST', body: '100' }] };
const LIMITS = { 'cpu-burn': { p95_ms: 1500 } };

/** The New-run form with `config` imported through its JSON box and `thresholds` typed in. */
async function fillForm(config: unknown, thresholds?: unknown): Promise<void> {
  await page.goto(`${srv.url}/runs/new`);
  await page.locator('[data-testid=json-panel] > summary').click();
  await page.locator('#import-json').fill(JSON.stringify(config));
  await page.getByRole('button', { name: 'Import into the form' }).click();
  if (thresholds) {
    await page.locator('details:has([data-testid=thresholds-input]) > summary').click();
    await page.getByTestId('thresholds-input').fill(JSON.stringify(thresholds));
  }
}

const outcomeOf = (p: Page) => p.getByTestId('run-outcome').getAttribute('data-outcome');

beforeAll(async () => {
  session = await startLocalE2e('results');
  ({ srv, page } = session);
  pageLog = trackPage(page);
}, 240_000);

afterAll(() => stopLocalE2e(session ?? {}), 120_000);

describe('what the run found, in the browser', () => {
  let thresholdsRunId: string;

  it('thresholds that hold at 3 req/s and fail at 20: ✓ then ✗, capacity, outcome, a marker per configuration', async () => {
    await fillForm(burn, LIMITS);
    await page.getByTestId('start-run').click();
    await page.waitForURL(/\/runs\/run-\d{8}-\d{6}/, { timeout: 60_000 });
    thresholdsRunId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);

    await page.locator('[data-testid=run-outcome]').waitFor({ timeout: 180_000 });
    expect(await outcomeOf(page)).toBe('thresholds_failed');
    expect(await page.getByTestId('run-outcome').textContent()).toBe('thresholds failed');
    const rows = await page.$$eval('[data-testid=result-row][data-kind=result]', (els) =>
      els.map((e) => ({ verdict: e.getAttribute('data-verdict'), text: e.textContent ?? '' })),
    );
    expect(rows.map((r) => r.verdict)).toEqual(['pass', 'fail']);
    expect(rows[0]!.text).toContain('cpu-burn=3');
    expect(rows[1]!.text).toMatch(/cpu-burn=20.*p95 [\d.]+ ms > 1500 ms/);
    expect(await page.getByTestId('capacity-line').textContent()).toMatch(
      /^cpu-burn: 3 req\/s \(fails at 20: p95 [\d.]+ ms > 1500 ms/,
    );
    expect(await page.getByTestId('chart-rps').getAttribute('data-markers')).toBe('2');

    await page.goto(`${srv.url}/runs`);
    const row = page.locator(`[data-testid=runs-table] tr[data-run-id="${thresholdsRunId}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.getByTestId('run-outcome').getAttribute('data-outcome')).toBe('thresholds_failed');
    expect(await row.getByTestId('run-capacity').textContent()).toMatch(/^cpu-burn: 3 req\/s \(fails at 20/);
  }, 240_000);

  it('the pre-flight of the same sweep, memory kept, says all 2 are already in memory and asks before starting', async () => {
    await fillForm({ ...burn, memory: { fresh: false } });
    await page.getByTestId('start-run').click();
    const warnings = page.getByTestId('preflight-warnings');
    await warnings.waitFor({ timeout: 60_000 });
    expect(await warnings.textContent()).toContain(
      "all 2 configurations are already in the runner's memory: nothing would run",
    );
    expect(await page.getByTestId('preflight').getAttribute('data-to-run')).toBe('0');
    expect(await page.getByTestId('start-anyway').isVisible()).toBe(true);
    // Nothing started: still on the form, and the runs list holds only the first run.
    expect(new URL(page.url()).pathname).toBe('/runs/new');
    const { runs } = await trpcHttp(srv.url).get<{ runs: unknown[] }>('runs.list');
    expect(runs).toHaveLength(1);
  }, 120_000);

  it('a stopped run lists the configuration it interrupted, with its live figures', async () => {
    const api = trpcHttp(srv.url);
    const { runId } = await api.post<{ runId: string }>('runs.start', {
      config: everyConfigRuns([5], '1m'),
      runId: 'run-stopped',
    });
    await page.goto(`${srv.url}/runs/${runId}`);
    // A few seconds of load, so the live figures have something to say.
    await expect
      .poll(() => page.locator('[data-testid=event-log] [data-type=metric]').count(), { timeout: 120_000 })
      .toBeGreaterThanOrEqual(3);
    await page.getByTestId('stop-button').click();
    await page.getByRole('button', { name: 'Confirm stop' }).click();
    await page.locator('[data-testid=run-outcome][data-outcome=partial]').waitFor({ timeout: 30_000 });
    const interrupted = page.locator('[data-testid=result-row][data-kind=interrupted]');
    await interrupted.waitFor({ timeout: 15_000 });
    const text = (await interrupted.textContent()) ?? '';
    expect(text).toMatch(/interrupted at \d+ s — not recorded \(live figures: [\d.]+ req\/s\)/);
    expect(text).toContain('figlet');
    // Its requests so far are the live count, not zero.
    const requests = await interrupted.locator('td').nth(4).textContent();
    expect(Number(requests)).toBeGreaterThan(0);
    expect(pageLog.pageErrors).toEqual([]);
  }, 180_000);
});
