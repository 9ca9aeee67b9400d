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
