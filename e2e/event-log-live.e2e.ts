// The event log of a live run, as a reader uses it: it follows the tail with only the rows
// around its view in the DOM, lets go when the reader scrolls up and then keeps the rows they
// are reading in place while events keep coming, and picks the tail up again on request —
// with every event held, in order, no gap. Events are appended to a real run's agent stream
// (the tail → hub → SSE path), at 400/s, and at 1 000/s for the fast tail's recycled rows.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startLocalHostsSession, type LocalHostsSession } from '@/test/support/local-hosts';
import { appendStamped, startQuietRun, type QuietRun } from '@/test/support/quiet-run';
import { trackPage } from '@/test/support/browser';
import { logEnds, logRowCount, logSeqs } from '@/test/support/event-log';

let session: LocalHostsSession;
let run: QuietRun | undefined;
let page: Page;

beforeAll(async () => {
  session = await startLocalHostsSession();
  run = await startQuietRun(session);
}, 180_000);

afterAll(async () => {
  await run?.stop();
  await session?.close();
}, 120_000);

const drawnSeqs = () =>
  page.$$eval('[data-testid=event-log] [data-seq]', (els) => els.map((e) => Number((e as HTMLElement).dataset.seq)));

/**
 * Whether the newest row the log holds is drawn. Both are read in the same instant: the run keeps
 * adding its own events, so a newest seq read a moment earlier may already be stale.
 */
const newestRowDrawn = () =>
  page.evaluate(() => {
    const log = document.querySelector<HTMLElement>('[data-testid=event-log]')!;
    const drawn = [...log.querySelectorAll<HTMLElement>('[data-seq]')].map((e) => Number(e.dataset.seq));
    return drawn.length > 0 && Math.max(...drawn) === Number(log.dataset.lastSeq);
  });

/** The seq of the first row whose top is at or below the log's top edge. */
const topRowSeq = () =>
  page.evaluate(() => {
    const log = document.querySelector<HTMLElement>('[data-testid=event-log]')!;
    const top = log.getBoundingClientRect().top;
    const rows = [...log.querySelectorAll<HTMLElement>('[data-seq]')];
    return Number(rows.find((r) => r.getBoundingClientRect().top >= top - 1)?.dataset.seq);
  });

/** The newest seq the controller persisted for the run. */
const lastSeqOnDisk = () => readFileSync(join(run!.runDir, 'events.jsonl'), 'utf8').split('\n').filter(Boolean).length;

