// Event latency, agent write → browser receive, through the real path: LB_EVENT lines are
// appended (as the agent does) to a live run's stream file on the runner host, the
// controller tails it, the hub gives each a seq and persists it, the tRPC subscription
// carries it over SSE to headless Chromium. Two receive points in the page: a bare
// EventSource on the same subscription (transport) and the run page's event log row
// appearing in the DOM (what the user sees; includes the page's flush once per animation frame).
// Run: LBWEB_DIST_DIR=.next-ui npx tsx bench/event-latency-bench.ts   (goal p99 < 500 ms at 100/s)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startLocalHostsSession } from '@/test/support/local-hosts';
import { appendStamped, startQuietRun, type QuietRun } from '@/test/support/quiet-run';

const RATES = [10, 100, 1000];
const SECONDS = 5;
const MAX_EVENTS = 3000;

const session = await startLocalHostsSession();
const { srv, browser } = session;
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

let run: QuietRun | undefined;
try {
  run = await startQuietRun(session);
  const { runId, runDir } = run;

  const page = await browser.newPage();
  await page.goto(`${srv.url}/runs/${runId}`);
  await page.getByTestId('event-log').waitFor();
  // tsx (esbuild keepNames) wraps named functions in __name(); the page needs it defined.
  await page.evaluate('window.__name = (f) => f');
  await page.evaluate(
    (url) => {
      const w = window as unknown as { bench: { sse: Record<string, number>; dom: Record<string, number> } };
      w.bench = { sse: {}, dom: {} };
      const mark = (into: Record<string, number>, text: string | null) => {
        const m = /bench#([\w-]+)@(\d+)/.exec(text ?? '');
        if (m && !(m[1]! in into)) into[m[1]!] = Date.now() - Number(m[2]);
      };
      new EventSource(url).onmessage = (ev) => mark(w.bench.sse, ev.data as string);
      // Rows are added inside their seq group, or with a new group: both are seen.
      new MutationObserver((muts) => {
        for (const mu of muts)
          for (const n of mu.addedNodes) {
            if (!(n instanceof HTMLElement)) continue;
            if (n.dataset.seq) mark(w.bench.dom, n.textContent);
            else for (const r of n.querySelectorAll<HTMLElement>('[data-seq]')) mark(w.bench.dom, r.textContent);
          }
      }).observe(document.querySelector('[data-testid=event-log]')!, { childList: true, subtree: true });
    },
    `/api/trpc/runs.events?input=${encodeURIComponent(JSON.stringify({ runId, lastEventId: String(readFileSync(join(runDir, 'events.jsonl'), 'utf8').split('\n').filter(Boolean).length) }))}`,
  );
  await sleep(500);

  const rows: string[] = [];
  for (const rate of RATES) {
    const n = Math.min(rate * SECONDS, MAX_EVENTS);
    const sent = await appendStamped(run, rate, n, `${rate}-`);
    const got = () =>
      page.evaluate((r) => {
        const b = (window as unknown as { bench: { sse: Record<string, number>; dom: Record<string, number> } }).bench;
        const pick = (o: Record<string, number>) =>
          Object.entries(o)
            .filter(([k]) => k.startsWith(`${r}-`))
            .map(([, v]) => v);
        return { sse: pick(b.sse), dom: pick(b.dom) };
      }, rate);
    const t0 = Date.now();
    let res = await got();
    while ((res.sse.length < n || res.dom.length < n) && Date.now() - t0 < 20_000) {
      await sleep(250);
      res = await got();
    }
    const fmt = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return `p50 ${String(pct(s, 50)).padStart(4)} ms  p99 ${String(pct(s, 99)).padStart(4)} ms  max ${String(s.at(-1) ?? NaN).padStart(4)} ms  (${s.length}/${n})`;
    };
    rows.push(
      `${String(rate).padStart(5)}/s (${n} events in ${sent.toFixed(1)} s)  SSE: ${fmt(res.sse)}   DOM row: ${fmt(res.dom)}`,
    );
    console.log(rows.at(-1));
    await sleep(1000);
  }

  console.log('\nEvent latency, agent stream write → browser (local provider, 2 cores, headless Chromium):');
  for (const r of rows) console.log(`  ${r}`);
} finally {
  // The agent outlives the server by design: stop the run before anything else goes.
  await run?.stop();
  await session.close();
}
