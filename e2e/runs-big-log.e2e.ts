// A run with 10 000 events (a finished run read from its events.jsonl) must not kill the run
// page: it opens from the snapshot (its newest 500 events, the counts of all), the DOM holds a
// capped number of rows, and the level filter and search (over the whole run: the older events
// through the server), raw mode and "show older" stay responsive.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROW_PX } from '@/components/run-monitor/log-window';
import { RunJournal } from '@/server/runs/run-journal';
import { launchBrowser, trackPage, type BrowserSession } from '@/test/support/browser';
import { startServer, type TestServer } from '@/test/support/server';
import { logEnds, logRowCount } from '@/test/support/event-log';

const RUN_ID = 'run-20260101-000000';
const N = 10_000;

let srv: TestServer;
let browser: BrowserSession;

function storedLine(seq: number): string {
  const t = 1_767_225_600 + seq / 100;
  const metric = seq % 10 === 0;
  const e = {
    run_id: RUN_ID,
    host: seq % 3 === 0 ? 'controller' : 'local-runner',
    workload: 'peva_faas',
    repetition: 1,
    total_repetitions: 1,
    status: 'running',
    message: metric ? '' : `line ${seq} of the big log`,
    timestamp: t,
    type: metric ? 'metric' : 'log',
    level: seq % 500 === 0 ? 'ERROR' : seq % 50 === 0 ? 'WARNING' : 'INFO',
    phase: 'load',
    config_id: 'abcdefabcdef',
    iteration: 1 + Math.floor(seq / 1000),
    ...(seq === 5001
      ? {
          level: 'WARNING',
          message: 'malformed LB_EVENT line skipped: payload is not valid JSON',
          data: { malformed: { line: 'LB_EVENT {"run_id":', reason: 'payload is not valid JSON' } },
        }
      : {}),
    ...(metric
      ? {
          data: {
            t,
            functions: { figlet: { rps: 10 + (seq % 7), successRate: 1, p50: 4, p95: 9, requests: seq, errors: 0 } },
          },
        }
      : {}),
  };
  return JSON.stringify({ ...e, seq });
}

beforeAll(async () => {
  srv = await startServer();
  const dir = join(srv.outputRoot, RUN_ID);
  const journal = await RunJournal.create(join(dir, 'run_journal.json'), {
    run_id: RUN_ID,
    config_dump: {},
    controller_state: 'init',
  });
  journal.setControllerState('aborted');
  await journal.save();
  const last = JSON.stringify({
    run_id: RUN_ID,
    host: 'controller',
    workload: 'peva_faas',
    repetition: 1,
    total_repetitions: 1,
    status: 'stopped',
    message: 'run aborted',
    timestamp: 1_767_225_800,
    type: 'status',
    level: 'INFO',
    phase: 'end',
    data: { controller_state: 'aborted' },
    seq: N,
  });
  writeFileSync(
    join(dir, 'events.jsonl'),
    Array.from({ length: N - 1 }, (_, i) => storedLine(i + 1)).join('\n') + '\n' + last + '\n',
  );
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await srv?.stop();
});

/** The SSE replay without a browser: how much of the page's load time is the server's. */
async function replaySeconds(): Promise<number> {
  const t0 = Date.now();
  const res = await fetch(
    `${srv.url}/api/trpc/runs.events?input=${encodeURIComponent(JSON.stringify({ runId: RUN_ID }))}`,
  );
  const text = await res.text(); // the stream ends after the run's last event
  expect(text.split('\nid: ').length - 1).toBeGreaterThanOrEqual(N - 1);
  return (Date.now() - t0) / 1000;
}

