// The SSH provider against a real sshd (Debian's, on 127.0.0.1 and a free port, our own host and
// client keys): provision (agent bundle + its DuckDB dependency over SSH) → verify (the runner
// over SSH, the local stack as an existing cluster over HTTP) → a run whose SSH session is
// killed mid-run (the agent keeps running, the stream resumes with no gap) → Stop → the DuckDB
// file collected; a key the server refuses fails with the host and the fix.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '@/lib/contract/stored-event';
import { LocalProvider } from '@/server/hosts/local/local-provider';
import { descendantsOf } from '@/server/process/proc-tree';
import { waitFor } from '@/server/process/wait-for';
import { RunManager } from '@/server/runs/run-manager';
import { processesUnder } from '@/test/support/orphans';
import { readStoredEvents, STOPPABLE_RUN_CONFIG, streamDelivery } from '@/test/support/run-files';
import { startSshd, type TestSshd } from '@/test/support/sshd';
import { resolveWorkdir } from './ssh-host';
import { readSshPair, saveSshPair, sshKnownHostsFile } from './ssh-hosts-file';
import { SSH_RUNNER, SshProvider } from './ssh-provider';

let root: string;
let sshd: TestSshd;
let local: LocalProvider;
let ssh: SshProvider;
let manager: RunManager;
let cluster: { gatewayUrl: string; prometheusUrl: string };

const runnerDef = (identityFile: string) => ({
  host: '127.0.0.1',
  port: sshd.port,
  user: sshd.user,
  identityFile,
  workdir: join(root, 'runner-home', '.lb'),
});

/** The remote `tail -F` of the run's stream, as sshd runs it for our session. */
function remoteTail(): { pid: number; session: number } | undefined {
  const all = descendantsOf(sshd.proc.pid);
  const tail = all.find(
    (p) => p.comm === 'tail' && readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').includes('lb_web_runs'),
  );
  if (!tail) return undefined;
  // Walk up to the per-connection sshd (a direct child of the listener).
  let p = tail;
  while (p.ppid !== sshd.proc.pid) {
    const parent = all.find((q) => q.pid === p.ppid);
    if (!parent) return undefined;
    p = parent;
  }
  return { pid: tail.pid, session: p.pid };
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'lbweb-ssh-'));
  sshd = await startSshd();
  local = new LocalProvider(join(root, 'hosts', 'local'));
  const pair = await local.provision();
  cluster = { gatewayUrl: pair.gatewayUrl, prometheusUrl: pair.prometheusUrl };
  await saveSshPair(join(root, 'hosts', 'ssh'), { runner: runnerDef(sshd.identityFile), cluster });
  ssh = new SshProvider(join(root, 'hosts', 'ssh'));
  manager = new RunManager({
    outputRoot: join(root, 'runs'),
    provider: (kind) => (kind === 'ssh' ? ssh : local),
    stopConfirmTimeoutMs: 15_000,
  });
}, 120_000);

afterAll(async () => {
  await manager?.shutdown(20_000);
  await ssh?.destroy().catch(() => undefined);
  await local?.destroy().catch(() => undefined);
  await local?.release?.();
  await sshd?.stop();
  expect(descendantsOf(process.pid).filter((p) => p.comm !== 'esbuild')).toEqual([]);
  expect(processesUnder(root)).toEqual([]);
  rmSync(root, { recursive: true, force: true });
}, 60_000);

