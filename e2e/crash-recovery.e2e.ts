// The server killed with SIGKILL mid-load and started again (issue 9's Done-when): the agent
// runs on detached, the new server re-attaches it, the run ends `finished` with every
// configuration recorded, and the page that stayed open shows the stream with no gap and no
// duplicate. Nothing is left running afterwards.
import { everyConfigRuns } from '@/test/support/run-files';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserSession } from '@/test/support/browser';
import { processesUnder } from '@/test/support/orphans';
import { startServer, type TestServer } from '@/test/support/server';
import { hostsOperation, trpcHttp, until } from '@/test/support/trpc-http';

let root: string;
let srv: TestServer;
let browser: BrowserSession;
let page: Page;

const runConfig = everyConfigRuns([5, 10], '6s');

const counts = async () => {
  const el = page.getByTestId('event-counts');
  return {
    total: Number(await el.getAttribute('data-total')),
    lastSeq: Number(await el.getAttribute('data-last-seq')),
    duplicates: Number(await el.getAttribute('data-duplicates')),
  };
};

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'lbweb-e2e-crash-'));
  srv = await startServer({ outputRoot: join(root, 'runs'), env: { LBWEB_HOSTS_ROOT: join(root, 'hosts') } });
  browser = await launchBrowser();
  page = await browser.newPage();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await hostsOperation(trpcHttp(srv.url), 'destroy', 60_000).catch(() => undefined);
  await srv?.stop();
  expect(processesUnder(root)).toEqual([]);
  rmSync(root, { recursive: true, force: true });
}, 120_000);

describe('crash recovery in the browser', () => {
  it('kill -9 of the server mid-load, restart: the run finishes with every configuration and the page shows no gap', async () => {
    let api = trpcHttp(srv.url);
    expect((await hostsOperation(api, 'provision'))?.ok).toBe(true);
    const { runId } = await api.post<{ runId: string }>('runs.start', { config: runConfig, runId: 'run-crash' });
    await page.goto(`${srv.url}/runs/${runId}`);
    await page.locator('[data-testid=event-log] [data-type=metric]').first().waitFor({ timeout: 120_000 });

    const port = srv.port;
    srv.proc.signal('SIGKILL');
    await srv.proc.exited;
    const journal = () =>
      JSON.parse(readFileSync(join(root, 'runs', runId, 'run_journal.json'), 'utf8')) as {
        metadata: { controller_state: string; agent_pid: number; progress?: { configs_done: number } };
      };
    expect(journal().metadata.controller_state).toBe('running_workloads');

    srv = await startServer({ outputRoot: join(root, 'runs'), port, env: { LBWEB_HOSTS_ROOT: join(root, 'hosts') } });
    api = trpcHttp(srv.url);
    const final = await until(
      'the re-attached run to end',
      async () => {
        const r = await api.get<{ state: string }>('runs.get', { runId });
        return ['finished', 'failed', 'aborted', 'stop_failed'].includes(r.state) ? r.state : null;
      },
      120_000,
    );
    expect(final).toBe('finished');
    const agentEvents = readFileSync(join(root, 'runs', runId, 'events.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('"host":"local-runner"') && l.includes('"phase":"config_done"'));
    expect(agentEvents, `progress ${JSON.stringify(journal().metadata.progress)}`).toHaveLength(2);
    expect(journal().metadata.progress?.configs_done).toBe(2);
    // What the run found survives the kill too: the re-attached controller wrote it.
    const found = journal().metadata as { outcome?: { kind: string }; capacity?: unknown[] };
    expect(found.outcome?.kind).toBe('passed');
    expect(found.capacity).toEqual([expect.objectContaining({ function: 'figlet', testedRates: [5, 10] })]);

    // The page that stayed open reconnected to the new server and holds every event once.
    await page
      .locator('[data-testid=run-state][data-state=finished]')
      .waitFor({ timeout: 60_000 })
      .catch(async () => {
        await page.reload(); // a browser may give up on a dead server; a reload must still be complete
        await page.locator('[data-testid=run-state][data-state=finished]').waitFor({ timeout: 30_000 });
      });
    const lines = readFileSync(join(root, 'runs', runId, 'events.jsonl'), 'utf8')
      .trim()
      .split('\n');
    await expect.poll(async () => (await counts()).lastSeq, { timeout: 20_000 }).toBe(lines.length);
    const c = await counts();
    expect(c.total).toBe(c.lastSeq);
    const seqs = lines.map((l) => (JSON.parse(l) as { seq: number }).seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    // And the page that lived through it shows both configurations' results, once each.
    expect(await page.locator('[data-testid=result-row][data-kind=result]').count()).toBe(2);
    expect(await page.getByTestId('run-outcome').getAttribute('data-outcome')).toBe('passed');
  }, 420_000);
});
