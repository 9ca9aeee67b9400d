// Screenshots of the dashboard for the docs (docs/screenshots/, referenced from the README):
// home, a live run, the runs list and the explorer, in the light and the dark theme. Runs the
// production server on the local provider with a few short runs and one live run.
// Run: npx next build && npx tsx scripts/screenshots.ts
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from '@/test/support/browser';
import { blockExternal } from '@/test/support/routes';
import { everyConfigRuns } from '@/test/support/run-files';
import { REPO_ROOT, startServer } from '@/test/support/server';
import { hostsOperation, terminalState, trpcHttp } from '@/test/support/trpc-http';

const OUT = join(REPO_ROOT, 'docs', 'screenshots');
const root = mkdtempSync(join(tmpdir(), 'lbweb-shots-'));
const srv = await startServer({ outputRoot: join(root, 'runs'), env: { LBWEB_HOSTS_ROOT: join(root, 'hosts') } });
const api = trpcHttp(srv.url);
const browser = await launchBrowser();
try {
  await blockExternal(browser.context, srv.url);
  if (!(await hostsOperation(api, 'provision'))?.ok) throw new Error('provision failed');
  const finished: string[] = [];
  for (const rates of [
    [5, 10],
    [5, 10, 15],
    [5, 10, 15, 20],
  ]) {
    const { runId } = await api.post<{ runId: string }>('runs.start', { config: everyConfigRuns(rates, '3s') });
    if ((await terminalState(api, runId)) !== 'finished') throw new Error(`${runId} did not finish`);
    finished.push(runId);
  }
  const { runId: live } = await api.post<{ runId: string }>('runs.start', { config: everyConfigRuns([10, 20], '40s') });
  mkdirSync(OUT, { recursive: true });
  const memory = `/api/artifacts/${finished.at(-1)}/memory/local-runner/peva_faas.duckdb`;
  const shots = [
    ['home', '/', `[data-testid=active-run] [data-testid=live-rate][data-rps]:not([data-rps=""])`],
    ['run', `/runs/${live}`, '[data-testid=metric-chart], [data-testid=event-log]'],
    ['runs', '/runs', '[data-testid=runs-table]'],
    ['explore', `/explore?src=${encodeURIComponent(memory)}`, '[data-testid=catalog-item]'],
  ] as const;
  for (const theme of ['light', 'dark'] as const) {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.addInitScript((t) => localStorage.setItem('lbweb-theme', t), theme);
    for (const [name, path, ready] of shots) {
      await page.goto(`${srv.url}${path}`);
      await page.locator(ready).first().waitFor({ timeout: 120_000 });
      await page.waitForTimeout(2500);
      await page.screenshot({ path: join(OUT, `${name}-${theme}.png`) });
      console.log(`docs/screenshots/${name}-${theme}.png`);
    }
    await page.close();
  }
  await api.post('runs.stop', { runId: live });
  await terminalState(api, live);
} finally {
  await browser.close();
  await hostsOperation(api, 'destroy', 60_000).catch(() => undefined);
  await srv.stop();
  rmSync(root, { recursive: true, force: true });
}