describe('event log of a live run', () => {
  it('follows the tail with a bounded DOM', async () => {
    page = await session.browser.newPage();
    const log = trackPage(page);
    await page.goto(`${session.srv.url}/runs/${run!.runId}`);
    await page.getByTestId('event-log').waitFor();
    await appendStamped(run!, 400, 1100, 'a-');
    await expect.poll(async () => (await logEnds(page)).last, { timeout: 15_000 }).toBeGreaterThan(1100);
    // Following: the newest row is drawn, and only rows around the view are in the DOM.
    await expect.poll(newestRowDrawn, { timeout: 5_000 }).toBe(true);
    expect((await drawnSeqs()).length).toBeLessThan(60);
    expect(await logRowCount(page)).toBeGreaterThan(1000);
    expect(log.pageErrors).toEqual([]);
  });

  it('a fast tail reuses its rows, each placed at its line, and draws them in line order once it slows', async () => {
    // The drawn rows, as the reader sees them: each row's seq and its top within the log.
    const drawn = () =>
      page.evaluate(() => {
        const log = document.querySelector<HTMLElement>('[data-testid=event-log]')!;
        const rows = [...log.querySelectorAll<HTMLElement>('[data-seq]')];
        for (const r of rows) (r as HTMLElement & { tagged?: boolean }).tagged = true;
        return rows.map((r) => ({ seq: Number(r.dataset.seq), top: r.offsetTop }));
      });
    const before = (await logEnds(page)).last;
    const burst = appendStamped(run!, 1000, 2000, 'f-');
    try {
      // 300 lines into the burst the tail is fast (and the switch to recycled rows is behind us).
      await expect.poll(async () => (await logEnds(page)).last, { timeout: 10_000 }).toBeGreaterThan(before + 300);
      await drawn(); // tags every row element drawn now
      await page.waitForTimeout(200); // ~200 more lines have scrolled through the view
      const reused = await page.evaluate(() => {
        const rows = [
          ...document.querySelectorAll<HTMLElement & { tagged?: boolean }>('[data-testid=event-log] [data-seq]'),
        ];
        return rows.filter((r) => r.tagged).length / rows.length;
      });
      expect(reused).toBeGreaterThan(0.9); // the same elements, showing newer lines
      const rows = await drawn();
      const byTop = [...rows].sort((a, b) => a.top - b.top);
      // Placed by line, whatever the DOM order: consecutive seqs one row height apart.
      for (let i = 1; i < byTop.length; i++) {
        expect(byTop[i]!.seq).toBe(byTop[i - 1]!.seq + 1);
        expect(byTop[i]!.top - byTop[i - 1]!.top).toBe(20);
      }
    } finally {
      await burst; // a failure must not leave the burst running into the next test
    }
    // Every line of the burst is in the log (the controller may still be persisting its tail).
    await expect
      .poll(async () => (await logEnds(page)).last, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(before + 2000);
    // Once the tail slows, the rows are back in line order in the DOM, the newest last.
    const inLineOrder = async () => {
      const seqs = await drawnSeqs();
      return seqs.every((seq, i) => i === 0 || seq > seqs[i - 1]!);
    };
    await expect.poll(async () => (await newestRowDrawn()) && (await inLineOrder()), { timeout: 5_000 }).toBe(true);
  });

  it('lets go of the tail on a scroll up and keeps the row being read in place while the oldest rows leave', async () => {
    await page.getByTestId('event-log').scrollIntoViewIfNeeded();
    const box = (await page.getByTestId('event-log').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -400);
    await expect.poll(() => page.getByTestId('follow-tail').isChecked(), { timeout: 5_000 }).toBe(false);
    await page.waitForTimeout(300);
    const reading = await topRowSeq();
    const before = await logEnds(page);
    await appendStamped(run!, 400, 600, 'b-');
    await expect
      .poll(async () => (await logEnds(page)).last, { timeout: 15_000 })
      .toBeGreaterThanOrEqual(before.last + 600);
    // The log holds at most 1 000 rows (+ up to 499 to its next cut): 500 old rows left the top...
    expect((await logEnds(page)).first).toBeGreaterThan(before.first);
    await page.waitForTimeout(300);
    // ...and the row at the top of the view is still the one being read.
    expect(await topRowSeq()).toBe(reading);
    expect(await page.getByTestId('follow-tail').isChecked()).toBe(false);
  });

  it('picks the tail up again on request, every event held in order with no gap', async () => {
    await page.getByTestId('follow-tail').check();
    // Everything persisted so far has reached the page (the run also adds its own events).
    await expect.poll(async () => (await logEnds(page)).last - lastSeqOnDisk(), { timeout: 10_000 }).toBe(0);
    await expect.poll(newestRowDrawn, { timeout: 5_000 }).toBe(true);
    const { first, last } = await logEnds(page);
    const seqs = await logSeqs(page);
    // The run's own events may add a row or two during the read.
    expect(seqs[0]).toBe(first);
    expect(seqs.at(-1)).toBeGreaterThanOrEqual(last);
    expect(seqs).toEqual(Array.from({ length: seqs.at(-1)! - first + 1 }, (_, i) => first + i));
  });

  it('turning Follow tail off keeps the view where it was, rows drawn, while events arrive', async () => {
    const follow = page.getByTestId('follow-tail');
    expect(await follow.isChecked()).toBe(true);
    const reading = await topRowSeq();
    await follow.uncheck();
    await appendStamped(run!, 400, 200, 'c-');
    await expect.poll(async () => (await logEnds(page)).last - lastSeqOnDisk(), { timeout: 10_000 }).toBe(0);
    await page.waitForTimeout(300);
    expect(await topRowSeq()).toBe(reading);
    // The rows in view are drawn (not a blank box): 21 rows fill the 420 px view.
    const inView = await page.evaluate(() => {
      const log = document.querySelector<HTMLElement>('[data-testid=event-log]')!;
      const box = log.getBoundingClientRect();
      return [...log.querySelectorAll<HTMLElement>('[data-seq]')].filter((r) => {
        const b = r.getBoundingClientRect();
        return b.top >= box.top - 1 && b.bottom <= box.bottom + 1;
      }).length;
    });
    expect(inView).toBeGreaterThanOrEqual(20);
  });

  it('live charts: a legend entry hides and shows its line, hovering names the configuration', async () => {
    const chart = page.getByTestId('chart-rps');
    await chart.scrollIntoViewIfNeeded();
    await expect
      .poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 20_000 })
      .toBeGreaterThan(2);
    const lines = () => chart.locator('svg path[d^="M"]').count();
    // figlet and its target rate.
    await expect.poll(lines, { timeout: 5_000 }).toBe(2);
    const entry = chart.getByRole('button', { name: 'figlet target' });
    await entry.click();
    expect(await entry.getAttribute('aria-pressed')).toBe('false');
    expect(await lines()).toBe(1);
    await entry.click();
    expect(await lines()).toBe(2);
    const svg = (await chart.locator('svg[role=img]').boundingBox())!;
    await page.mouse.move(svg.x + svg.width - 20, svg.y + svg.height / 2);
    const tip = chart.locator('.chart-tooltip');
    await tip.waitFor({ timeout: 5_000 });
    expect(await tip.textContent()).toMatch(/t = [\d.]+ s · figlet=1.*figlet: [\d.]+/);
    await page.mouse.move(0, 0);
    await expect.poll(() => tip.count()).toBe(0);
  });
});
