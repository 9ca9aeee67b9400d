// Several runners for one run, for real: two sshd instances on loopback (each its own host key,
// client key and runner workdir), the local stack as the existing cluster. A run at 200 req/s
// total gives each runner 100 req/s, keeps their load windows together and merges their
// shares into one result row per configuration × iteration; Stop reaches both runners.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFromEvent } from '@/lib/contract/run-results';
import type { StoredEvent } from '@/lib/contract/stored-event';
import { LocalProvider } from '@/server/hosts/local/local-provider';
import { spawnOwned } from '@/server/process/owned-process';
import { descendantsOf } from '@/server/process/proc-tree';
import { repoRoot } from '@/server/process/repo-root';
import { waitFor } from '@/server/process/wait-for';
import { readRun } from '@/server/runs/read-run';
import { RunManager } from '@/server/runs/run-manager';
import { processesUnder } from '@/test/support/orphans';
import { everyConfigRuns, readStoredEvents, streamDelivery } from '@/test/support/run-files';
import { startSshd, type TestSshd } from '@/test/support/sshd';
import { saveSshPair } from './ssh-hosts-file';
import { sshRunnerName, SshProvider } from './ssh-provider';

const BIN = join(repoRoot(), 'bin', 'lb-web.mjs');
const LEAD = sshRunnerName(0);
const SECOND = sshRunnerName(1);

let root: string;
let sshds: TestSshd[];
let local: LocalProvider;
let ssh: SshProvider;
let manager: RunManager;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'lbweb-ssh-shared-'));
  sshds = await Promise.all([startSshd(), startSshd()]);
  local = new LocalProvider(join(root, 'hosts', 'local'));
  const pair = await local.provision();
  const target = (d: TestSshd, i: number) => ({
    host: '127.0.0.1',
    port: d.port,
    user: d.user,
    identityFile: d.identityFile,
    workdir: join(root, `runner-${i}`, '.lb'),
  });
  await saveSshPair(join(root, 'hosts', 'ssh'), {
    runner: target(sshds[0]!, 0),
    moreRunners: [target(sshds[1]!, 1)],
    cluster: { gatewayUrl: pair.gatewayUrl, prometheusUrl: pair.prometheusUrl },
  });
  ssh = new SshProvider(join(root, 'hosts', 'ssh'));
  manager = new RunManager({
    outputRoot: join(root, 'runs'),
    provider: (kind) => (kind === 'ssh' ? ssh : local),
    stopConfirmTimeoutMs: 15_000,
  });
  const provisioned = await ssh.provision();
  expect(provisioned.moreRunners?.map((r) => r.host.name)).toEqual([SECOND]);
}, 240_000);

afterAll(async () => {
  await manager?.shutdown(20_000);
  await ssh?.destroy().catch(() => undefined);
  await local?.destroy().catch(() => undefined);
  await local?.release?.();
  for (const d of sshds ?? []) await d.stop();
  expect(descendantsOf(process.pid).filter((p) => p.comm !== 'esbuild')).toEqual([]);
  expect(processesUnder(root)).toEqual([]);
  rmSync(root, { recursive: true, force: true });
}, 60_000);

const firstOf = (events: StoredEvent[], host: string, phase: string, step: number) =>
  events.find((e) => e.host === host && e.phase === phase && (e.data as { step?: number })?.step === step);

