// The full controller flow on the Multipass provider, against the stand-in multipass:
// provision (VMs + role setup through stand-in role scripts + the agent bundle) → verify →
// run (the real bundled agent under `node` on the "runner VM", i.e. a directory here, with
// lb's default URLs resolved to the k3s VM's endpoints: a local stack playing the k3s target,
// with its basic-auth gateway) → a killed remote tail re-attached with no gap → Stop → collect. k3s/apt cannot
// run here: see test/fixtures/multipass/standin-target.ts.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  createStandinTarget,
  STANDIN_GATEWAY_PASSWORD,
  type StandinTarget,
} from '@/test/fixtures/multipass/standin-target';
import { createMultipassPairProvider } from '@/server/hosts/multipass/create-provider';
import type { MultipassPairProvider } from '@/server/hosts/multipass/multipass-pair-provider';
import { descendantsOf } from '@/server/process/proc-tree';
import { waitFor } from '@/server/process/wait-for';
import { RunManager } from './run-manager';
import type { StoredEvent } from '@/lib/contract/stored-event';
import { processesUnder } from '@/test/support/orphans';
import { readStoredEvents, STOPPABLE_RUN_CONFIG, streamDelivery } from '@/test/support/run-files';

const RUNNER = 'lbweb-flow-runner';
let root: string;
let target: StandinTarget;
let provider: MultipassPairProvider;
let manager: RunManager;

const readEvents = readStoredEvents;

/** Our stand-in's `tail -F` of the runner's stream file (a descendant of this test process). */
function remoteTails(): number[] {
  return descendantsOf(process.pid)
    .filter((p) => p.comm === 'tail')
    .filter((p) => readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').includes(`${RUNNER}/root/.lb/lb_web_runs/`))
    .map((p) => p.pid);
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'lbweb-mpflow-'));
  target = await createStandinTarget({ dir: root, project: 'flow' });
  // The same construction as getProvider('multipass'), from LBWEB_MULTIPASS_* settings.
  provider = createMultipassPairProvider(join(root, 'hosts', 'multipass'), { ...process.env, ...target.serverEnv });
  manager = new RunManager({ outputRoot: join(root, 'runs'), provider: () => provider, stopConfirmTimeoutMs: 15_000 });
}, 120_000);

afterAll(async () => {
  await manager?.shutdown(20_000);
  await provider?.destroy().catch(() => undefined);
  await target?.cleanup();
  expect(descendantsOf(process.pid).filter((p) => p.comm !== 'esbuild')).toEqual([]);
  // Detached agents are not our descendants: nothing may still run from this test's files.
  expect(processesUnder(root)).toEqual([]);
  rmSync(root, { recursive: true, force: true });
}, 60_000);

