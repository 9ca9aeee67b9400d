// Event latency, agent write → browser receive, through the real path: LB_EVENT lines are
// appended (as the agent does) to a live run's stream file on the runner host, the
// controller tails it, the hub gives each a seq and persists it, the tRPC subscription
// carries it over SSE to headless Chromium. Receive points in the page: the frame arriving on
// the page's own EventSource (a listener ahead of the page's, on its main thread); the run page's log
// holding the event (the commit whose `data-last-seq` reaches its seq: its row is in view,
// or — when a frame brings more rows than the view shows — one scroll up, the log renders
// only the rows around the view); and its row inserted into the DOM (every row the page drew;
// at 1 000 events/s a following tail does not draw rows that scroll past before a frame shows
// them, so fewer than sent). Each event's seq is read from events.jsonl afterwards, so the
// page is the stream's only reader while it is measured. The transport (a bare EventSource on
// the same subscription, in a worker) is measured in a second pass at the same rate: a second
// reader costs the server and the renderer a second copy of every event.
// Run: npx tsx bench/event-latency-bench.ts (after `npx next build`). Options (environment):
// LBWEB_BENCH_PAGE_PROFILE=<file.cpuprofile>, LBWEB_BENCH_PAGE_TRACE=<file.json>: the page's V8
// profile or Chromium trace over the fastest rate (a trace slows the page: read its shares, not
// its latencies). For a profile with the app's own function names, build without mangling into
// another dist dir and point the bench at it: LBWEB_DIST_DIR=.next-prof npx next build
// --no-mangling, then LBWEB_DIST_DIR=.next-prof LBWEB_BENCH_PAGE_PROFILE=… npx tsx bench/….
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CDPSession, Page } from 'playwright-core';
import { startLocalHostsSession } from '@/test/support/local-hosts';
import { appendStamped, startQuietRun, type QuietRun } from '@/test/support/quiet-run';

const RATES = [10, 100, 1000];

interface Bench {
  dom: Record<string, number>;
  /** [time, newest seq the log holds] at each change. */
  held: [number, number][];
  /** [time, last seq of the frame] for each frame of the page's own stream, as it arrived. */
  arrived: [number, number][];
}

/**
 * The bench's stream reader (a worker): transport latency per stamp. It reads only in the
 * transport pass ('open' / 'close'): a second reader of the stream costs the server and the
 * renderer a second copy of every event, which the page's own figures must not pay.
 */
const SSE_WORKER = `
const sse = {};
let es = null;
onmessage = (ev) => {
  if (ev.data === 'dump') return postMessage(sse);
  if (ev.data === 'close') { es?.close(); es = null; return; }
  // The page's own request (batches: a frame holds an array of events).
  es = new EventSource(ev.data);
  es.onmessage = (m) => {
    const now = Date.now();
    for (const e of [].concat(JSON.parse(m.data))) {
      const s = /bench#([\\w-]+)@(\\d+)/.exec(e.message ?? '');
      if (s && !(s[1] in sse)) sse[s[1]] = now - Number(s[2]);
    }
  };
};
`;

/** seq → [tag, write time] of the stamped events the controller persisted (events.jsonl). */
function stampsOnDisk(runDir: string): Record<number, [string, number]> {
  const out: Record<number, [string, number]> = {};
  for (const line of readFileSync(join(runDir, 'events.jsonl'), 'utf8').split('\n')) {
    const s = /bench#([\w-]+)@(\d+)/.exec(line);
    if (!s) continue;
    out[(JSON.parse(line) as { seq: number }).seq] = [s[1]!, Number(s[2])];
  }
  return out;
}

/** Per tag: ms from its write to the first point of `reached` ([time, seq] in time order) at or past its seq. */
function latencyTo(reached: [number, number][], stamps: Record<number, [string, number]>): Record<string, number> {
  const out: Record<string, number> = {};
  let i = 0;
  for (const seq of Object.keys(stamps)
    .map(Number)
    .sort((x, y) => x - y)) {
    while (i < reached.length && reached[i]![1] < seq) i++;
    if (i === reached.length) break;
    const [tag, t0] = stamps[seq]!;
    out[tag] = reached[i]![0] - t0;
  }
  return out;
}
/** Starts the page's V8 CPU profiler (0.2 ms samples); the returned function stops it. */
async function startPageProfile(page: Page): Promise<() => Promise<unknown>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return async () => (await cdp.send('Profiler.stop')).profile;
}

