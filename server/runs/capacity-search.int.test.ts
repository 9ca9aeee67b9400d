// The capacity search on the real local stack: the same config run as the full grid and with
// `algorithm_entrypoint: lb_web.policies:CapacitySearch` finds the same cpu-burn capacity
// (within one rate step) with fewer configurations. cpu-burn busy-loops 200 ms per request in
// one single-threaded worker, so it serves ~5 req/s: above that the queue grows and p95 crosses
// the run's 400 ms limit — the threshold forces the capacity into the middle of the 0–10 range.
// Also: a missing custom policy module refuses the start with lb's message, before anything exists.
import { everyConfigRuns } from '@/test/support/run-files';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { listProcesses } from '@/server/process/proc-tree';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalProvider } from '@/server/hosts/local/local-provider';
import { CAPACITY_SEARCH_ENTRYPOINT } from '@/lib/contract/policy-settings';
import { SearchStateSchema } from '@/lib/contract/capacity-search';
import type { StoredEvent } from '@/lib/contract/stored-event';
import { capacityPerFunction, recordFromEvent, type ResultRecord } from '@/lib/contract/run-results';
import { readStoredEvents } from '@/test/support/run-files';
import { missingPolicyModule } from '@/server/peva/policy/policy-module';
import { RunManager } from './run-manager';

let root: string;
let provider: LocalProvider;
let manager: RunManager;

const STEP = 1;
const thresholds = { 'cpu-burn': { p95_ms: 400 } };
// Only the threshold decides here: everyConfigRuns sets lb's overload rules out of reach.
const config = (extra: Record<string, unknown> = {}) => ({
  ...everyConfigRuns([], '4s'),
  functions: [{ name: 'cpu-burn', method: 'POST', body: '200' }],
  rate_strategy: { type: 'linear', min_rate: 0, max_rate: 10, step: STEP },
  ...extra,
});

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'lbweb-capsearch-'));
  provider = new LocalProvider(join(root, 'hosts'));
  manager = new RunManager({ outputRoot: join(root, 'runs'), provider: () => provider, stopConfirmTimeoutMs: 10_000 });
  await provider.provision();
}, 120_000);

afterAll(async () => {
  await manager?.shutdown();
  await provider?.destroy();
  rmSync(root, { recursive: true, force: true });
});

const dataOf = (e: StoredEvent): Record<string, unknown> => (e.data ?? {}) as Record<string, unknown>;

/** Agent processes of this test's hosts (detached, so found by command line, not as children). */
function agentProcesses(): string[] {
  return listProcesses()
    .map((p) => {
      try {
        return readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').split('\0').join(' ');
      } catch {
        return '';
      }
    })
    .filter((cmd) => cmd.includes('agent/main') && cmd.includes(root));
}

async function run(cfg: unknown) {
  const t0 = Date.now();
  const { runId, dir } = await manager.startRun({ config: cfg, thresholds });
  const state = await manager.waitForRun(runId);
  const events = readStoredEvents(dir);
  const records = events.map(recordFromEvent).filter((r): r is ResultRecord => r !== null);
  const capacity = capacityPerFunction(records, thresholds)[0];
  return {
    state,
    events,
    records,
    capacity,
    configs: new Set(records.map((r) => r.config_id)).size,
    ms: Date.now() - t0,
  };
}