describe('controller flow on Multipass (stand-in)', () => {
  it('provision → setup → verify', async () => {
    const steps: string[] = [];
    const pair = await provider.provision({ onProgress: (p) => steps.push(`${p.role}:${p.step}`) });
    expect(pair.gatewayAuth).toBe(`Basic ${Buffer.from(`admin:${STANDIN_GATEWAY_PASSWORD}`).toString('base64')}`);
    expect(steps).toEqual(
      expect.arrayContaining([
        'all:preflight',
        'k3s:launch',
        'runner:bundle',
        'k3s:upload',
        'runner:upload',
        'k3s:done',
        'runner:done',
      ]),
    );
    // Prometheus needs a scrape or two before node_cpu_seconds_total has series.
    let checks = await provider.verify();
    await waitFor(async () => (checks = await provider.verify()).filter((c) => !c.ok).length === 1, {
      what: 'every check but k6 to pass',
      timeoutMs: 60_000,
    });
    expect(checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['k6 installed']); // none here: the agent uses its built-in driver
    expect(checks.map((c) => `${c.role}:${c.name}`)).toEqual([
      'k3s:k3s node Ready',
      'k3s:OpenFaaS gateway deployed',
      'k3s:Prometheus deployed',
      'k3s:Prometheus ready',
      'k3s:node_cpu_seconds_total has data',
      'runner:k6 installed',
      'runner:faas-cli installed',
      'runner:agent self-check (DuckDB)',
    ]);
  }, 180_000);

  it('run → killed tail re-attached with no gap → Stop → collect → aborted', async () => {
    const { runId, dir } = await manager.startRun({ config: STOPPABLE_RUN_CONFIG, provider: 'multipass' });
    const isLoad = (e: StoredEvent) => e.host === RUNNER && e.phase === 'load';
    await waitFor(() => readEvents(dir).some(isLoad), { what: 'a load event from the runner VM', timeoutMs: 90_000 });

    const [first] = remoteTails();
    expect(first).toBeGreaterThan(0);
    const seenBefore = readEvents(dir).filter((e) => e.host === RUNNER).length;
    process.kill(first!, 'SIGKILL');
    await waitFor(() => remoteTails().some((p) => p !== first), { what: 'the tail to re-attach', timeoutMs: 15_000 });
    await waitFor(() => readEvents(dir).filter((e) => e.host === RUNNER).length > seenBefore + 2, {
      what: 'events after the re-attach',
      timeoutMs: 30_000,
    });

    await manager.stopRun(runId);
    expect(await manager.waitForRun(runId)).toBe('aborted');
    expect(existsSync(join(target.standin.home(RUNNER), '.lb', 'STOP'))).toBe(true);

    // Every line of the agent's stream file arrived exactly once (src_offset = its end).
    const delivery = streamDelivery(dir, RUNNER);
    expect(delivery.stored).toEqual(delivery.lineEnds);
    const seqs = readEvents(dir).map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    const tails = target.standin.calls().filter((c) => c[0] === 'exec' && c[1] === RUNNER && c.includes('-F'));
    expect(tails.length).toBeGreaterThanOrEqual(2);
    expect(Number(tails[1]![tails[1]!.indexOf('-c') + 1]!.slice(1))).toBeGreaterThan(1);

    expect(target.standin.calls()).toContainEqual([
      'exec',
      RUNNER,
      '--',
      'node',
      '/home/ubuntu/lb-agent/agent.mjs',
      '--spec',
      `/home/ubuntu/.lb/lb_web_runs/${runId}/spec.json`,
      '--detach',
    ]);
    const agentEnd = readEvents(dir).find((e) => e.host === RUNNER && e.phase === 'end');
    expect(agentEnd?.status).toBe('stopped');
    const states = readEvents(dir)
      .map((e) => (e.data as { controller_state?: string } | undefined)?.controller_state)
      .filter(Boolean);
    expect(states).toEqual(
      expect.arrayContaining(['stop_armed', 'stopping_wait_runners', 'stopping_teardown', 'aborted']),
    );
    expect(readFileSync(join(dir, 'run.log'), 'utf8')).toContain(`wrote /home/ubuntu/.lb/STOP on ${RUNNER}`);
    // The agent's load reached the gateway of the "k3s" target.
    expect(readEvents(dir).some((e) => e.host === RUNNER && e.type === 'metric')).toBe(true);
    const journal = JSON.parse(readFileSync(join(dir, 'run_journal.json'), 'utf8'));
    expect(journal.metadata).toMatchObject({
      controller_state: 'aborted',
      execution_mode: 'multipass',
      runner_host: RUNNER,
      k3s_host: 'lbweb-flow-k3s',
    });
    const db = join(dir, 'memory', RUNNER, 'peva_faas.duckdb');
    expect(existsSync(db)).toBe(true);
    const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
    const conn = await instance.connect();
    const rows = (
      await conn.runAndReadAll(`SELECT status FROM run_sessions WHERE run_id = '${runId}'`)
    ).getRowObjects();
    conn.closeSync();
    instance.closeSync();
    expect(rows).toEqual([{ status: 'stopped' }]);
    expect(remoteTails()).toEqual([]);
  }, 240_000);
});
