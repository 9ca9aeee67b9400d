// Explorer figures in headless Chromium against the production build (`next start`):
//  1. time to open a ~50 MB memory file and show its catalog (goal < 2 s), cold (page load,
//     engine start included) and warm (engine already up: range probe + attach + catalog),
//     with the bytes read from the server (run artifacts are read in place with Range);
//  1b. a ~1 GB run artifact by URL (goal: catalog < 2 s, < 5 % of it read) and a ~3 GB local
//     file through the file picker (read through a file handle, never copied whole);
//  2. the same aggregate SQL over ~1 M execution_events rows in duckdb-wasm vs
//     @duckdb/node-api on the same file, as a ratio (goal ≤ 2× single-thread), for the eh bundle and
//     the multi-threaded coi bundle (on a cross-origin-isolated page);
//  3. gzipped JS of a dashboard page (/) vs the explorer (/explore).
// Run after `npx next build`: npx tsx bench/explorer-bench.ts
import { DuckDBInstance } from '@duckdb/node-api';
import { linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { makeBigDb } from '@/test/support/make-memory-db';
import { launchBrowser } from '@/test/support/browser';
import { REPO_ROOT, startServer } from '@/test/support/server';
import { startProxy } from '@/test/support/tcp-proxy';

const AGG_SQL = `SELECT run_id, count(*) AS events, count(DISTINCT config_id) AS configs, avg(duration_s) AS avg_s,
  max(end_ts) - min(start_ts) AS span_s, sum(length(payload_json::VARCHAR)) AS payload_chars
FROM execution_events GROUP BY run_id ORDER BY run_id`;
const REPEAT = 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

const dir = mkdtempSync(join(tmpdir(), 'lbweb-explorer-bench-'));
const files = {
  mid: join(dir, 'mid.duckdb'),
  big: join(dir, 'big.duckdb'),
  gb1: join(dir, 'gb1.duckdb'),
  gb3: join(dir, 'gb3.duckdb'),
};
const URLS = {
  mid: '/api/artifacts/run-bench-50mb/memory/runner/peva_faas.duckdb',
  big: '/api/artifacts/run-bench-1m/memory/runner/peva_faas.duckdb',
  gb1: '/api/artifacts/run-bench-1gb/memory/runner/peva_faas.duckdb',
};
// ~148 B per event (payload text + §9's UNIQUE index).
const GB1_ROWS = Number(process.env.LBWEB_BENCH_1GB_ROWS ?? 6_800_000);
const GB3_ROWS = Number(process.env.LBWEB_BENCH_3GB_ROWS ?? 20_000_000);

let t = performance.now();
// §9's UNIQUE index is ~56 B/row: 350 k events make ~50 MB, 1 M events ~140 MB.
await makeBigDb(files.mid, 350_000);
await makeBigDb(files.big, 1_000_000);
await makeBigDb(files.gb1, GB1_ROWS);
await makeBigDb(files.gb3, GB3_ROWS);
console.log(
  `fixtures: ${mb(statSync(files.mid).size)} (350 000 events), ${mb(statSync(files.big).size)} (1 000 000 events), ` +
    `${mb(statSync(files.gb1).size)} (${GB1_ROWS} events), ${mb(statSync(files.gb3).size)} (${GB3_ROWS} events) in ${Math.round(performance.now() - t)} ms`,
);

const srv = await startServer();
// Served by the real artifact route from the server's output root, as a run's fetched file is
// (Playwright routing cannot fulfil a 150 MB body).
for (const k of ['mid', 'big', 'gb1'] as const) {
  const target = join(srv.outputRoot, URLS[k].replace('/api/artifacts/', ''));
  mkdirSync(dirname(target), { recursive: true });
  linkSync(files[k], target);
}
const browser = await launchBrowser();
const results: Record<string, unknown> = {};

async function waitCatalog(page: Page, rows: number): Promise<void> {
  await page.waitForSelector(
    `[data-testid=catalog-item][data-catalog=run][data-table=execution_events][data-rows="${rows}"]`,
    { timeout: 120_000 },
  );
}
const slotOpenMs = async (page: Page) =>
  Number(/opened in (\d+) ms/.exec((await page.getByTestId('slot-run-status').textContent()) ?? '')?.[1] ?? NaN);

const engineStartMs = async (page: Page) =>
  Number(/ready in (\d+) ms/.exec((await page.getByTestId('engine-status').textContent()) ?? '')?.[1] ?? NaN);

async function runSql(page: Page, sql: string): Promise<number> {
  const before = Number(await page.getByTestId('query-status').getAttribute('data-history'));
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(sql);
  await page.keyboard.press('Control+Enter');
  await page.waitForSelector(`[data-testid=query-status][data-history="${before + 1}"]`, { timeout: 120_000 });
  const state = await page.getByTestId('query-status').getAttribute('data-state');
  if (state !== 'done')
    throw new Error(`wasm query ended ${state}: ${await page.getByTestId('query-error').textContent()}`);
  return Number(await page.getByTestId('query-status').getAttribute('data-duration-ms'));
}

try {
  // 1. Open times.
  const cold: number[] = [];
  const coldSlot: number[] = [];
  const warm: number[] = [];
  const engineCold: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const page = await browser.newPage();
    t = performance.now();
    await page.goto(`${srv.url}/explore?src=${encodeURIComponent(URLS.mid)}`);
    await waitCatalog(page, 350_000);
    cold.push(performance.now() - t);
    coldSlot.push(await slotOpenMs(page));
    engineCold.push(await engineStartMs(page));
    // Warm: the engine is up; open the same file again through the URL field.
    await page.getByTestId('engine-status').and(page.locator('[data-state=ready]')).waitFor();
    t = performance.now();
    await page.getByLabel('Memory file (A) URL').fill(`${URLS.mid}?again=${i}`);
    await page.getByLabel('Memory file (A) URL').press('Enter');
    await page
      .waitForSelector('[data-testid=slot-run][data-phase=loading]', { timeout: 10_000 })
      .catch(() => undefined);
    await page.waitForSelector('[data-testid=slot-run][data-phase=ready]', { timeout: 120_000 });
    await waitCatalog(page, 350_000);
    warm.push(performance.now() - t);
    await page.close();
  }
  results.open50mb = {
    fileBytes: statSync(files.mid).size,
    coldNavToCatalogMs: median(cold),
    coldOpenToCatalogMs: median(coldSlot),
    warmOpenToCatalogMs: median(warm),
    engineStartColdMs: median(engineCold),
    runs: { cold, coldSlot, warm, engineCold },
  };

  // 1b. A 1 GB artifact by URL, a 3 GB local file through the picker. A failure is a figure too.
  const big = async (what: string, fn: () => Promise<void>) =>
    fn().catch((e: unknown) => {
      results[what] = { failed: e instanceof Error ? e.message.split('\n')[0] : String(e) };
    });
  await big('open1gb', async () => {
    // Through a counting proxy, with the engine already up: the bytes are the file's.
    const proxy = await startProxy(srv.port);
    const page = await browser.newPage();
    await page.goto(`${proxy.url}/explore`);
    await page.getByTestId('engine-status').and(page.locator('[data-state=ready]')).waitFor({ timeout: 60_000 });
    const mark = proxy.bytesDown();
    t = performance.now();
    await page.getByLabel('Memory file (A) URL').fill(URLS.gb1);
    await page.getByLabel('Memory file (A) URL').press('Enter');
    await waitCatalog(page, GB1_ROWS);
    results.open1gb = {
      fileBytes: statSync(files.gb1).size,
      navToCatalogMs: performance.now() - t,
      openToCatalogMs: await slotOpenMs(page),
      bytesRead: proxy.bytesDown() - mark,
    };
    proxy.close();
    await page.close();
  });
  await big('open3gbLocal', async () => {
    const page = await browser.newPage();
    await page.goto(`${srv.url}/explore`);
    await page.getByTestId('engine-status').and(page.locator('[data-state=ready]')).waitFor({ timeout: 60_000 });
    t = performance.now();
    await page.getByTestId('file-input-run').setInputFiles(files.gb3);
    await waitCatalog(page, GB3_ROWS);
    results.open3gbLocal = {
      fileBytes: statSync(files.gb3).size,
      pickToCatalogMs: performance.now() - t,
      openToCatalogMs: await slotOpenMs(page),
    };
    await page.close();
  });

  // 2. Aggregate over 1 M events: wasm (through the UI, duration measured in the page) for each
  //    bundle vs node. The coi bundle needs a cross-origin-isolated page: a second server with
  //    LBWEB_EXPLORER_THREADS=1 (COOP/COEP on /explore and the duckdb worker scripts).
  const wasmAggregate = async (bundle: 'eh' | 'coi', base: string) => {
    const page = await browser.newPage();
    t = performance.now();
    await page.goto(`${base}/explore?src=${encodeURIComponent(URLS.big)}`);
    await waitCatalog(page, 1_000_000);
    const openMs = performance.now() - t;
    const engine = (await page.getByTestId('engine-status').textContent()) ?? '';
    if (!engine.includes(`(${bundle}`)) throw new Error(`expected the ${bundle} bundle, the page says: ${engine}`);
    await page.getByLabel('Query timeout in seconds').fill('300');
    await runSql(page, AGG_SQL); // warm-up: the file's blocks into DuckDB's buffer pool
    const times: number[] = [];
    for (let i = 0; i < REPEAT; i++) times.push(await runSql(page, AGG_SQL));
    const startMs = await engineStartMs(page);
    await page.close();
    return { engine, openMs, engineStartMs: startMs, ms: median(times), runs: times };
  };
  const eh = await wasmAggregate('eh', srv.url);
  // A second server with the isolation switch on, over the same output root.
  const isolated = await startServer({ outputRoot: srv.outputRoot, env: { LBWEB_EXPLORER_THREADS: '1' } });
  const coi = await wasmAggregate('coi', isolated.url)
    .catch((e: unknown) => ({ failed: e instanceof Error ? e.message.split('\n')[0] : String(e) }))
    .finally(() => isolated.stop());
  const open1m = eh.openMs;
  const wasm = eh.runs;

  const nodeRun = async (threads: number) => {
    const inst = await DuckDBInstance.create(files.big, { access_mode: 'READ_ONLY', threads: String(threads) });
    const c = await inst.connect();
    const times: number[] = [];
    await c.runAndReadAll(AGG_SQL);
    for (let i = 0; i < REPEAT; i++) {
      const s = performance.now();
      await c.runAndReadAll(AGG_SQL);
      times.push(performance.now() - s);
    }
    c.closeSync();
    inst.closeSync();
    return median(times);
  };
  const node1 = await nodeRun(1);
  const node2 = await nodeRun(2);
  results.aggregate1m = {
    fileBytes: statSync(files.big).size,
    coldNavToCatalogMs: open1m,
    eh,
    coi,
    coiRatio1Thread: 'ms' in coi ? coi.ms / node1 : null,
    wasmMs: median(wasm),
    nodeMs1Thread: node1,
    nodeMs2Threads: node2,
    ratio1Thread: median(wasm) / node1,
    ratio2Threads: median(wasm) / node2,
  };

  // 3. JS shipped: every same-origin script each page loads (explorer: until the engine is up).
  const jsOf = async (path: string, ready?: (p: Page) => Promise<unknown>) => {
    const p = await browser.newPage();
    const urls = new Set<string>();
    p.on('request', (r) => {
      if (r.url().startsWith(srv.url) && /\.(m?js)(\?|$)/.test(r.url())) urls.add(r.url());
    });
    await p.goto(`${srv.url}${path}`, { waitUntil: 'networkidle' });
    if (ready) await ready(p);
    await p.close();
    let raw = 0;
    let gz = 0;
    let worker = 0;
    for (const u of urls) {
      const body = Buffer.from(await (await fetch(u)).arrayBuffer());
      if (u.includes('/duckdb/')) {
        worker += gzipSync(body).length;
        continue;
      }
      raw += body.length;
      gz += gzipSync(body).length;
    }
    return { scripts: urls.size, rawBytes: raw, gzipBytes: gz, workerGzipBytes: worker };
  };
  const home = await jsOf('/');
  const explore = await jsOf('/explore', (p) =>
    p.getByTestId('engine-status').and(p.locator('[data-state=ready]')).waitFor({ timeout: 60_000 }),
  );
  const wasmGz = gzipSync(readFileSync(join(REPO_ROOT, 'public', 'duckdb', 'duckdb-eh.wasm'))).length;
  results.js = { home, explore, wasmEhGzipBytes: wasmGz };

  const o = results.open50mb as {
    fileBytes: number;
    coldNavToCatalogMs: number;
    coldOpenToCatalogMs: number;
    warmOpenToCatalogMs: number;
  };
  const a = results.aggregate1m as {
    fileBytes: number;
    coldNavToCatalogMs: number;
    wasmMs: number;
    nodeMs1Thread: number;
    nodeMs2Threads: number;
    ratio1Thread: number;
    ratio2Threads: number;
  };
  console.log(`\nOpen a ${mb(o.fileBytes)} memory file and show the catalog (median of ${REPEAT}; goal < 2 s):`);
  console.log(`  cold, navigation → catalog (engine start included): ${Math.round(o.coldNavToCatalogMs)} ms`);
  console.log(`  cold, open request → catalog (engine booting meanwhile): ${Math.round(o.coldOpenToCatalogMs)} ms`);
  console.log(`  warm engine, open → catalog: ${Math.round(o.warmOpenToCatalogMs)} ms`);
  const ob = results.open50mb as { engineStartColdMs: number };
  console.log(`  engine start (cold, in the page): ${Math.round(ob.engineStartColdMs)} ms`);
  const g1 = results.open1gb as {
    fileBytes: number;
    navToCatalogMs: number;
    openToCatalogMs: number;
    bytesRead: number;
    failed?: string;
  };
  const g3 = results.open3gbLocal as {
    fileBytes: number;
    pickToCatalogMs: number;
    openToCatalogMs: number;
    failed?: string;
  };
  if (g1.failed) console.log(`\n~1 GB run artifact by URL: FAILED — ${g1.failed}`);
  else
    console.log(
      `\n${mb(g1.fileBytes)} run artifact by URL (warm engine): URL entered → catalog ${Math.round(g1.navToCatalogMs)} ms ` +
        `(slot open → catalog ${Math.round(g1.openToCatalogMs)} ms; goal < 2 s), read ${mb(g1.bytesRead)} = ` +
        `${((g1.bytesRead / g1.fileBytes) * 100).toFixed(2)} % of it (goal < 5 %)`,
    );
  if (g3.failed) console.log(`~3 GB local file: FAILED — ${g3.failed}`);
  else
    console.log(
      `${mb(g3.fileBytes)} local file (picker, warm engine): pick → catalog ${Math.round(g3.pickToCatalogMs)} ms (open → catalog ${Math.round(g3.openToCatalogMs)} ms)`,
    );
  console.log(
    `\nAggregate over 1 000 000 execution_events (${mb(a.fileBytes)}; cold open → catalog ${Math.round(a.coldNavToCatalogMs)} ms):`,
  );
  console.log(
    `  duckdb-wasm ${Math.round(a.wasmMs)} ms | node-api 1 thread ${Math.round(a.nodeMs1Thread)} ms, 2 threads ${Math.round(a.nodeMs2Threads)} ms`,
  );
  console.log(
    `  ratio wasm/node: ${a.ratio1Thread.toFixed(2)}× (1 thread), ${a.ratio2Threads.toFixed(2)}× (2 threads); goal ≤ 2× (1 thread)`,
  );
  console.log(`  eh bundle: engine start ${Math.round(eh.engineStartMs)} ms — ${eh.engine}`);
  if ('failed' in coi) console.log(`  coi bundle (COOP/COEP): FAILED — ${coi.failed}`);
  else
    console.log(
      `  coi bundle (COOP/COEP): ${Math.round(coi.ms)} ms = ${(coi.ms / a.nodeMs1Thread).toFixed(2)}× node 1 thread, ` +
        `${(coi.ms / a.nodeMs2Threads).toFixed(2)}× node 2 threads, ${(coi.ms / a.wasmMs).toFixed(2)}× eh; engine start ` +
        `${Math.round(coi.engineStartMs)} ms — ${coi.engine}`,
    );
  console.log(`\nJS (gzip) loaded by the page:`);
  console.log(
    `  /        ${home.scripts} scripts, ${kb(home.gzipBytes)} (raw ${kb(home.rawBytes)}), duckdb worker ${kb(home.workerGzipBytes)}`,
  );
  console.log(
    `  /explore ${explore.scripts} scripts, ${kb(explore.gzipBytes)} (raw ${kb(explore.rawBytes)}), + duckdb worker ${kb(explore.workerGzipBytes)}, + wasm (eh) ${mb(wasmGz)} gzip`,
  );
  mkdirSync(join(REPO_ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(join(REPO_ROOT, 'bench', 'results', 'explorer-bench.json'), JSON.stringify(results, null, 2));
} finally {
  await browser.close();
  await srv.stop();
  rmSync(dir, { recursive: true, force: true });
}
