// Issue 17: Multipass as it really behaves (stand-in knobs follow canonical/multipass, the
// source file is named beside each case in standin-commands.mjs). Each case failed against
// the provider before it learnt the behaviour.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createStandin, type Standin } from '@/test/fixtures/multipass/standin';
import type { ProgressListener } from '@/server/hosts/host';
import { DaemonUnavailableError, InstanceMissingError, InstanceStateError } from './multipass-errors';
import { MultipassProvider } from './multipass-provider';

let standin: Standin | undefined;
let keyRoot: string | undefined;
afterEach(() => {
  standin?.cleanup();
  if (keyRoot) fs.rmSync(keyRoot, { recursive: true, force: true });
  standin = keyRoot = undefined;
});

function setup(knobs: Record<string, string> = {}, tuning: { stopBootWaitMs?: number } = {}) {
  standin = createStandin(knobs);
  keyRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-keys-'));
  const messages: string[] = [];
  const onProgress: ProgressListener = (p) => messages.push(`${p.role}:${p.step}:${p.message}`);
  const provider = new MultipassProvider({
    cli: standin.cli,
    keyRoot,
    ipTimeoutMs: 15_000,
    bootTimeoutMs: 15_000,
    ...tuning,
  });
  return { standin, provider, messages, onProgress };
}
const states = async (p: MultipassProvider, project: string) => (await p.status({ project })).map((s) => s.state);

