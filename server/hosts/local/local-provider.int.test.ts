// The local provider on real processes: provision, per-role verification, and the promise
// that even a SIGKILL of the stack program's group leaves no Prometheus or replica behind.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processesInGroup, descendantsOf } from '@/server/process/proc-tree';
import { LocalProvider } from './local-provider';
import { readStackInfo } from './stack-process';

const root = mkdtempSync(join(tmpdir(), 'lbweb-localprov-'));
const provider = new LocalProvider(root);

afterAll(async () => {
  await provider.destroy();
  expect(descendantsOf(process.pid).filter((p) => p.comm !== 'esbuild')).toEqual([]);
  rmSync(root, { recursive: true, force: true });
});

describe('local provider', () => {
  it('provisions both roles and every verification check passes, with its command and output', async () => {
    const progress: string[] = [];
    const pair = await provider.provision({ onProgress: (p) => progress.push(`${p.host} ${p.step}`) });
    expect(pair.gatewayUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(progress).toEqual(expect.arrayContaining(['local-k3s ready', 'local-runner ready']));
    const checks = await provider.verify();
    expect(checks.map((c) => `${c.role}:${c.name}:${c.ok}`)).toEqual([
      'k3s:gateway healthy:true',
      'k3s:functions deployed:true',
      'k3s:Prometheus ready:true',
      'k3s:node_cpu_seconds_total non-empty:true',
      'runner:load driver version:true',
      'runner:agent opens DuckDB:true',
    ]);
    expect(checks.every((c) => c.command.length > 0 && c.output.length > 0)).toBe(true);
    expect((await provider.status()).hosts.map((h) => h.state)).toEqual(['running', 'running']);
  }, 120_000);

  it('is idempotent: a second provision adopts the running stack', async () => {
    const before = readStackInfo(provider.k3s.dir)?.pid;
    await provider.provision();
    expect(readStackInfo(provider.k3s.dir)?.pid).toBe(before);
  }, 60_000);

  it('a SIGKILL of the stack group ends Prometheus, node-exporter and every replica with it', async () => {
    const pid = readStackInfo(provider.k3s.dir)!.pid;
    const group = processesInGroup(pid);
    expect(group.map((p) => p.comm)).toEqual(expect.arrayContaining(['prometheus', 'prometheus-node']));
    process.kill(-pid, 'SIGKILL');
    await expect.poll(() => processesInGroup(pid).length, { timeout: 5000 }).toBe(0);
    expect((await provider.status()).hosts[0]?.state).toBe('absent');
  }, 30_000);
});