/** Starts a Chromium trace of the page (timeline categories); the returned function ends it. */
async function startPageTrace(page: Page): Promise<() => Promise<unknown[]>> {
  const cdp = await page.context().newCDPSession(page);
  const events: unknown[] = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
  await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline',
    transferMode: 'ReportEvents',
  });
  return async () => {
    const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await done;
    return events;
  };
}

/** The page's main-thread time so far (CDP Performance metrics, seconds of task / script / layout). */
interface PageLoad {
  at: number;
  task: number;
  script: number;
  layout: number;
}

async function pageLoad(cdp: CDPSession): Promise<PageLoad> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
  return { at: Date.now(), task: m.TaskDuration ?? 0, script: m.ScriptDuration ?? 0, layout: m.LayoutDuration ?? 0 };
}

/**
 * How busy the page's main thread was between two readings: comparable across machines and
 * days where the latencies alone are not (the same code has measured 30 ms and 80 ms p99 on
 * different days).
 */
function busyBetween(a: PageLoad, b: PageLoad): string {
  const wall = (b.at - a.at) / 1000;
  const share = (k: 'task' | 'script' | 'layout') => `${Math.round((100 * (b[k] - a[k])) / wall)} %`;
  return `page main thread busy ${share('task')} (script ${share('script')}, layout ${share('layout')})`;
}

const SECONDS = 5;
const MAX_EVENTS = 3000;

const load = loadavg()[0]!.toFixed(2);
const session = await startLocalHostsSession();
const { srv, browser } = session;
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