describe('a run shared by two runners over SSH', () => {
  it('status and verify cover every runner', async () => {
    const status = await ssh.status();
    expect(status.hosts.map((h) => [h.name, h.role, h.state])).toEqual([
      ['cluster', 'k3s', 'running'],
      [LEAD, 'runner', 'running'],
      [SECOND, 'runner', 'running'],
    ]);
    const checks = await ssh.verify();
    const selfChecks = checks.filter((c) => c.role === 'runner' && c.name === 'agent opens DuckDB');
    expect(selfChecks.map((c) => [c.host, c.ok])).toEqual([
      [LEAD, true],
      [SECOND, true],
    ]);
  }, 120_000);

  it('200 req/s split 100 + 100: one merged result row per configuration × iteration, events of both hosts', async () => {
    const { runId, dir } = await manager.startRun({ config: everyConfigRuns([200], '5s', 2), provider: 'ssh' });
    expect(await manager.waitForRun(runId)).toBe('finished');
    const events = readStoredEvents(dir);

    // One stream: events of both runners, every seq once, every line of each stream once.
    expect(new Set(events.map((e) => e.host))).toEqual(new Set([LEAD, SECOND, 'controller']));
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    for (const host of [LEAD, SECOND]) {
      const delivery = streamDelivery(dir, host);
      expect(delivery.stored).toEqual(delivery.lineEnds);
    }

    // The run's results: one row per configuration × iteration, 200 req/s × 5 s within 1 %.
    const records = events.flatMap((e) => recordFromEvent(e) ?? []);
    expect(records.map((r) => [r.label, r.iteration])).toEqual([
      ['figlet=200', 1],
      ['figlet=200', 2],
    ]);
    for (const r of records) {
      const fn = r.functions[0]!;
      expect(fn.rate).toBe(200);
      expect(Math.abs(fn.requests - 1000)).toBeLessThanOrEqual(10);
      expect(fn.p95_ms).toBeGreaterThan(0);
    }
    // Each runner sent its half, and the percentiles come from the merged histograms.
    const merges = events.filter((e) => e.phase === 'result').map((e) => (e.data as { merge: unknown }).merge);
    for (const m of merges) {
      expect(m).toMatchObject({
        percentiles: 'histogram',
        runners: [
          { host: LEAD, index: 0, requests: expect.closeTo(500, 0) },
          { host: SECOND, index: 1, requests: expect.closeTo(500, 0) },
        ],
      });
    }

    // The barrier: both runners started each step's load within a second of each other.
    for (const step of [1, 2]) {
      const lead = firstOf(events, LEAD, 'share_result', step)!;
      const second = firstOf(events, SECOND, 'share_result', step)!;
      expect(lead).toBeDefined();
      expect(second).toBeDefined();
    }
    const loadStart = (host: string) =>
      events.filter((e) => e.host === host && e.type === 'metric').map((e) => e.timestamp);
    const [a, b] = [loadStart(LEAD), loadStart(SECOND)];
    expect(Math.abs(a[0]! - b[0]!)).toBeLessThan(1.5);

    // The outcome and capacity come from the merged rows; both memories collected.
    const run = await readRun(join(root, 'runs'), runId);
    expect(run.runners?.map((r) => r.host)).toEqual([LEAD, SECOND]);
    expect(run.outcome).not.toBeNull();
    const collected = (run.journal.metadata.collected ?? []).filter((i) => i.what === 'DuckDB memory');
    expect(
      collected.map((i) => [i.to.includes(`/memory/${LEAD}/`) || i.to.includes(`/memory/${SECOND}/`), i.ok]),
    ).toEqual([
      [true, true],
      [true, true],
    ]);
  }, 300_000);

  it('kill -9 of the controller mid-load: a new controller re-attaches both runners; every merged row once, no gap', async () => {
    // `lb-web run` in its own process, with the hosts this test saved: the controller we kill.
    const outputRoot = join(root, 'runs-crash');
    const runId = 'run-shared-crash';
    const dir = join(outputRoot, runId);
    const file = join(root, `${runId}.json`);
    writeFileSync(file, JSON.stringify(everyConfigRuns([200], '5s', 2)));
    const out: string[] = [];
    const cli = spawnOwned(
      [process.execPath, BIN, 'run', '-c', file, '--provider', 'ssh', '--output', outputRoot, '--run-id', runId],
      {
        cwd: root,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, LBWEB_HOSTS_ROOT: join(root, 'hosts') },
        onStdoutLine: (l) => out.push(l),
        onStderrLine: (l) => out.push(l),
      },
    );
    await waitFor(
      () => {
        const ev = readStoredEvents(dir);
        return [LEAD, SECOND].every((h) => ev.some((e) => e.host === h && e.type === 'metric'));
      },
      { what: `load from both runners (CLI: ${out.slice(-3).join(' | ')})`, timeoutMs: 120_000 },
    );
    cli.signal('SIGKILL');
    await cli.exited;

    const recovering = new RunManager({ outputRoot, provider: (kind) => (kind === 'ssh' ? ssh : local) });
    await recovering.recovered;
    expect(await recovering.waitForRun(runId)).toBe('finished');
    await recovering.shutdown(20_000);

    const events = readStoredEvents(dir);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    for (const host of [LEAD, SECOND]) {
      const delivery = streamDelivery(dir, host);
      expect(delivery.stored).toEqual(delivery.lineEnds);
    }
    const merged = events.filter((e) => e.phase === 'result');
    expect(merged.map((e) => [e.iteration, (e.data as { merge: { step: number } }).merge.step])).toEqual([
      [1, 1],
      [2, 2],
    ]);
    for (const r of events.flatMap((e) => recordFromEvent(e) ?? [])) {
      expect(Math.abs(r.functions[0]!.requests - 1000)).toBeLessThanOrEqual(10);
    }
  }, 300_000);

  it('Stop reaches both runners: the run ends aborted, both agents gone, nothing left running', async () => {
    const { runId, dir } = await manager.startRun({ config: everyConfigRuns([200], '1m', 1), provider: 'ssh' });
    await waitFor(
      () => {
        const ev = readStoredEvents(dir);
        return [LEAD, SECOND].every((h) => ev.some((e) => e.host === h && e.type === 'metric'));
      },
      { what: 'load from both runners', timeoutMs: 120_000 },
    );
    await manager.stopRun(runId);
    expect(await manager.waitForRun(runId)).toBe('aborted');
    const events = readStoredEvents(dir);
    for (const host of [LEAD, SECOND]) {
      expect(events.find((e) => e.host === host && e.phase === 'end')?.status).toBe('stopped');
    }
    expect(processesUnder(root).filter((p) => p.cmdline.includes('agent.mjs'))).toEqual([]);
  }, 240_000);
});
