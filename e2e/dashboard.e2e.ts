// The dashboard as a user meets it (issue 16): a keyboard-only user provisions, starts a run,
// sees it live on the home page (its rate within 2 s of the first metric event), stops it and
// opens it in the explorer; three finished runs draw the capacity trend; and axe finds no
// serious or critical violation on any page, in the light and the dark theme.
import { AxeBuilder } from '@axe-core/playwright';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, trackPage, type BrowserSession } from '@/test/support/browser';
import { processesUnder } from '@/test/support/orphans';
import { blockExternal } from '@/test/support/routes';
import { everyConfigRuns } from '@/test/support/run-files';
import { startServer, type TestServer } from '@/test/support/server';
import { hostsOperation, terminalState, trpcHttp, type TrpcHttp } from '@/test/support/trpc-http';

let root: string;
let srv: TestServer;
let api: TrpcHttp;
let browser: BrowserSession;
let page: Page;
let stoppedRun = '';
const finishedRuns: string[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'lbweb-e2e-dashboard-'));
  srv = await startServer({ outputRoot: join(root, 'runs'), env: { LBWEB_HOSTS_ROOT: join(root, 'hosts') } });
  api = trpcHttp(srv.url);
  browser = await launchBrowser();
  await blockExternal(browser.context, srv.url);
  page = await browser.newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (srv) await hostsOperation(trpcHttp(srv.url), 'destroy', 60_000).catch(() => undefined);
  await srv?.stop();
  expect(processesUnder(root)).toEqual([]);
  rmSync(root, { recursive: true, force: true });
}, 120_000);

interface Target {
  testId?: string;
  /** The element's whole text (trimmed). */
  text?: string;
}

/** Presses Tab until the focused element is the target (as a keyboard user would), or fails. */
async function tabTo(p: Page, target: Target, max = 120): Promise<void> {
  for (let i = 0; i < max; i++) {
    await p.keyboard.press('Tab');
    const hit = await p.evaluate(({ testId, text }) => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return false;
      if (testId && el.getAttribute('data-testid') !== testId) return false;
      if (text && el.textContent?.trim() !== text) return false;
      return true;
    }, target);
    if (hit) return;
  }
  throw new Error(`${JSON.stringify(target)} not reached with ${max} Tab presses`);
}