describe('1. stop of a Suspended / Starting VM', () => {
  it('the stand-in refuses like multipass: exit 2 and the --force advice', async () => {
    const { standin } = setup();
    await standin.cli.launch({ name: 'vm1', image: 'noble', cpus: 1, memory: '1G', disk: '5G', timeoutS: 60 });
    standin.setState('vm1', 'Suspended');
    const err = await standin.cli.stop('vm1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InstanceStateError);
    expect((err as InstanceStateError).exitCode).toBe(2);
    expect((err as Error).message).toContain('Use --force to power it off.');
  });

  it('stopPair waits for a booting VM, then stops it, and leaves a suspended one suspended', async () => {
    const { standin, provider, messages, onProgress } = setup();
    await provider.provisionPair({ project: 'st' });
    standin.setState('lbweb-st-k3s', 'Suspended');
    standin.setState('lbweb-st-runner', 'Starting', { bootMs: 1200 });
    await provider.stopPair({ project: 'st' }, { onProgress });
    expect(await states(provider, 'st')).toEqual(['Suspended', 'Stopped']);
    const stops = standin.calls().filter((c) => c[0] === 'stop');
    expect(stops).toEqual([['stop', 'lbweb-st-runner']]);
    expect(messages.some((m) => m.startsWith('runner:stop:') && m.includes('Starting'))).toBe(true);
  });

  it('a VM whose boot never ends is powered off with --force', async () => {
    const { standin, provider } = setup({}, { stopBootWaitMs: 1000 });
    await provider.provisionPair({ project: 'hung' });
    standin.setState('lbweb-hung-k3s', 'Starting');
    await provider.stopPair({ project: 'hung' });
    expect(await states(provider, 'hung')).toEqual(['Stopped', 'Stopped']);
    expect(standin.calls()).toContainEqual(['stop', 'lbweb-hung-k3s', '--force']);
  });
});

describe('2. launch retry after a timeout during the image download', () => {
  it('"is being prepared" is our launch still in progress: poll info, do not fail', async () => {
    // One `--timeout` second lasts 10 ms: launchTimeoutS 60 → 0.6 s, the download 2.5 s.
    const { standin, provider, messages, onProgress } = setup({
      MULTIPASS_STANDIN_PREPARE_MS: '2500',
      MULTIPASS_STANDIN_SECOND_MS: '10',
    });
    const pair = await provider.provisionPair({ project: 'dl', launchTimeoutS: 60 }, { onProgress });
    expect(pair.k3s.ip).toMatch(/^10\.0\.0\./);
    expect(pair.runner.ip).toMatch(/^10\.0\.0\./);
    expect(messages.some((m) => /being prepared/.test(m))).toBe(true);
    // Never a third launch: the relaunch heard "being prepared" and waited.
    for (const vm of ['lbweb-dl-k3s', 'lbweb-dl-runner'])
      expect(standin.calls().filter((c) => c[0] === 'launch' && c.includes(vm))).toHaveLength(2);
  });
});

describe("4. 'lts' is 26.04: the fallback image is noble", () => {
  it('when 24.04 cannot be found the VM still runs Ubuntu 24.04', async () => {
    const { standin, provider } = setup({ MULTIPASS_STANDIN_MISSING_IMAGES: '24.04' });
    const pair = await provider.provisionPair({ project: 'fb' });
    expect(pair.k3s.image).toBe('noble');
    expect((await standin.cli.info('lbweb-fb-k3s')).image_release).toBe('24.04 LTS');
  });

  it('the stand-in resolves lts to 26.04 as `multipass find` does now', async () => {
    const { standin } = setup();
    await standin.cli.launch({ name: 'vm1', image: 'lts', cpus: 1, memory: '1G', disk: '5G', timeoutS: 60 });
    expect((await standin.cli.info('vm1')).image_release).toBe('26.04 LTS');
  });
});

describe('6. error texts and exit codes as Multipass prints them', () => {
  it('exec and start on a missing instance are InstanceMissingError', async () => {
    const { standin } = setup();
    await expect(standin.cli.exec('ghost', ['true'])).rejects.toBeInstanceOf(InstanceMissingError);
    await expect(standin.cli.start('ghost')).rejects.toBeInstanceOf(InstanceMissingError);
  });

  it('an unreachable or forbidden daemon socket: exit 2, DaemonUnavailableError', async () => {
    for (const down of ['1', 'denied']) {
      const s = createStandin({ MULTIPASS_STANDIN_DAEMON_DOWN: down });
      try {
        const err = await s.cli.list().catch((e: unknown) => e);
        expect(err).toBeInstanceOf(DaemonUnavailableError);
        expect((err as DaemonUnavailableError).exitCode).toBe(2);
      } finally {
        s.cleanup();
      }
    }
  });

  it('an Unavailable VM is explained (enable-zones), not started, and stop leaves it alone', async () => {
    const { standin, provider } = setup();
    await provider.provisionPair({ project: 'un' });
    standin.setState('lbweb-un-k3s', 'Unavailable');
    await expect(provider.provisionPair({ project: 'un' })).rejects.toThrow(/Unavailable.*enable-zones/);
    await provider.stopPair({ project: 'un' });
    expect(await states(provider, 'un')).toEqual(['Unavailable', 'Stopped']);
    expect(standin.calls().filter((c) => c[0] === 'stop' && c[1] === 'lbweb-un-k3s')).toEqual([]);
  });
});

describe('7. info and version shapes as Multipass prints them', () => {
  it('a stopped VM still lists its disk; zone only where zones exist; version may carry an update', async () => {
    const { standin } = setup({ MULTIPASS_STANDIN_UPDATE: '1' });
    await standin.cli.launch({ name: 'vm1', image: 'noble', cpus: 1, memory: '1G', disk: '5G', timeoutS: 60 });
    await standin.cli.stop('vm1');
    const info = await standin.cli.info('vm1');
    expect(info.disks).toEqual({ sda1: {} });
    expect(info.zone).toBeUndefined(); // v1.16.3 has no availability zones
    expect((await standin.cli.version()).update?.url).toMatch(/^https:/);
    const zoned = createStandin({ MULTIPASS_STANDIN_ZONES: '1' });
    try {
      await zoned.cli.launch({ name: 'vm2', image: 'noble', cpus: 1, memory: '1G', disk: '5G', timeoutS: 60 });
      expect((await zoned.cli.info('vm2')).zone).toEqual({ name: 'zone1', available: true });
    } finally {
      zoned.cleanup();
    }
  });
});
