// Faults with real processes on the local provider: the controller (an `lb-web run` process)
// or the agent killed with SIGKILL mid-load, the agent frozen with SIGSTOP. After each: the
// run reaches a terminal state, every iteration committed on the runner is in the collected
// file, events.jsonl has no seq gap or duplicate, and nothing is left running.
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '@/lib/contract/stored-event';
import { LocalProvider } from '@/server/hosts/local/local-provider';
import { spawnOwned } from '@/server/process/owned-process';
import { descendantsOf } from '@/server/process/proc-tree';
import { repoRoot } from '@/server/process/repo-root';
import { pollFor, waitFor } from '@/server/process/wait-for';
import { processesUnder } from '@/test/support/orphans';
import { everyConfigRuns, readStoredEvents, seqBreaks } from '@/test/support/run-files';
import { readRun } from './read-run';
import { RunManager } from './run-manager';

let root: string;
let provider: LocalProvider;
const BIN = join(repoRoot(), 'bin', 'lb-web.mjs');

const config = (rates: number[], duration = '3s') => everyConfigRuns(rates, duration);

const events = readStoredEvents;

function expectNoGapNoDuplicate(dir: string): void {
  expect(seqBreaks(events(dir))).toEqual([]);
}

/** execution_events rows of a DuckDB file (opened read-only). */
async function committedIterations(file: string): Promise<number> {
  const db = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  try {
    const c = await db.connect();
    const r = await c.runAndReadAll('SELECT count(*) AS n FROM execution_events');
    c.closeSync();
    return Number(r.getRowObjects()[0]?.n ?? 0);
  } finally {
    db.closeSync();
  }
}

const runnerMemory = () =>
  join(provider.runner.lbWorkdir, 'benchmark_results', 'peva_faas', 'memory', 'peva_faas.duckdb');

/** `lb-web run` in its own process: the controller a fault kills. */
function cliRun(outputRoot: string, runId: string, cfg: object) {
  const file = join(root, `${runId}.json`);
  writeFileSync(file, JSON.stringify(cfg));
  const lines: string[] = [];
  const proc = spawnOwned([process.execPath, BIN, 'run', '-c', file, '--output', outputRoot, '--run-id', runId], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LBWEB_HOSTS_ROOT: join(root, 'hosts') },
    onStdoutLine: (l) => lines.push(l),
    onStderrLine: (l) => lines.push(l),
  });
  return { proc, lines };
}

async function waitForEvent(dir: string, pred: (e: StoredEvent) => boolean, what: string): Promise<StoredEvent> {
  return pollFor<StoredEvent>(
    () => {
      const hit = events(dir).find(pred);
      return hit ? { done: true, value: hit } : { done: false };
    },
    { what, timeoutMs: 90_000 },
  );
}

const isLoad = (e: StoredEvent) => e.host === 'local-runner' && e.type === 'metric';

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'lbweb-faults-'));
  // The same host directories `lb-web run` uses for LBWEB_HOSTS_ROOT=<root>/hosts.
  provider = new LocalProvider(join(root, 'hosts', 'local'));
  await provider.provision();
}, 120_000);

afterAll(async () => {
  await provider?.destroy();
  expect(descendantsOf(process.pid).filter((p) => p.comm !== 'esbuild')).toEqual([]);
  expect(processesUnder(root)).toEqual([]);
  rmSync(root, { recursive: true, force: true });
}, 60_000);

