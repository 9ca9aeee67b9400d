// Event latency, agent write → browser receive, through the real path: LB_EVENT lines are
// appended (as the agent does) to a live run's stream file on the runner host, the
// controller tails it, the hub gives each a seq and persists it, the tRPC subscription
// carries it over SSE to headless Chromium. Receive points in the page: a bare EventSource on
// the same subscription (transport); the run page's log holding the event (the commit whose
// `data-last-seq` reaches its seq: its row is in view, or — when a frame brings more rows
// than the view shows — one scroll up, the log renders only the rows around the view); and
// its row inserted into the DOM (every row the page drew; at 1 000 events/s a following tail
// does not draw rows that scroll past before a frame shows them, so fewer than sent).
// Run: LBWEB_DIST_DIR=.next-ui npx tsx bench/event-latency-bench.ts   (goal p99 < 500 ms at 100/s)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startLocalHostsSession } from '@/test/support/local-hosts';
import { appendStamped, startQuietRun, type QuietRun } from '@/test/support/quiet-run';

const RATES = [10, 100, 1000];

interface Bench {
  sse: Record<string, number>;
  dom: Record<string, number>;
  /** seq → [tag, write time] from the bench's own stream. */
  stamps: Record<number, [string, number]>;
  /** [time, newest seq the log holds] at each change. */
  held: [number, number][];
}

/** The bench's stream reader (a worker): latency per stamp, and each stamped seq's stamp. */
const SSE_WORKER = `
const sse = {};
const stamps = {};
onmessage = (ev) => {
  if (ev.data === 'dump') return postMessage({ sse, stamps });
  // The page's own request (batches: a frame holds an array of events).
  new EventSource(ev.data).onmessage = (m) => {
    const now = Date.now();
    for (const e of [].concat(JSON.parse(m.data))) {
      const s = /bench#([\\w-]+)@(\\d+)/.exec(e.message ?? '');
      if (!s) continue;
      if (!(s[1] in sse)) sse[s[1]] = now - Number(s[2]);
      stamps[e.seq] = [s[1], Number(s[2])];
    }
  };
};
`;

/** Per tag: ms from its write to the first commit whose log holds its seq. */
function heldLatency(b: Bench): Record<string, number> {
  const out: Record<string, number> = {};
  let i = 0;
  for (const seq of Object.keys(b.stamps)
    .map(Number)
    .sort((x, y) => x - y)) {
    while (i < b.held.length && b.held[i]![1] < seq) i++;
    if (i === b.held.length) break;
    const [tag, t0] = b.stamps[seq]!;
    out[tag] = b.held[i]![0] - t0;
  }
  return out;
}
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
  // The bench's own stream is read in a worker: the transport figure is not held up by the
  // page's main thread, and the page's main thread does not pay for a second stream.
  await page.evaluate(
    ({ url, worker }) => {
      const w = window as unknown as { bench: Bench; benchWorker: Worker };
      w.bench = { sse: {}, dom: {}, stamps: {}, held: [] };
      w.benchWorker = new Worker(URL.createObjectURL(new Blob([worker], { type: 'text/javascript' })));
      w.benchWorker.postMessage(new URL(url, location.href).href);
      const mark = (into: Record<string, number>, text: string | null) => {
        const m = /bench#([\w-]+)@(\d+)/.exec(text ?? '');
        if (m && !(m[1]! in into)) into[m[1]!] = Date.now() - Number(m[2]);
      };
      const logEl = document.querySelector<HTMLElement>('[data-testid=event-log]')!;
      // The newest seq the log holds, at each commit that changed it.
      new MutationObserver(() => w.bench.held.push([Date.now(), Number(logEl.dataset.lastSeq)])).observe(logEl, {
        attributes: true,
        attributeFilter: ['data-last-seq'],
      });
      // Rows are inserted where they are placed (the log keeps only the rows around the view);
      // following a fast tail, a recycled row's text is replaced instead.
      new MutationObserver((muts) => {
        for (const mu of muts) {
          if (mu.type === 'characterData') {
            mark(w.bench.dom, mu.target.parentElement?.closest('[data-seq]')?.textContent ?? null);
            continue;
          }
          for (const n of mu.addedNodes) {
            if (!(n instanceof HTMLElement)) continue;
            if (n.dataset.seq) mark(w.bench.dom, n.textContent);
            else for (const r of n.querySelectorAll<HTMLElement>('[data-seq]')) mark(w.bench.dom, r.textContent);
          }
        }
      }).observe(logEl, { childList: true, subtree: true, characterData: true });
    },
    {
      url: `/api/trpc/runs.events?input=${encodeURIComponent(JSON.stringify({ runId, lastEventId: String(readFileSync(join(runDir, 'events.jsonl'), 'utf8').split('\n').filter(Boolean).length), batch: true }))}`,
      worker: SSE_WORKER,
    },
  );
  // Steady state: the page has finished loading (hydration, first chart draw) before the first rate.
  await sleep(3000);

  const rows: string[] = [];
  for (const rate of RATES) {
    const n = Math.min(rate * SECONDS, MAX_EVENTS);
    const sent = await appendStamped(run, rate, n, `${rate}-`);
    const got = async () => {
      const b = await page.evaluate(async () => {
        const w = window as unknown as { bench: Bench; benchWorker: Worker };
        const fromWorker = await new Promise<Pick<Bench, 'sse' | 'stamps'>>((resolve) => {
          w.benchWorker.onmessage = (ev) => resolve(ev.data as Pick<Bench, 'sse' | 'stamps'>);
          w.benchWorker.postMessage('dump');
        });
        return { ...w.bench, ...fromWorker };
      });
      const pick = (o: Record<string, number>) =>
        Object.entries(o)
          .filter(([k]) => k.startsWith(`${rate}-`))
          .map(([, v]) => v);
      return { sse: pick(b.sse), held: pick(heldLatency(b)), dom: pick(b.dom) };
    };
    const t0 = Date.now();
    let res = await got();
    // Rows a following tail scrolled past are never drawn: wait for the log to hold them all.
    while ((res.sse.length < n || res.held.length < n) && Date.now() - t0 < 20_000) {
      await sleep(250);
      res = await got();
    }
    const fmt = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return `p50 ${String(pct(s, 50)).padStart(4)} ms  p99 ${String(pct(s, 99)).padStart(4)} ms  max ${String(s.at(-1) ?? NaN).padStart(4)} ms  (${s.length}/${n})`;
    };
    await sleep(500); // the last frames' rows
    res = await got();
    rows.push(
      `${String(rate).padStart(5)}/s (${n} events in ${sent.toFixed(1)} s)  SSE: ${fmt(res.sse)}   in the log: ${fmt(res.held)}   row drawn: ${fmt(res.dom)}`,
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