const firstMetricAt = (runId: string): number | null => {
  const lines = readFileSync(join(srv.outputRoot, runId, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean);
  const e = lines.map((l) => JSON.parse(l) as { type: string; timestamp: number }).find((x) => x.type === 'metric');
  return e ? e.timestamp * 1000 : null;
};

describe('the dashboard, by keyboard and by eye', () => {
  it('keyboard only: provision, start a run, watch it live on the home page, stop it, open it in the explorer', async () => {
    const log = trackPage(page);
    await page.goto(`${srv.url}/hosts`);
    await page.getByTestId('host-table').waitFor({ timeout: 30_000 });
    await tabTo(page, { text: 'Provision' });
    await page.keyboard.press('Enter');
    const op = page.locator('[data-testid=operation][data-kind=provision][data-running=false]');
    await op.waitFor({ timeout: 240_000 });
    expect(await op.getAttribute('data-ok')).toBe('true');

    await page.goto(`${srv.url}/runs/new`);
    await tabTo(page, { testId: 'preset-one-rate-1m' });
    await page.keyboard.press('Enter');
    await tabTo(page, { testId: 'start-run' });
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/runs\/run-\d{8}-\d{6}/, { timeout: 30_000 });
    stoppedRun = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);

    // The home page, opened before the load starts, shows the live rate within 2 s of it.
    const home = await browser.newPage();
    await home.goto(`${srv.url}/`);
    const card = home.locator(`[data-testid=active-run][data-run-id="${stoppedRun}"]`);
    await card.waitFor({ timeout: 30_000 });
    expect(firstMetricAt(stoppedRun)).toBeNull();
    const rate = card.getByTestId('live-rate');
    await home.waitForFunction((el) => Number(el?.getAttribute('data-rps') || 0) > 0, await rate.elementHandle(), {
      timeout: 120_000,
      polling: 50,
    });
    const seenAt = Date.now();
    const first = firstMetricAt(stoppedRun)!;
    console.log(`home page live rate ${seenAt - first} ms after the run's first metric event`);
    expect(seenAt - first).toBeLessThan(2000);
    await home.close();

    // Stop from the run page by keyboard: Stop, then Confirm stop.
    await tabTo(page, { testId: 'stop-button' });
    await page.keyboard.press('Enter');
    await tabTo(page, { text: 'Confirm stop' });
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () => document.querySelector('[data-testid=run-state]')?.getAttribute('data-state') === 'aborted',
      undefined,
      { timeout: 60_000 },
    );
    await page.getByTestId('explore-duckdb').waitFor({ timeout: 30_000 });
    await tabTo(page, { testId: 'explore-duckdb' });
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/explore\?/, { timeout: 30_000 });
    await page.locator('[data-testid=catalog-item][data-table=run_sessions]').first().waitFor({ timeout: 60_000 });
    expect([...log.consoleErrors, ...log.pageErrors]).toEqual([]);
  }, 600_000);

  it('three finished runs draw the capacity trend on the home page, the baseline marked', async () => {
    for (const rates of [[5, 10], [5, 10, 15], [5]]) {
      const { runId } = await api.post<{ runId: string }>('runs.start', {
        config: everyConfigRuns(rates, '3s'),
        provider: 'local',
      });
      expect(await terminalState(api, runId)).toBe('finished');
      finishedRuns.push(runId);
    }
    await api.post('runs.setBaseline', { runId: finishedRuns[0], on: true });
    await page.goto(`${srv.url}/`);
    const trend = page.locator('[data-testid=capacity-trend][data-function=figlet]');
    await trend.waitFor({ timeout: 30_000 });
    const rows = await trend
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((t) => [t.getAttribute('data-run-id'), t.textContent ?? '']));
    for (const id of finishedRuns) expect(rows.map((r) => r[0])).toContain(id);
    expect(rows.find((r) => r[0] === finishedRuns[0])?.[1]).toMatch(/baseline/);
    expect(rows.find((r) => r[0] === finishedRuns[1])?.[1]).toMatch(/15 req\/s/);
    // The chart has a dot per run, and a dot opens its run.
    expect(Number(await trend.getAttribute('data-points'))).toBeGreaterThanOrEqual(3);
  }, 600_000);

  it('axe: no serious or critical violation on any page, light and dark', async () => {
    const [a, b] = finishedRuns;
    const pages = [
      ['/', '[data-testid=capacity-trend]'],
      ['/hosts', '[data-testid=host-table]'],
      ['/runs', '[data-testid=runs-table]'],
      ['/runs/new', '[data-testid=start-run]'],
      [`/runs/${b}`, '[data-testid=artifact-list]'],
      [`/runs/does-not-exist`, 'text=/Run does-not-exist not found/'],
      [`/compare?a=${a}&b=${b}`, '[data-testid=compare-rows]'],
      [
        `/explore?src=${encodeURIComponent(`/api/artifacts/${b}/memory/local-runner/peva_faas.duckdb`)}`,
        '[data-testid=catalog-item]',
      ],
      ['/doctor', '[role=status][data-ready]'],
    ] as const;
    const found: string[] = [];
    for (const theme of ['light', 'dark'] as const) {
      const p = await browser.newPage();
      await p.addInitScript((t) => localStorage.setItem('lbweb-theme', t), theme);
      for (const [path, ready] of pages) {
        await p.goto(`${srv.url}${path}`);
        await p.locator(ready).first().waitFor({ timeout: 60_000 });
        expect(await p.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
        const result = await new AxeBuilder({ page: p }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
        for (const v of result.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
          found.push(
            `${theme} ${path}: ${v.id} (${v.impact}) ${v.nodes
              .map((n) => n.target.join(' '))
              .slice(0, 4)
              .join(' | ')}`,
          );
        }
      }
      await p.close();
    }
    expect(found).toEqual([]);
  }, 600_000);
});
