// The dashboard as a new user drives it (issue 3, Done-when 1–3), on the local provider in
// Debian's headless Chromium against `next start`: provision with every check green, a
// baseline run to `finished`, a second run stopped with the button (`aborted` in < 15 s, the
// DuckDB file holds the baseline's rows), a third run reloaded mid-run and watched from a
// second tab (seqs exactly 1..N, same in both) and stopped from a shell.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { descendantsOf, isPidAlive, listProcesses } from '@/server/process/proc-tree';
import { configIdOf } from '@/test/support/fixture-data';
import { launchBrowser, trackPage, type BrowserSession, type PageLog } from '@/test/support/browser';
import { startServer, type TestServer } from '@/test/support/server';
import { startProxy } from '@/test/support/tcp-proxy';
import { logEnds, logRowCount, logSeqs } from '@/test/support/event-log';

const RUNNER = 'local-runner';
const MEMORY = `memory/${RUNNER}/peva_faas.duckdb`;

let hostsRoot: string;
let srv: TestServer;
let browser: BrowserSession;
let page: Page;
let pageLog: PageLog;
const serverTree = new Set<number>();

/** Processes whose command line names our temp roots (local stack, Prometheus, agents). */
function ourProcesses(): string[] {
  return listProcesses()
    .map((p) => {
      try {
        return `${p.pid} ${readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').replace(/\0/g, ' ')}`;
      } catch {
        return '';
      }
    })
    .filter((c) => c && (c.includes(hostsRoot) || c.includes(srv.outputRoot)));
}

async function trpcGet<T>(path: string, input?: unknown): Promise<T> {
  const q = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const res = await fetch(`${srv.url}/api/trpc/${path}${q}`);
  const body = (await res.json()) as { result?: { data: T }; error?: unknown };
  if (!body.result) throw new Error(`${path}: ${JSON.stringify(body.error)}`);
  return body.result.data;
}

