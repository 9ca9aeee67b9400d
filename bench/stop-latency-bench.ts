// Stop latency as the user sees it: Stop → Confirm clicked on the run page (headless
// Chromium, local provider) mid-load, then
//   load gone   — the gateway's `gateway_function_invocation_started` counter stops moving
//                 (the built-in driver runs inside the agent; k6 would be a child of it),
//   agent gone  — the agent process has exited (after its DuckDB CHECKPOINT),
//   terminal    — the page's state badge shows the terminal state.
// Run: LBWEB_DIST_DIR=.next-ui npx tsx bench/stop-latency-bench.ts   (goals < 1 s and < 5 s)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isPidAlive } from '@/server/process/proc-tree';
import { startLocalHostsSession } from '@/test/support/local-hosts';
import { hostsOperation, until } from '@/test/support/trpc-http';

const TRIALS = 3;
const RATE = 20;

const session = await startLocalHostsSession();
const { srv, browser, api } = session;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function startedCount(gatewayUrl: string): Promise<number> {
  const text = await (await fetch(`${gatewayUrl}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('gateway_function_invocation_started{'))
    .reduce((a, l) => a + Number(l.split(' ').at(-1)), 0);
}

let current: string | undefined;
try {
  const op = await hostsOperation(api, 'provision');
  if (!op?.ok) throw new Error(`provision failed: ${op?.error}`);
  const { gatewayUrl } = await api.get<{ gatewayUrl: string }>('hosts.status', { provider: 'local' });
  const page = await browser.newPage();
  const results: { load: number; agent: number; terminal: number; state: string; driver: string }[] = [];

  for (let trial = 1; trial <= TRIALS; trial++) {
    const cooldown = { max_wait_seconds: 30, sleep_step_seconds: 1, idle_threshold_pct: 100 };
    const config = {
      functions: [{ name: 'figlet', method: 'POST', body: 'stop' }],
      rate_strategy: { type: 'custom', rates: [RATE] },
      duration: '1m',
      iterations: 1,
      cooldown,
      memory: { fresh: true },
    };
    const { runId } = await api.post<{ runId: string }>('runs.start', { provider: 'local', config });
    current = runId;
    await page.goto(`${srv.url}/runs/${runId}`);
    await page
      .locator('[data-testid=event-log] [data-host="local-runner"][data-type=metric]')
      .nth(1)
      .waitFor({ timeout: 120_000 });
    const events = readFileSync(join(srv.outputRoot, runId, 'events.jsonl'), 'utf8');
    const agentPid = Number(/agent started on \S+ \(pid (\d+)\)/.exec(events)?.[1]);
    const driver = /load driver: ([^"(]+)/.exec(events)?.[1]?.trim() ?? '?';

    // Watch the gateway and the agent from here on, every 10 ms.
    let lastCount = await startedCount(gatewayUrl);
    let lastChange = Date.now();
    let agentGoneAt = 0;
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const n = await startedCount(gatewayUrl).catch(() => lastCount);
        if (n !== lastCount) [lastCount, lastChange] = [n, Date.now()];
        if (!agentGoneAt && !isPidAlive(agentPid)) agentGoneAt = Date.now();
        await sleep(10);
      }
    })();

    await page.getByTestId('stop-button').click();
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Confirm stop' }).click();
    await page.waitForFunction(
      () =>
        ['aborted', 'stop_failed', 'failed', 'finished'].includes(
          document.querySelector('[data-testid=run-state]')?.getAttribute('data-state') ?? '',
        ),
      null,
      { timeout: 60_000, polling: 10 },
    );
    const terminal = (Date.now() - t0) / 1000;
    const state = (await page.getByTestId('run-state').getAttribute('data-state')) ?? '?';
    await until('agent exit', () => agentGoneAt > 0, 30_000, 20);
    await sleep(1000); // a quiet second proves the counter has stopped for good
    watching = false;
    await watcher;
    const r = { load: (lastChange - t0) / 1000, agent: (agentGoneAt - t0) / 1000, terminal, state, driver };
    results.push(r);
    console.log(
      `trial ${trial} (${runId}, ${driver}): load gone ${r.load.toFixed(3)} s · agent gone ${r.agent.toFixed(3)} s · ${state} on screen ${terminal.toFixed(3)} s`,
    );
  }

  console.log(
    `\nStop latency, Confirm click → … (local provider, ${RATE} req/s, median of ${TRIALS}; goals load < 1 s, terminal < 5 s):`,
  );
  console.log(`  load driver gone (no new request at the gateway): ${median(results.map((r) => r.load)).toFixed(3)} s`);
  console.log(
    `  agent process gone (after CHECKPOINT):            ${median(results.map((r) => r.agent)).toFixed(3)} s`,
  );
  console.log(
    `  terminal state on screen:                         ${median(results.map((r) => r.terminal)).toFixed(3)} s  (${results.map((r) => r.state).join(', ')})`,
  );
} finally {
  // A trial that failed mid-run leaves its agent going (agents outlive the server by design).
  if (current) await api.post('runs.stop', { runId: current }).catch(() => undefined);
  await sleep(1000);
  await session.close();
}