describe('capacity search (local provider)', () => {
  it('finds the grid run’s cpu-burn capacity within one rate step, with fewer configurations', async () => {
    const grid = await run(config());
    const search = await run(config({ algorithm_entrypoint: CAPACITY_SEARCH_ENTRYPOINT }));
    console.log(
      `grid: ${grid.configs} configurations in ${(grid.ms / 1000).toFixed(1)} s, capacity ${grid.capacity?.capacity} ` +
        `(fails at ${grid.capacity?.failsAt}); search: ${search.configs} configurations in ${(search.ms / 1000).toFixed(1)} s, ` +
        `capacity ${search.capacity?.capacity} (fails at ${search.capacity?.failsAt}, tried ${search.capacity?.testedRates.join(', ')})`,
    );
    expect(grid.state).toBe('finished');
    expect(search.state).toBe('finished');
    // The limit must bite inside the range, or the comparison says nothing.
    expect(grid.capacity?.capacity).not.toBeNull();
    expect(grid.capacity?.failsAt).not.toBeNull();
    expect(search.capacity?.capacity).not.toBeNull();
    expect(Math.abs(search.capacity!.capacity! - grid.capacity!.capacity!)).toBeLessThanOrEqual(STEP);
    expect(search.configs).toBeLessThan(grid.configs);
    // Why each configuration was chosen: one policy event per configuration run.
    const policyEvents = search.events.filter((e) => e.phase === 'policy');
    const choices = policyEvents.filter((e) => SearchStateSchema.safeParse(dataOf(e).search).data?.probe);
    expect(choices.length).toBe(search.configs);
    // The search states itself as it goes (data.search) and once more when it ends: the run
    // page's and the report's capacity-search section come from these.
    const last = SearchStateSchema.parse(dataOf(policyEvents.at(-1)!).search);
    expect(last.done).toBe(true);
    expect(last.lines).toHaveLength(1);
    expect(last.lines[0]).toMatchObject({
      function: 'cpu-burn',
      bracketed: true,
      capacity: search.capacity!.capacity,
    });
    expect(last.lines[0]!.tried.map((t) => t.rate).sort((a, b) => a - b)).toEqual(search.capacity!.testedRates);
    expect(choices[0]?.message).toMatch(
      /capacity search on cpu-burn: passed up to none yet, failed from none yet → trying/,
    );
  }, 600_000);

  it("a missing custom policy module refuses the start with lb's message: no run directory, no agent", async () => {
    const runs = join(root, 'runs');
    const before = existsSync(runs) ? readdirSync(runs) : [];
    const agentRuns = join(provider.runner.lbWorkdir, 'lb_web_runs');
    const agentBefore = existsSync(agentRuns) ? readdirSync(agentRuns) : [];
    await expect(
      manager.startRun({
        config: config({ algorithm_entrypoint: 'policies.missing:Policy' }),
        runId: 'missing-policy',
      }),
    ).rejects.toThrow(
      `algorithm_entrypoint: No module named 'policies.missing' (looked for ${provider.runner.lbWorkdir}/policies/missing.mjs or .js)`,
    );
    // Nothing was created or started: no run directory (so no journal in any state), no agent spec or output.
    expect(existsSync(join(runs, 'missing-policy'))).toBe(false);
    expect(existsSync(runs) ? readdirSync(runs) : []).toEqual(before);
    expect(existsSync(agentRuns) ? readdirSync(agentRuns) : []).toEqual(agentBefore);
    expect(agentProcesses()).toEqual([]);
    // The New-run pre-flight says the same before Start is pressed.
    const pre = await manager.preflight({ config: config({ algorithm_entrypoint: 'policies.missing:Policy' }) });
    expect(pre.warnings).toContain(
      `Start will refuse this config: algorithm_entrypoint: No module named 'policies.missing' (looked for ${provider.runner.lbWorkdir}/policies/missing.mjs or .js)`,
    );
    // The same module, once on the runner, passes the check (the run is not started here).
    mkdirSync(join(provider.runner.lbWorkdir, 'policies'), { recursive: true });
    writeFileSync(join(provider.runner.lbWorkdir, 'policies', 'present.mjs'), 'export class P {}');
    expect(await missingPolicyModule('policies.present:P', provider.runner)).toBeNull();
    const ok = await manager.preflight({ config: config({ algorithm_entrypoint: 'policies.present:P' }) });
    expect(ok.warnings.filter((w) => w.startsWith('Start will refuse'))).toEqual([]);
  }, 60_000);

  it('checks a local runner whose stack is down too (its workdir is a directory): the same refusal', async () => {
    const idle = new LocalProvider(join(root, 'idle-hosts'));
    const idleManager = new RunManager({ outputRoot: join(root, 'idle-runs'), provider: () => idle, recover: false });
    expect(await idle.connect()).toBeNull();
    await expect(
      idleManager.startRun({ config: config({ algorithm_entrypoint: 'policies.missing:Policy' }) }),
    ).rejects.toThrow(`No module named 'policies.missing' (looked for ${idle.runner.lbWorkdir}/policies/missing.mjs`);
    expect(existsSync(join(root, 'idle-runs')) ? readdirSync(join(root, 'idle-runs')) : []).toEqual([]);
    expect(await idle.connect()).toBeNull(); // nothing was provisioned
    await idleManager.shutdown();
  });
});