let run: QuietRun | undefined;
try {
  run = await startQuietRun(session);
  const { runId, runDir } = run;
  /** The page's own request from the newest seq persisted now (no replay when it opens). */
  const streamUrl = () =>
    `/api/trpc/runs.events?input=${encodeURIComponent(JSON.stringify({ runId, lastEventId: String(readFileSync(join(runDir, 'events.jsonl'), 'utf8').split('\n').filter(Boolean).length), batch: true }))}`;

  const page = await browser.newPage();
  // When each frame of the page's own stream arrives (a listener ahead of the page's, on every
  // EventSource it opens): the transport to the page, without a second reader.
  await page.addInitScript(() => {
    const w = window as unknown as { benchArrived: [number, number][] };
    w.benchArrived = [];
    const Native = window.EventSource;
    window.EventSource = class extends Native {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        this.addEventListener('message', (ev) => w.benchArrived.push([Date.now(), Number(ev.lastEventId)]));
      }
    };
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(`${srv.url}/runs/${runId}`);
  await page.getByTestId('event-log').waitFor();
  // tsx (esbuild keepNames) wraps named functions in __name(); the page needs it defined.
  await page.evaluate('window.__name = (f) => f');
  // The bench's own stream is read in a worker: the transport figure is not held up by the
  // page's main thread, and the page's main thread does not pay for a second stream.
  await page.evaluate((worker) => {
    const w = window as unknown as { bench: Bench; benchWorker: Worker };
    w.bench = { dom: {}, held: [], arrived: [] };
    w.benchWorker = new Worker(URL.createObjectURL(new Blob([worker], { type: 'text/javascript' })));
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
  }, SSE_WORKER);
  // Steady state: the page has finished loading (hydration, first chart draw) before the first rate.
  await sleep(3000);

  const pageFigures = () =>
    page.evaluate(() => {
      const w = window as unknown as { bench: Bench; benchArrived: [number, number][] };
      return { ...w.bench, arrived: w.benchArrived };
    });
  const workerFigures = () =>
    page.evaluate(async () => {
      const w = (window as unknown as { benchWorker: Worker }).benchWorker;
      return new Promise<Record<string, number>>((resolve) => {
        w.onmessage = (ev) => resolve(ev.data as Record<string, number>);
        w.postMessage('dump');
      });
    });
  const ofTag = (o: Record<string, number>, tag: string) =>
    Object.entries(o)
      .filter(([k]) => k.startsWith(tag))
      .map(([, v]) => v);
  /** Polls `count` until it reaches n or 20 s pass, then lets the last frames land. */
  const settle = async (count: () => Promise<number>, n: number) => {
    const t0 = Date.now();
    while ((await count()) < n && Date.now() - t0 < 20_000) await sleep(250);
    await sleep(500);
  };
  const fmt = (xs: number[], n: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return `p50 ${String(pct(s, 50)).padStart(4)} ms  p99 ${String(pct(s, 99)).padStart(4)} ms  max ${String(s.at(-1) ?? NaN).padStart(4)} ms  (${s.length}/${n})`;
  };

  const rows: string[] = [];
  for (const rate of RATES) {
    const n = Math.min(rate * SECONDS, MAX_EVENTS);
    // The page alone, as a user has it: its log holding each event, and each row drawn.
    const tag = `${rate}-`;
    // LBWEB_BENCH_PAGE_PROFILE=file.cpuprofile: the page's CPU profile over the fastest rate.
    // LBWEB_BENCH_PAGE_TRACE=file.json: its Chromium trace (timeline, with layout invalidations).
    const fastest = rate === RATES.at(-1);
    const profile = process.env.LBWEB_BENCH_PAGE_PROFILE && fastest ? await startPageProfile(page) : null;
    const trace = process.env.LBWEB_BENCH_PAGE_TRACE && fastest ? await startPageTrace(page) : null;
    const before = await pageLoad(cdp);
    const sent = await appendStamped(run, rate, n, tag);
    const busy = busyBetween(before, await pageLoad(cdp));
    if (profile) writeFileSync(process.env.LBWEB_BENCH_PAGE_PROFILE!, JSON.stringify(await profile()));
    if (trace) writeFileSync(process.env.LBWEB_BENCH_PAGE_TRACE!, JSON.stringify(await trace()));
    // Every event is on disk before a page can hold it: the file is read until it has this
    // pass's n stamps (once, mostly), not again at each poll of the page.
    let stamps = stampsOnDisk(runDir);
    for (const t0 = Date.now(); Date.now() - t0 < 20_000; stamps = stampsOnDisk(runDir)) {
      if (Object.values(stamps).filter(([t]) => t.startsWith(tag)).length >= n) break;
      await sleep(100);
    }
    await settle(async () => ofTag(latencyTo((await pageFigures()).held, stamps), tag).length, n);
    const figures = await pageFigures();
    const inLog = ofTag(latencyTo(figures.held, stamps), tag);
    const arrived = ofTag(latencyTo(figures.arrived, stamps), tag);
    const drawn = ofTag(figures.dom, tag);
    // The transport, measured in a second pass at the same rate by the worker's own stream.
    await sleep(1000);
    await page.evaluate(
      (url) => (window as unknown as { benchWorker: Worker }).benchWorker.postMessage(new URL(url, location.href).href),
      streamUrl(),
    );
    await sleep(500);
    const ttag = `${rate}t-`;
    await appendStamped(run, rate, n, ttag);
    await settle(async () => ofTag(await workerFigures(), ttag).length, n);
    const sse = ofTag(await workerFigures(), ttag);
    await page.evaluate(() => (window as unknown as { benchWorker: Worker }).benchWorker.postMessage('close'));
    rows.push(
      `${String(rate).padStart(5)}/s (${n} events in ${sent.toFixed(1)} s)  at the page: ${fmt(arrived, n)}   in the log: ${fmt(inLog, n)}   row drawn: ${fmt(drawn, n)}   SSE (second pass): ${fmt(sse, n)}   ${busy}`,
    );
    console.log(rows.at(-1));
    await sleep(1000);
  }

  console.log(
    `\nEvent latency, agent stream write → browser (local provider, 2 cores, ${(await cdp.send('Browser.getVersion')).product}; load average before: ${load}):`,
  );
  for (const r of rows) console.log(`  ${r}`);
} finally {
  // The agent outlives the server by design: stop the run before anything else goes.
  await run?.stop();
  await session.close();
}
