import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describePair, gatewayAuthorization, readSshPair, saveSshPair, SshHostsFileError } from './ssh-hosts-file';

let dir: string;
const pair = (cluster: Record<string, unknown> = {}) => ({
  runner: { host: '10.0.0.7', user: 'bench', identityFile: '/keys/id' },
  cluster: { gatewayUrl: 'http://10.0.0.5:31112/', prometheusUrl: 'http://10.0.0.5:30411', ...cluster },
});

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lbweb-sshfile-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('saved SSH pair', () => {
  it('round-trips, trims the URLs, and reads back null when nothing is saved', async () => {
    expect(await readSshPair(path.join(dir, 'none'))).toBeNull();
    const saved = await saveSshPair(path.join(dir, 'a'), pair());
    expect(saved.cluster.gatewayUrl).toBe('http://10.0.0.5:31112');
    expect(await readSshPair(path.join(dir, 'a'))).toEqual(saved);
  });

  it('refuses bad input with the field and the reason, writing nothing', async () => {
    const root = path.join(dir, 'bad');
    await expect(saveSshPair(root, pair({ gatewayUrl: 'ftp://x' }))).rejects.toThrow(/cluster.gatewayUrl: .*http/);
    await expect(saveSshPair(root, pair({ gatewayPasswordFile: '/secret', gatewayPasswordEnv: 'PW' }))).rejects.toThrow(
      /not both/,
    );
    expect(await readSshPair(root)).toBeNull();
  });

  it('a hand-edited broken file is an error that says where, not a crash', async () => {
    const root = path.join(dir, 'broken');
    await saveSshPair(root, pair());
    await writeFile(path.join(root, 'hosts.json'), '{"runner": {"host": "x"}');
    await expect(readSshPair(root)).rejects.toThrow(SshHostsFileError);
    await writeFile(path.join(root, 'hosts.json'), JSON.stringify({ runner: { host: 'x' }, cluster: {} }));
    await expect(readSshPair(root)).rejects.toThrow(/runner.user/);
  });

  it('reads the gateway password from a file or the environment, and never shows it', async () => {
    const pw = path.join(dir, 'gw-password');
    await writeFile(pw, 's3cret-pass\n');
    const fromFile = await saveSshPair(path.join(dir, 'f'), pair({ gatewayPasswordFile: pw }));
    const basic = `Basic ${Buffer.from('admin:s3cret-pass').toString('base64')}`;
    expect(await gatewayAuthorization(fromFile.cluster)).toBe(basic);
    const fromEnv = await saveSshPair(path.join(dir, 'e'), pair({ gatewayPasswordEnv: 'GW_PW' }));
    expect(await gatewayAuthorization(fromEnv.cluster, { GW_PW: 's3cret-pass' })).toBe(basic);
    await expect(gatewayAuthorization(fromEnv.cluster, {})).rejects.toThrow(/GW_PW is not set/);
    expect(await readFile(path.join(dir, 'f', 'hosts.json'), 'utf8')).not.toContain('s3cret');
    expect(JSON.stringify(describePair(fromFile))).not.toMatch(/s3cret|gw-password|\/keys\/id/);
  });
});