async function trpcPost(path: string, input: unknown): Promise<Response> {
  return fetch(`${srv.url}/api/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
}

const stateOf = (p: Page) => p.getByTestId('run-state').getAttribute('data-state');
const readEvents = (runId: string) =>
  readFileSync(join(srv.outputRoot, runId, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(
      (l) =>
        JSON.parse(l) as {
          seq: number;
          config_id?: string;
          host: string;
          phase?: string;
          status: string;
          type: string;
        },
    );

async function waitForState(p: Page, states: string[], timeoutMs: number): Promise<string> {
  await p.waitForFunction(
    (s) => s.includes(document.querySelector('[data-testid=run-state]')?.getAttribute('data-state') ?? ''),
    states,
    { timeout: timeoutMs },
  );
  return (await stateOf(p))!;
}

/** New run from a preset, optionally edited; returns the run id from the page it navigates to. */
async function startFromPreset(preset: string, edit: Record<string, string> = {}): Promise<string> {
  await page.goto(`${srv.url}/runs/new`);
  await page.getByTestId(`preset-${preset}`).click();
  for (const [path, value] of Object.entries(edit)) await page.locator(`[name="${path}"]`).fill(value);
  await page.getByTestId('start-run').click();
  await page.waitForURL(/\/runs\/run-\d{8}-\d{6}/, { timeout: 30_000 });
  return decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
}

const loadStarted = '[data-testid=event-log] [data-host="local-runner"][data-type="log"][data-phase="load"]';

beforeAll(async () => {
  hostsRoot = mkdtempSync(join(tmpdir(), 'lbweb-e2e-hosts-'));
  srv = await startServer({ env: { LBWEB_HOSTS_ROOT: hostsRoot } });
  browser = await launchBrowser();
  page = await browser.newPage();
  pageLog = trackPage(page);
});

afterAll(async () => {
  // Safety net if a test failed midway: stop any run still going (an agent outlives the
  // server by design), then tear the hosts down through the API.
  if (srv) {
    for (const p of descendantsOf(srv.proc.pid)) serverTree.add(p.pid);
    const { runs } = await trpcGet<{ runs: { runId: string; state: string | null }[] }>('runs.list').catch(() => ({
      runs: [],
    }));
    for (const r of runs.filter((x) => !['finished', 'aborted', 'failed', 'stop_failed'].includes(x.state ?? ''))) {
      await trpcPost('runs.stop', { runId: r.runId });
      for (let i = 0; i < 100; i++) {
        const run = await trpcGet<{ state: string | null }>('runs.get', { runId: r.runId });
        if (['finished', 'aborted', 'failed', 'stop_failed'].includes(run.state ?? '')) break;
        await new Promise((res) => setTimeout(res, 300));
      }
    }
    await trpcPost('hosts.destroy', { provider: 'local' }).catch(() => undefined);
    for (let i = 0; i < 100; i++) {
      const op = await trpcGet<{ endedAt: number | null } | null>('hosts.operation', { provider: 'local' }).catch(
        () => null,
      );
      if (!op || op.endedAt !== null) break;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  await browser?.close();
  await srv?.stop();
  const left = srv ? ourProcesses() : [];
  const alive = [...serverTree].filter(isPidAlive);
  if (hostsRoot) rmSync(hostsRoot, { recursive: true, force: true });
  expect(left).toEqual([]);
  expect(alive).toEqual([]);
});

describe('runs from the dashboard (local provider)', () => {
  let baselineId: string;

  it('provisions both roles from the Hosts page and every verification check is green', async () => {
    await page.goto(`${srv.url}/hosts`);
    await expect.poll(() => page.getByTestId('multipass-unavailable').count(), { timeout: 15_000 }).toBe(1);
    await page.getByRole('button', { name: 'Provision' }).click();
    const op = page.locator('[data-testid=operation][data-kind=provision]');
    await op.waitFor({ timeout: 15_000 });
    await expect.poll(() => page.locator('[data-testid=op-lines] li').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await page
      .locator('[data-testid=operation][data-kind=provision][data-running=false]')
      .waitFor({ timeout: 180_000 });
    const checks = await page.$$eval('[data-testid=check]', (els) =>
      els.map((e) => ({ ok: e.getAttribute('data-ok'), role: e.getAttribute('data-role'), text: e.textContent })),
    );
    expect(checks.length).toBeGreaterThanOrEqual(4);
    expect(new Set(checks.map((c) => c.role))).toEqual(new Set(['k3s', 'runner']));
    expect(checks.filter((c) => c.ok !== 'true')).toEqual([]);
    expect(await op.getAttribute('data-ok')).toBe('true');
    await expect
      .poll(() => page.locator('[data-testid=host-table] tr[data-state=running]').count(), { timeout: 15_000 })
      .toBe(2);
    // Output of a check is one click away.
    await page.locator('[data-testid=check] summary').first().click();
    expect(await page.locator('[data-testid=check] details[open] pre').first().textContent()).not.toBe('');
  });

  it('runs the "baseline 10s" preset to finished with events and the DuckDB artifact on screen', async () => {
    baselineId = await startFromPreset('baseline-10s');
    expect(await waitForState(page, ['finished', 'failed', 'aborted', 'stop_failed'], 180_000)).toBe('finished');
    expect(await logRowCount(page)).toBeGreaterThan(5);
    await page.locator(`[data-testid=artifact-list] tr[data-path="${MEMORY}"]`).waitFor({ timeout: 15_000 });
    const explore = await page.getByTestId('explore-duckdb').getAttribute('href');
    expect(explore).toBe(`/explore?src=${encodeURIComponent(`/api/artifacts/${baselineId}/${MEMORY}`)}`);
    expect(await page.getByTestId('stop-button').isDisabled()).toBe(true);
    expect(await page.getByTestId('run-progress').textContent()).toContain('1/1 done');
  });

  it('stops a second run with the button after its first load event: aborted within 15 s, DuckDB holds the baseline', async () => {
    // Same function at another rate: a config already in the runner's memory would be skipped (resume).
    const runId = await startFromPreset('one-rate-1m', { iterations: '2', 'rate_strategy.rates': '20' });
    await page.locator(loadStarted).first().waitFor({ timeout: 120_000 });
    await page.getByTestId('stop-button').click();
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Confirm stop' }).click();
    await expect
      .poll(() => page.getByTestId('stop-button').textContent(), { timeout: 5_000 })
      .toMatch(/Stopping…|Run /);
    expect(await waitForState(page, ['aborted', 'stop_failed', 'failed', 'finished'], 15_000)).toBe('aborted');
    const stopS = (Date.now() - t0) / 1000;
    console.log(`stop button → aborted on screen: ${stopS.toFixed(2)} s`);
    expect(await page.getByTestId('stop-button').textContent()).toBe('Run aborted');

    const file = join(srv.outputRoot, runId, 'memory', RUNNER, 'peva_faas.duckdb');
    expect(existsSync(file)).toBe(true);
    const baselineCfg = readEvents(baselineId).find((e) => e.config_id)?.config_id;
    expect(baselineCfg).toBe(configIdOf([{ name: 'figlet', rate: 10 }]));
    const inst = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
    try {
      const conn = await inst.connect();
      const rows = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJS();
      const [ev] = await rows(`SELECT count(*)::INTEGER AS n FROM execution_events WHERE config_id = '${baselineCfg}'`);
      expect(Number(ev!.n)).toBeGreaterThanOrEqual(1);
      const [cat] = await rows(`SELECT count(*)::INTEGER AS n FROM config_catalog WHERE config_id = '${baselineCfg}'`);
      expect(Number(cat!.n)).toBe(1);
      conn.closeSync();
    } finally {
      inst.closeSync();
    }
    await page.locator(`[data-testid=artifact-list] tr[data-path="${MEMORY}"]`).waitFor({ timeout: 10_000 });
  });

  it('keeps the log gap-free across a reload and in a second tab; a STOP file from a shell aborts like the button', async () => {
    const runId = await startFromPreset('one-rate-1m', { 'rate_strategy.rates': '30' });
    await page.locator(loadStarted).first().waitFor({ timeout: 120_000 });
    await expect
      .poll(() => page.locator('[data-testid=event-log] [data-type=metric]').count(), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(3);
    const before = (await logEnds(page)).last;
    await page.reload();
    // The second tab goes through a proxy whose connections are cut mid-run.
    const proxy = await startProxy(srv.port);
    const second = await browser.newPage();
    await second.goto(`${proxy.url}/runs/${runId}`);
    const lastSeq = (p: Page) => p.getByTestId('event-counts').getAttribute('data-last-seq').then(Number);
    // The log goes on past what was on screen before the reload, in both tabs.
    for (const p of [page, second]) {
      await p.waitForFunction(
        (n) => Number(document.querySelector('[data-testid=event-counts]')?.getAttribute('data-last-seq')) > n + 3,
        before,
        { timeout: 20_000 },
      );
    }
    const seenBeforeDrop = await lastSeq(second);
    proxy.dropAll();
    await second.waitForFunction(
      (n) => Number(document.querySelector('[data-testid=event-counts]')?.getAttribute('data-last-seq')) > n + 2,
      seenBeforeDrop,
      { timeout: 30_000 },
    );
    // Resumed from the last seq it had (input lastEventId, or the Last-Event-ID header of a native EventSource retry).
    const resumed = proxy.requests.filter(
      (r) => r.includes('runs.events') && /"lastEventId":"[1-9]\d*"|last-event-id: [1-9]/i.test(r),
    );
    console.log(
      `after the drop: ${resumed[0]?.split('\r\n').find((l) => /lastEventId":"[1-9]|last-event-id/i.test(l))}`,
    );
    expect(
      resumed.length,
      proxy.requests.filter((r) => r.includes('runs.events')).join('\n---\n'),
    ).toBeGreaterThanOrEqual(1);
    await expect
      .poll(() => page.locator('[data-testid=chart-rps]').getAttribute('data-points'), { timeout: 10_000 })
      .not.toBe('0');
    // The README's screenshot is refreshed on request only, so test runs leave the tree clean.
    const shot = process.env.LBWEB_UPDATE_SCREENSHOT
      ? join(process.cwd(), 'docs', 'screenshot-run.png')
      : join(tmpdir(), `lbweb-run-${process.pid}.png`);
    await page.screenshot({ path: shot, fullPage: false });

    writeFileSync(join(srv.outputRoot, runId, 'STOP'), '');
    for (const p of [page, second])
      expect(await waitForState(p, ['aborted', 'stop_failed', 'failed', 'finished'], 15_000)).toBe('aborted');
    expect(await page.getByTestId('stop-button').textContent()).toBe('Run aborted');
    // Terminal: the stream has ended, every event is on disk. Same 1..N in both tabs.
    const n = readEvents(runId).length;
    for (const p of [page, second]) {
      await p.waitForFunction(
        (want) => Number(document.querySelector('[data-testid=event-counts]')?.getAttribute('data-last-seq')) === want,
        n,
        { timeout: 10_000 },
      );
      expect(await logSeqs(p)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      // The server resumed after the last seq: nothing came twice for the client to drop.
      expect(await p.getByTestId('event-counts').getAttribute('data-duplicates')).toBe('0');
    }
    await second.close();
    proxy.close();
  });

  it('lists the runs with their states and Explore links, then destroys the hosts from the Hosts page', async () => {
    await page.goto(`${srv.url}/runs`);
    await page.getByTestId('runs-table').waitFor();
    expect(await page.locator('[data-testid=runs-table] tbody tr').count()).toBe(3);
    expect(await page.locator(`tr[data-run-id="${baselineId}"] .badge`).first().textContent()).toBe('finished');
    expect(await page.locator('[data-testid=explore-link]').count()).toBe(3);

    await page.goto(`${srv.url}/hosts`);
    for (const p of descendantsOf(srv.proc.pid)) serverTree.add(p.pid);
    await page.getByRole('button', { name: 'Destroy' }).click();
    await page.getByRole('button', { name: 'Confirm destroy' }).click();
    await page.locator('[data-testid=operation][data-kind=destroy][data-running=false]').waitFor({ timeout: 60_000 });
    await expect
      .poll(() => page.locator('[data-testid=host-table] tr[data-state=absent]').count(), { timeout: 15_000 })
      .toBe(2);
    expect(pageLog.pageErrors).toEqual([]);
  });
});