describe('ssh provider (real sshd on loopback)', () => {
  it('saves the pair 0600 and resolves ~/ against the login home', async () => {
    const dir = join(root, 'hosts', 'ssh');
    expect(statSync(join(dir, 'hosts.json')).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect((await readSshPair(dir))?.runner.knownHosts).toBe('accept-new');
    const home = await resolveWorkdir(
      { ...runnerDef(sshd.identityFile), knownHosts: 'accept-new', workdir: '~/.lb' },
      sshKnownHostsFile(dir),
    );
    expect(home).toBe(`${process.env.HOME ?? '/root'}/.lb`);
  });

  it('a key the host refuses: a clear error naming the host and the fix, nothing installed', async () => {
    const other = join(root, 'hosts', 'ssh-stranger');
    await saveSshPair(other, { runner: runnerDef(sshd.strangerKey), cluster });
    const err = await new SshProvider(other).provision().then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(
      new RegExp(`ssh to ${sshd.user}@127\\.0\\.0\\.1:${sshd.port} failed.*not accepted.*authorized_keys`),
    );
    expect(existsSync(join(root, 'runner-home', '.lb', 'lb-web-agent'))).toBe(false);
  }, 60_000);

  it('host keys: strict refuses an unknown host, and a changed key is refused under either policy', async () => {
    const strict = join(root, 'hosts', 'ssh-strict');
    await saveSshPair(strict, { runner: { ...runnerDef(sshd.identityFile), knownHosts: 'strict' }, cluster });
    await expect(new SshProvider(strict).provision()).rejects.toThrow(
      /is not in .*known_hosts and knownHosts is strict/,
    );
    // A known_hosts line for this host:port with another key: what a reinstalled (or spoofed) host looks like.
    const changed = join(root, 'hosts', 'ssh-changed');
    await saveSshPair(changed, { runner: runnerDef(sshd.identityFile), cluster });
    const otherKey = readFileSync(`${sshd.strangerKey}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
    writeFileSync(sshKnownHostsFile(changed), `[127.0.0.1]:${sshd.port} ${otherKey}\n`);
    await expect(new SshProvider(changed).provision()).rejects.toThrow(/host key of 127\.0\.0\.1:\d+ changed/);
    expect(existsSync(join(root, 'runner-home', '.lb', 'lb-web-agent'))).toBe(false);
  }, 60_000);

  it('provision → verify: the agent and DuckDB over SSH, the existing cluster over HTTP', async () => {
    const steps: string[] = [];
    const pair = await ssh.provision({ onProgress: (p) => steps.push(`${p.role}:${p.step}`) });
    expect(steps).toEqual(
      expect.arrayContaining([
        'runner:connect',
        'runner:bundle',
        'runner:node',
        'runner:upload',
        'runner:deps',
        'k3s:cluster',
      ]),
    );
    expect(pair.runner.lbWorkdir).toBe(join(root, 'runner-home', '.lb'));
    expect(existsSync(join(root, 'runner-home', '.lb', 'lb-web-agent', 'node_modules', '@duckdb', 'node-api'))).toBe(
      true,
    );
    let checks = await ssh.verify();
    await waitFor(async () => (checks = await ssh.verify()).every((c) => c.ok), {
      what: 'every check to pass (Prometheus needs a scrape or two)',
      timeoutMs: 60_000,
    }).catch(() => undefined);
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.map((c) => `${c.role}:${c.name}`)).toEqual(
      expect.arrayContaining([
        'k3s:gateway healthy',
        'k3s:functions deployed',
        'k3s:container_cpu_usage_seconds_total non-empty (cAdvisor)',
        'runner:agent opens DuckDB',
      ]),
    );
    const status = await ssh.status();
    expect(status.hosts.map((h) => [h.role, h.state])).toEqual([
      ['k3s', 'running'],
      ['runner', 'running'],
    ]);
  }, 180_000);

  it('run over SSH → its session killed mid-run → resumed with no gap → Stop → DuckDB collected', async () => {
    const { runId, dir } = await manager.startRun({ config: STOPPABLE_RUN_CONFIG, provider: 'ssh' });
    const isLoad = (e: StoredEvent) => e.host === SSH_RUNNER && e.phase === 'load';
    await waitFor(() => readStoredEvents(dir).some(isLoad), { what: 'a load event over SSH', timeoutMs: 90_000 });

    const first = remoteTail();
    expect(first).toBeDefined();
    const seenBefore = readStoredEvents(dir).filter((e) => e.host === SSH_RUNNER).length;
    // The connection drops: sshd's process for this session dies (as on a network cut).
    process.kill(first!.session, 'SIGKILL');
    await waitFor(() => (remoteTail()?.session ?? first!.session) !== first!.session, {
      what: 'a new SSH session following the stream',
      timeoutMs: 30_000,
    });
    await waitFor(() => readStoredEvents(dir).filter((e) => e.host === SSH_RUNNER).length > seenBefore + 2, {
      what: 'events after the reconnect',
      timeoutMs: 30_000,
    });

    await manager.stopRun(runId);
    expect(await manager.waitForRun(runId)).toBe('aborted');

    // Every line of the agent's stream file arrived exactly once (src_offset = its end).
    const delivery = streamDelivery(dir, SSH_RUNNER);
    expect(delivery.stored).toEqual(delivery.lineEnds);
    const seqs = readStoredEvents(dir).map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(readStoredEvents(dir).find((e) => e.host === SSH_RUNNER && e.phase === 'end')?.status).toBe('stopped');

    const journal = JSON.parse(readFileSync(join(dir, 'run_journal.json'), 'utf8'));
    expect(journal.metadata).toMatchObject({
      controller_state: 'aborted',
      execution_mode: 'ssh',
      runner_host: SSH_RUNNER,
    });
    const db = join(dir, 'memory', SSH_RUNNER, 'peva_faas.duckdb');
    const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
    const conn = await instance.connect();
    const rows = (
      await conn.runAndReadAll(`SELECT status FROM run_sessions WHERE run_id = '${runId}'`)
    ).getRowObjects();
    conn.closeSync();
    instance.closeSync();
    expect(rows).toEqual([{ status: 'stopped' }]);
    expect(remoteTail()).toBeUndefined();
  }, 240_000);
});
