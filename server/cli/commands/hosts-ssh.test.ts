import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../main';
import { parseUserHost } from './hosts-ssh';

let dir: string;
const run = async (args: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, {
    io: { out: (l) => out.push(l), err: (l) => err.push(l) },
    env: { LBWEB_HOSTS_ROOT: path.join(dir, 'hosts') },
    cwd: dir,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lbweb-cli-ssh-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('lb-web hosts add|remove ssh', () => {
  it('parses user@host[:port], IPv6 in brackets', () => {
    expect(parseUserHost('bench@10.0.0.7')).toEqual({ user: 'bench', host: '10.0.0.7', port: undefined });
    expect(parseUserHost('bench@[fd00::7]:2222')).toEqual({ user: 'bench', host: 'fd00::7', port: 2222 });
    expect(() => parseUserHost('10.0.0.7')).toThrow(/user@host/);
  });

  it('saves a pair from flags (relative key paths made absolute), 0600; remove deletes it', async () => {
    const r = await run([
      'hosts',
      'add',
      'ssh',
      '--runner',
      'bench@10.0.0.7:2222',
      '--identity',
      'keys/id_ed25519',
      '--gateway',
      'http://10.0.0.5:31112',
      '--prometheus',
      'http://10.0.0.5:30411',
      '--known-hosts',
      'strict',
    ]);
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toMatch(/runner bench@10\.0\.0\.7:2222, gateway http:\/\/10\.0\.0\.5:31112/);
    const file = path.join(dir, 'hosts', 'ssh', 'hosts.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(await readFile(file, 'utf8'));
    expect(saved.runner).toMatchObject({
      port: 2222,
      identityFile: path.join(dir, 'keys/id_ed25519'),
      knownHosts: 'strict',
    });
    expect((await run(['hosts', 'remove', 'ssh'])).out).toMatch(/removed/);
    expect((await run(['hosts', 'remove', 'ssh'])).out).toMatch(/no SSH hosts were saved/);
  });

  it('--runner again adds runners sharing the load, with one --workdir each or one for all', async () => {
    const base = ['hosts', 'add', 'ssh', '--identity', '/k', '--gateway', 'http://g:1', '--prometheus', 'http://p:2'];
    const r = await run([...base, '--runner', 'a@h1', '--runner', 'b@h2:2200', '--workdir', '/w1', '--workdir', '/w2']);
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toMatch(/runner a@h1:22 \+ b@h2:2200/);
    const saved = JSON.parse(await readFile(path.join(dir, 'hosts', 'ssh', 'hosts.json'), 'utf8'));
    expect(saved.runner).toMatchObject({ user: 'a', host: 'h1', workdir: '/w1' });
    expect(saved.moreRunners).toEqual([expect.objectContaining({ user: 'b', host: 'h2', port: 2200, workdir: '/w2' })]);
    const wrongCount = await run([
      ...base,
      '--runner',
      'a@h1',
      '--runner',
      'b@h2',
      '--runner',
      'c@h3',
      '--workdir',
      '/w1',
      '--workdir',
      '/w2',
    ]);
    expect(wrongCount.code).toBe(2);
    expect(wrongCount.err).toMatch(/2 --workdir for 3 --runner/);
    const same = await run([...base, '--runner', 'a@h1', '--runner', 'a@h1']);
    expect(same.code).toBe(2);
    expect(same.err).toMatch(/already a runner: give each runner on one login its own workdir/);
    await run(['hosts', 'remove', 'ssh']);
  });

  it('usage errors: missing flags, bad values, other kinds (exit 2, nothing saved)', async () => {
    const missing = await run(['hosts', 'add', 'ssh', '--runner', 'bench@h']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/missing --identity, --gateway, --prometheus/);
    const bad = await run([
      'hosts',
      'add',
      'ssh',
      '--runner',
      'bench@h',
      '--identity',
      '/k',
      '--gateway',
      'nope',
      '--prometheus',
      'http://p',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/cluster\.gatewayUrl/);
    expect((await run(['hosts', 'add', 'multipass'])).err).toMatch(/only ssh hosts are saved/);
  });
});