describe('fault injection', () => {
  it('kill -9 of the controller mid-load: the agent runs on; a new controller re-attaches and the run finishes with every configuration', async () => {
    const outputRoot = join(root, 'runs-ctl');
    const runId = 'run-ctl-kill';
    const dir = join(outputRoot, runId);
    const cli = cliRun(outputRoot, runId, config([5, 10]));
    await waitFor(() => events(dir).some(isLoad), { what: 'load from the CLI run', timeoutMs: 90_000 });
    const agentPid = (await readRun(outputRoot, runId)).agentPid!;
    cli.proc.signal('SIGKILL');
    await cli.proc.exited;
    expect(await provider.runner.isAlive(agentPid)).toBe(true); // the agent outlived its controller

    const t0 = Date.now();
    const manager = new RunManager({ outputRoot, provider: () => provider });
    await manager.recovered;
    expect(await manager.waitForRun(runId)).toBe('finished');
    const recoverS = (Date.now() - t0) / 1000;
    expect(recoverS).toBeLessThan(120);

    const run = await readRun(outputRoot, runId);
    expect(run.progress).toMatchObject({ configs_total: 2, configs_done: 2, configs_failed: 0 });
    expect(await committedIterations(join(dir, run.memoryFile!))).toBe(2);
    expect(await committedIterations(runnerMemory())).toBe(2);
    expectNoGapNoDuplicate(dir);
    expect(events(dir).filter((e) => e.host === 'local-runner' && e.phase === 'end')).toHaveLength(1);
  }, 180_000);

  it('kill -9 of the agent mid-load: the run ends failed naming SIGKILL, the collected copy opens and holds every committed iteration', async () => {
    const outputRoot = join(root, 'runs-agent');
    const manager = new RunManager({ outputRoot, provider: () => provider });
    const { runId, dir } = await manager.startRun({ config: config([5, 10, 15], '4s'), runId: 'run-agent-kill' });
    // Let the first configuration commit, then kill during the second's load.
    const firstDone = await waitForEvent(dir, (e) => e.phase === 'config_done', 'the first configuration to finish');
    await waitForEvent(dir, (e) => isLoad(e) && e.seq > firstDone.seq, 'load of the next one');
    const { agentPid, supervisorPid } = await readRun(outputRoot, runId);
    process.kill(agentPid!, 'SIGKILL');
    expect(await manager.waitForRun(runId)).toBe('failed');

    const run = await readRun(outputRoot, runId);
    expect(run.error).toMatch(/killed by SIGKILL/);
    const mem = (run.journal.metadata.collected ?? []).find((i) => i.what === 'DuckDB memory');
    expect(mem).toMatchObject({ ok: true, inspection: { ok: true, sessionClosed: true } });
    const copy = await committedIterations(join(dir, run.memoryFile!));
    expect(copy).toBeGreaterThanOrEqual(1);
    expect(copy).toBe(await committedIterations(runnerMemory()));
    expect(await provider.runner.isAlive(supervisorPid!)).toBe(false);
    expect(run.tasks.every((t) => t.status === 'FAILED')).toBe(true);
    expectNoGapNoDuplicate(dir);
  }, 180_000);

  it('SIGSTOP of the agent for 5 s, then SIGCONT: the run carries on and finishes', async () => {
    const outputRoot = join(root, 'runs-stopcont');
    const manager = new RunManager({ outputRoot, provider: () => provider });
    const { runId, dir } = await manager.startRun({ config: config([5], '6s'), runId: 'run-sigstop' });
    await waitForEvent(dir, isLoad, 'load');
    const { agentPid } = await readRun(outputRoot, runId);
    process.kill(agentPid!, 'SIGSTOP');
    await new Promise((r) => setTimeout(r, 5000));
    process.kill(agentPid!, 'SIGCONT');
    expect(await manager.waitForRun(runId)).toBe('finished');
    expect(await committedIterations(join(dir, (await readRun(outputRoot, runId)).memoryFile!))).toBe(1);
    expectNoGapNoDuplicate(dir);
  }, 120_000);

  it('kill -9 of the controller, and the agent ends before anyone re-attaches: collected and closed with its real status', async () => {
    const outputRoot = join(root, 'runs-late');
    const runId = 'run-late';
    const dir = join(outputRoot, runId);
    const cli = cliRun(outputRoot, runId, config([5], '3s'));
    await waitFor(() => events(dir).some(isLoad), { what: 'load', timeoutMs: 90_000 });
    const agentPid = (await readRun(outputRoot, runId)).agentPid!;
    cli.proc.signal('SIGKILL');
    await cli.proc.exited;
    await waitFor(async () => !(await provider.runner.isAlive(agentPid)), {
      what: 'the agent to end',
      timeoutMs: 60_000,
    });

    // A short CLI command re-attaches orphans whose agent ended: collect and close.
    const manager = new RunManager({ outputRoot, provider: () => provider, recover: 'ended', controllerKind: 'cli' });
    await manager.recovered;
    expect(await manager.waitForRun(runId)).toBe('finished');
    expect(await committedIterations(join(dir, (await readRun(outputRoot, runId)).memoryFile!))).toBe(1);
    expectNoGapNoDuplicate(dir);
  }, 150_000);

  it('a second run on a busy runner is refused, naming the run that holds it', async () => {
    const outputRoot = join(root, 'runs-busy');
    const manager = new RunManager({ outputRoot, provider: () => provider });
    const { runId, dir } = await manager.startRun({ config: config([5], '5s'), runId: 'run-busy-a' });
    await waitForEvent(dir, isLoad, 'load of the first run');
    await expect(manager.startRun({ config: config([5], '5s'), runId: 'run-busy-b' })).rejects.toMatchObject({
      name: 'RunnerBusyError',
      message: expect.stringContaining(runId),
    });
    // Another output root, same runner: the runner's own claim refuses the agent.
    const other = new RunManager({ outputRoot: join(root, 'runs-busy-2'), provider: () => provider });
    const second = await other.startRun({ config: config([5], '5s'), runId: 'run-busy-c' });
    expect(await other.waitForRun(second.runId)).toBe('failed');
    expect((await readRun(join(root, 'runs-busy-2'), second.runId)).error).toMatch(/busy with run run-busy-a/);
    expect(await manager.waitForRun(runId)).toBe('finished');
  }, 150_000);
});