describe('run page with 10k events', () => {
  it("opens with the run's newest events, a capped DOM, and stays responsive", async () => {
    const page = await browser.newPage();
    const log = trackPage(page);
    const t0 = Date.now();
    await page.goto(`${srv.url}/runs/${RUN_ID}`);
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid=event-counts]')?.getAttribute('data-total') === String(n),
      N,
      { timeout: 30_000 },
    );
    const loadS = (Date.now() - t0) / 1000;
    expect(await page.getByTestId('run-state').getAttribute('data-state')).toBe('aborted');
    const rows = () => logRowCount(page);
    expect(await rows()).toBe(500);
    // Only the rows around the view are drawn, however many the log holds.
    expect(await page.locator('[data-testid=event-log] [data-seq]').count()).toBeLessThan(100);
    // seq 5001, far from the events the browser holds, is still counted.
    expect(await page.getByTestId('malformed-count').textContent()).toBe('1 malformed');
    expect(await page.locator('[data-testid=event-log] [data-seq]').last().getAttribute('data-seq')).toBe(String(N));
    expect((await logEnds(page)).last).toBe(N);
    // The whole run's 999 samples, averaged in pairs down to the chart's bound (MAX_POINTS).
    await expect
      .poll(async () => Number(await page.getByTestId('chart-rps').getAttribute('data-points')), { timeout: 10_000 })
      .toBeGreaterThan(400);
    expect(Number(await page.getByTestId('chart-rps').getAttribute('data-points'))).toBeLessThanOrEqual(500);

    const timed = async (what: string, act: () => Promise<unknown>, done: () => Promise<boolean>) => {
      const s = Date.now();
      await act();
      await expect.poll(done, { timeout: 5_000, interval: 20 }).toBe(true);
      const ms = Date.now() - s;
      console.log(`${what}: ${ms} ms`);
      return ms;
    };
    const errorsOnly = await timed(
      'level ≥ ERROR',
      () => page.getByTestId('level-filter').selectOption('ERROR'),
      async () => (await rows()) === 19,
    );
    const drawnLevels = await page.$$eval('[data-testid=event-log] [data-seq]', (els) =>
      els.map((e) => (e as HTMLElement).dataset.level),
    );
    expect(drawnLevels).toEqual(Array(19).fill('ERROR'));
    await page.getByTestId('level-filter').selectOption('ALL');
    const search = await timed(
      'search "line 9999"',
      () => page.getByTestId('log-search').fill('line 9999'),
      async () => (await rows()) === 1,
    );
    // A row is one line; a click shows the whole event under the log.
    await page.locator('[data-testid=event-log] [data-seq]').click();
    const detail = page.getByTestId('event-detail');
    expect(await detail.locator('pre').textContent()).toContain('line 9999');
    const seq = Number(await detail.getAttribute('data-seq'));
    expect(JSON.parse((await detail.locator('pre').textContent())!).seq).toBe(seq);
    await detail.getByRole('button', { name: 'Close the event detail' }).click();
    expect(await detail.count()).toBe(0);
    await page.getByTestId('log-search').fill('');
    // Without the mouse: Enter in the focused log opens its newest row (following the tail),
    // Older / Newer step through the rows, Escape closes it and gives the focus back to the log.
    await expect.poll(rows).toBe(500);
    await page.getByTestId('event-log').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => detail.getAttribute('data-seq')).toBe(String(N));
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('event-detail');
    expect(await detail.getByRole('button', { name: 'Show the newer event' }).isDisabled()).toBe(true);
    await page.keyboard.press('Tab'); // Older
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await expect.poll(() => detail.getAttribute('data-seq')).toBe(String(N - 2));
    expect(await detail.locator('pre').textContent()).toContain(`"seq": ${N - 2}`);
    // The row shown is marked in the log.
    expect(await page.locator('[data-testid=event-log] [aria-current=true]').getAttribute('data-seq')).toBe(
      String(N - 2),
    );
    await page.keyboard.press('Escape');
    expect(await detail.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('event-log');
    // Scrolled up (not following): Enter opens the first row in view, and stepping past the
    // view's bottom scrolls the log just enough to show the row.
    const logBox = page.getByTestId('event-log');
    await logBox.hover();
    await page.mouse.wheel(0, -100_000);
    await expect.poll(() => logBox.evaluate((el) => el.scrollTop)).toBe(0);
    await logBox.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => detail.getAttribute('data-seq')).toBe(String(N - 499));
    await detail.getByRole('button', { name: 'Show the newer event' }).focus();
    for (let i = 0; i < 30; i++) await page.keyboard.press('Enter');
    await expect.poll(() => detail.getAttribute('data-seq')).toBe(String(N - 469));
    const view = await logBox.evaluate((el) => ({ top: el.scrollTop, height: el.clientHeight }));
    expect(view.top).toBe(31 * ROW_PX - view.height);
    await page.keyboard.press('Escape');
    const raw = await timed(
      'raw mode',
      () => page.getByLabel('Raw JSON').check(),
      async () => (await rows()) === 500 && (await page.locator('[data-testid=event-log] .ev-raw').count()) > 0,
    );
    const older = await timed(
      'show older',
      () => page.getByRole('button', { name: /Show 1000 older/ }).click(),
      async () => (await rows()) === 1500,
    );
    expect((await logEnds(page)).first).toBe(N - 1499);
    console.log(
      `10k events loaded and rendered in ${loadS.toFixed(2)} s (server replay alone: ${(await replaySeconds()).toFixed(2)} s)`,
    );
    expect(loadS).toBeLessThan(15);
    for (const ms of [errorsOnly, search, raw, older]) expect(ms).toBeLessThan(3000);
    expect(log.pageErrors).toEqual([]);
  });
});
