// The pair lifecycle against the stand-in multipass.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createStandin, type Standin } from '@/test/fixtures/multipass/standin';
import type { ProgressListener } from '@/server/hosts/host';
import { MultipassCli } from './multipass-cli';
import { DaemonUnavailableError, MultipassNotInstalledError } from './multipass-errors';
import { MultipassProvider } from './multipass-provider';
import { PairSpecError } from './multipass-spec';

let standin: Standin | undefined;
let keyRoot: string | undefined;
afterEach(() => {
  standin?.cleanup();
  if (keyRoot) fs.rmSync(keyRoot, { recursive: true, force: true });
  standin = keyRoot = undefined;
});

function setup(knobs: Record<string, string> = {}) {
  standin = createStandin(knobs);
  keyRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-keys-'));
  const steps: string[] = [];
  const onProgress: ProgressListener = (p) => steps.push(`${p.role}:${p.step}`);
  const provider = new MultipassProvider({ cli: standin.cli, keyRoot, ipTimeoutMs: 15_000, bootTimeoutMs: 15_000 });
  return { standin, provider, steps, onProgress, keyRoot };
}
const launches = (s: Standin) => s.calls().filter((c) => c[0] === 'launch');

describe('MultipassProvider.provisionPair', () => {
  it("launches both VMs with lb's specs, waits for ipv4[0], authorizes the project key", async () => {
    const { standin, provider, steps, onProgress, keyRoot } = setup({ MULTIPASS_STANDIN_IP_DELAY_CALLS: '2' });
    const pair = await provider.provisionPair({ project: 'demo' }, { onProgress });
    expect(pair.k3s).toMatchObject({ name: 'lbweb-demo-k3s', adopted: false, image: '24.04' });
    expect(pair.runner).toMatchObject({ name: 'lbweb-demo-runner', adopted: false, image: '24.04' });
    expect(pair.k3s.ip).toMatch(/^10\.0\.0\.\d+$/); // not the 10.42.x flannel address listed after it
    const k3sLaunch = launches(standin).find((c) => c.includes('lbweb-demo-k3s'));
    expect(k3sLaunch).toEqual([
      'launch',
      '24.04',
      '--name',
      'lbweb-demo-k3s',
      '--cpus',
      '4',
      '--memory',
      '8G',
      '--disk',
      '20G',
      '--timeout',
      '900',
    ]);
    expect(launches(standin).find((c) => c.includes('lbweb-demo-runner'))).toContain('10G');
    const pub = fs.readFileSync(path.join(keyRoot, 'demo', 'id_ed25519.pub'), 'utf8').trim();
    for (const vm of ['lbweb-demo-k3s', 'lbweb-demo-runner']) {
      expect(fs.readFileSync(path.join(standin.home(vm), '.ssh', 'authorized_keys'), 'utf8')).toBe(`${pub}\n`);
    }
    expect(steps).toEqual(
      expect.arrayContaining(['all:preflight', 'k3s:launch', 'k3s:wait-ip', 'k3s:ready', 'runner:ssh-key']),
    );
    expect(await pair.runner.host.address()).toBe(pair.runner.ip);
  });

  it('adopts running VMs, starts stopped ones, and does not duplicate the key line', async () => {
    const { standin, provider } = setup();
    await provider.provisionPair({ project: 'demo' });
    await standin.cli.stop('lbweb-demo-runner');
    const before = launches(standin).length;
    const again = await provider.provisionPair({ project: 'demo' });
    expect(launches(standin).length).toBe(before);
    expect(again.k3s.adopted).toBe(true);
    expect(again.runner.adopted).toBe(true);
    expect(standin.calls()).toContainEqual(['start', 'lbweb-demo-runner']);
    const keys = fs.readFileSync(path.join(standin.home('lbweb-demo-k3s'), '.ssh', 'authorized_keys'), 'utf8');
    expect(keys.trim().split('\n')).toHaveLength(1);
  });

  it('a slow launch that times out (exit 5) but whose VM exists is checked with info, not relaunched', async () => {
    const { standin, provider, steps, onProgress } = setup({ MULTIPASS_STANDIN_LAUNCH_TIMEOUT: 'always' });
    const pair = await provider.provisionPair({ project: 'slow' }, { onProgress });
    expect(pair.k3s.ip).toMatch(/^10\.0\.0\./);
    expect(launches(standin)).toHaveLength(2); // one per VM, no retry
    for (const vm of ['lbweb-slow-k3s', 'lbweb-slow-runner']) {
      const calls = standin.calls();
      const launchIdx = calls.findIndex((c) => c[0] === 'launch' && c.includes(vm));
      expect(calls.findIndex((c, i) => i > launchIdx && c[0] === 'info' && c[1] === vm)).toBeGreaterThan(launchIdx);
    }
    expect(steps.filter((s) => s.endsWith(':launch')).length).toBeGreaterThanOrEqual(4); // "launching" + "timed out; checking info"
  });

  it('a launch that times out while the VM is still Starting waits for Running, then for its IP', async () => {
    const { standin, provider, steps, onProgress } = setup({
      MULTIPASS_STANDIN_LAUNCH_TIMEOUT: 'once',
      MULTIPASS_STANDIN_BOOT_AFTER_TIMEOUT_MS: '1500',
    });
    const pair = await provider.provisionPair({ project: 'boot' }, { onProgress });
    expect([pair.k3s.ip, pair.runner.ip].every((ip) => /^10\.0\.0\./.test(ip))).toBe(true);
    expect(steps.filter((s) => s.endsWith(':boot'))).toHaveLength(1);
    expect(launches(standin)).toHaveLength(2);
  });

  it("falls back to 'noble' (not the moving 'lts') when 24.04 cannot be found", async () => {
    const { standin, provider } = setup({ MULTIPASS_STANDIN_MISSING_IMAGES: '24.04' });
    const pair = await provider.provisionPair({ project: 'fb' });
    expect(pair.k3s.image).toBe('noble');
    expect(
      launches(standin)
        .map((c) => c[1])
        .sort(),
    ).toEqual(['24.04', '24.04', 'noble', 'noble']);
  });

  it('bad input and a missing binary fail before anything starts', async () => {
    const { standin, provider } = setup();
    await expect(
      provider.provisionPair({ project: 'demo', k3s: { memory: '64M' }, runner: { name: 'bad_name' } }),
    ).rejects.toBeInstanceOf(PairSpecError);
    expect(standin.calls()).toEqual([]);
    const missing = new MultipassProvider({
      cli: new MultipassCli({ binary: path.join(standin.dir, 'no-multipass') }),
      keyRoot: standin.dir,
    });
    const err = await missing.provisionPair({ project: 'demo' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MultipassNotInstalledError);
    expect((err as Error).message).toContain('sudo snap install multipass');
  });

  it('a daemon that is down is reported at preflight, before any launch', async () => {
    const { standin, provider } = setup({ MULTIPASS_STANDIN_DAEMON_DOWN: '1' });
    await expect(provider.provisionPair({ project: 'demo' })).rejects.toBeInstanceOf(DaemonUnavailableError);
    expect(launches(standin)).toEqual([]);
  });
});

describe('MultipassProvider status, stop/start, destroy', () => {
  it('reports states, stops and starts the pair, and destroy purges both names', async () => {
    const { standin, provider } = setup();
    expect((await provider.status({ project: 'life' })).map((s) => s.state)).toEqual(['Missing', 'Missing']);
    await provider.provisionPair({ project: 'life' });
    const up = await provider.status({ project: 'life' });
    expect(up.map((s) => [s.role, s.state])).toEqual([
      ['k3s', 'Running'],
      ['runner', 'Running'],
    ]);
    expect(up[0]?.ip).toMatch(/^10\.0\.0\./);
    await provider.stopPair({ project: 'life' });
    expect((await provider.status({ project: 'life' })).map((s) => s.state)).toEqual(['Stopped', 'Stopped']);
    await provider.startPair({ project: 'life' });
    expect((await provider.status({ project: 'life' })).map((s) => s.state)).toEqual(['Running', 'Running']);
    await provider.destroyPair({ project: 'life' }, { purge: true });
    expect(standin.calls().filter((c) => c[0] === 'delete')).toEqual([
      ['delete', 'lbweb-life-k3s', '--purge'],
      ['delete', 'lbweb-life-runner', '--purge'],
    ]);
    expect(await standin.cli.list()).toEqual([]);
    expect(fs.existsSync(standin.home('lbweb-life-k3s'))).toBe(false);
  });
});
