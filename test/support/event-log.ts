// Reading the run page's event log as a user does. The log draws only the rows around its
// view (components/run-monitor/log-window.ts), so what it holds is read by scrolling it from
// top to bottom, as a reader would, and its size from the attributes it keeps on itself.
import type { Page } from 'playwright-core';

const LOG = '[data-testid=event-log]';

/** How many rows the log holds (matching the filter), drawn or not. */
export async function logRowCount(page: Page): Promise<number> {
  return Number(await page.locator(LOG).getAttribute('data-rows'));
}

/** The seqs of the log's first and last rows (0 when empty). */
export async function logEnds(page: Page): Promise<{ first: number; last: number }> {
  const log = page.locator(LOG);
  return {
    first: Number(await log.getAttribute('data-first-seq')),
    last: Number(await log.getAttribute('data-last-seq')),
  };
}

/**
 * Every seq the log holds, in order, read by scrolling it top to bottom (Follow tail is turned
 * off for the read and back on after, so the view does not jump back to the tail).
 */
export async function logSeqs(page: Page): Promise<number[]> {
  const follow = page.getByTestId('follow-tail');
  const following = await follow.isChecked();
  if (following) await follow.uncheck();
  try {
    return await page.evaluate(async (selector) => {
      const el = document.querySelector<HTMLElement>(selector)!;
      const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      // A live log can grow while it is read: read again until one pass saw all it holds.
      for (let pass = 1; ; pass++) {
        const seen = new Set<number>();
        // The log draws ±40 rows around its view: steps of two views never skip a row.
        for (let y = 0; ; y += 2 * el.clientHeight) {
          // Wait until rows around this position are drawn: under load the render of the
          // scroll (or of Follow tail's uncheck, which would pin the view back) can take frames.
          for (let tries = 0; tries < 30; tries++) {
            el.scrollTop = y;
            await frames();
            const top = el.scrollTop;
            const rows = [...el.querySelectorAll<HTMLElement>('[data-seq]')];
            if (rows.some((r) => r.offsetTop <= top + 1 && r.offsetTop + r.offsetHeight > top)) break;
          }
          for (const r of el.querySelectorAll<HTMLElement>('[data-seq]')) seen.add(Number(r.dataset.seq));
          if (y + el.clientHeight >= el.scrollHeight) break;
        }
        const [first, last, total] = [el.dataset.firstSeq, el.dataset.lastSeq, el.dataset.rows].map(Number);
        const seqs = [...seen].filter((s) => s >= first! && s <= last!).sort((a, b) => a - b);
        if (seqs.length === total) return seqs;
        if (pass === 3) throw new Error(`read ${seqs.length} rows by scrolling, the log holds ${total}`);
      }
    }, LOG);
  } finally {
    if (following) await follow.check();
  }
}
