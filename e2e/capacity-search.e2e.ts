// The capacity search in Chromium (issue 19): a capacity-search run on the local provider whose
// page shows the search as it goes — the rate being tried, then per line the tried rates with
// their verdict, the bracket [highest passing, lowest failing] after each, and the capacity once
// bracketed — and whose HTML report holds the same section. cpu-burn busy-loops 200 ms per
// request in one worker (~5 req/s), so the run's p95 limit of 400 ms puts its capacity inside
// the 1–10 req/s range (as in server/runs/capacity-search.int.test.ts).
import { everyConfigRuns } from '@/test/support/run-files';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAPACITY_SEARCH_ENTRYPOINT } from '@/lib/contract/policy-settings';
import { trackPage, type PageLog } from '@/test/support/browser';
import { startLocalE2e, stopLocalE2e, type LocalE2e } from '@/test/support/local-e2e';

let session: LocalE2e | undefined;
let page: Page;
let pageLog: PageLog;

const config = {
  ...everyConfigRuns([], '4s'),
  functions: [{ name: 'cpu-burn', method: 'POST', body: '200' }],
  rate_strategy: { type: 'linear', min_rate: 0, max_rate: 10, step: 1 },
  algorithm_entrypoint: CAPACITY_SEARCH_ENTRYPOINT,
};
const thresholds = { 'cpu-burn': { p95_ms: 400 } };

beforeAll(async () => {
  session = await startLocalE2e('capsearch');
  page = session.page;
  pageLog = trackPage(page);
}, 240_000);

afterAll(() => stopLocalE2e(session ?? {}), 120_000);

describe('capacity search, in the browser', () => {
  it('the run page shows the rate being tried, the tried rates by verdict, the bracket narrowing and the capacity', async () => {
    const { srv, api } = session!;
    const { runId } = await api.post<{ runId: string }>('runs.start', { config, thresholds, runId: 'run-capsearch' });
    await page.goto(`${srv.url}/runs/${runId}`);

    // As it goes: the first probe is the middle of the 1–10 range, shown before its verdict.
    const trying = page.getByTestId('search-trying');
    await trying.waitFor({ timeout: 120_000 });
    expect(await trying.textContent()).toMatch(/trying \d+ req\/s now/);

    await page.locator('[data-testid=capacity-search][data-done=true]').waitFor({ timeout: 300_000 });
    await page.locator('[data-testid=run-outcome]').waitFor({ timeout: 60_000 });
    const line = page.getByTestId('search-line');
    expect(await line.count()).toBe(1);
    expect(await line.getAttribute('data-function')).toBe('cpu-burn');
    expect(await line.getAttribute('data-bracketed')).toBe('true');
    const capacity = Number(await line.getAttribute('data-capacity'));
    const failsAt = Number(await line.getAttribute('data-fails-at'));
    // The p95 limit bites inside the range, and the bracket is one rate step wide at most.
    expect(capacity).toBeGreaterThanOrEqual(1);
    expect(failsAt).toBeGreaterThan(capacity);
    expect(failsAt - capacity).toBeLessThanOrEqual(2);
    expect(await line.getByTestId('search-bracket').textContent()).toBe(
      `capacity ${capacity} req/s (fails at ${failsAt})`,
    );

    // Every tried rate is a point on the strip and a row of the table, with its verdict.
    const points = await page.$$eval('[data-testid=search-point]', (els) =>
      els.map((e) => [Number(e.getAttribute('data-rate')), e.getAttribute('data-verdict')] as const),
    );
    const steps = await page.$$eval('[data-testid=search-step]', (els) =>
      els.map((e) => [Number(e.getAttribute('data-rate')), e.getAttribute('data-verdict')] as const),
    );
    expect(steps).toEqual(points);
    expect(steps.length).toBeGreaterThanOrEqual(2);
    expect(steps.length).toBeLessThan(10); // fewer than the grid's 10 configurations
    expect(steps[0]![0]).toBe(5); // bisection starts in the middle
    expect(steps.some(([r, v]) => r === capacity && v === 'passed')).toBe(true);
    expect(steps.some(([r, v]) => r === failsAt && v !== 'passed')).toBe(true);
    // The bracket column narrows to the final one.
    const brackets = await page.$$eval('[data-testid=search-step] td:nth-child(5)', (els) =>
      els.map((e) => e.textContent),
    );
    expect(brackets.at(-1)).toBe(`[${capacity}, ${failsAt}]`);
    expect(await page.locator('[data-testid=search-band]').count()).toBe(1);
    // The results panel's capacity (from the result rows) is the search's.
    expect(await page.getByTestId('capacity-line').textContent()).toMatch(
      new RegExp(`^cpu-burn: ${capacity} req/s \\(fails at ${failsAt}`),
    );

    // A reload starts from the server's digest (series.json): the same search, no replay.
    await page.reload();
    await page.locator('[data-testid=capacity-search][data-done=true]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid=search-step]').count()).toBe(steps.length);

    // The report holds the same section.
    const report = await fetch(`${srv.url}/api/report?ref=${runId}`);
    expect(report.status).toBe(200);
    const html = await report.text();
    expect(html).toContain('<h2>Capacity search</h2>');
    expect(html).toContain(
      `data-line="cpu-burn|" data-capacity="${capacity}" data-fails-at="${failsAt}" data-bracketed="true"`,
    );
    expect(html.match(/<g data-rate=/g)).toHaveLength(steps.length);
    expect(pageLog.pageErrors).toEqual([]);
  }, 420_000);
});
