import { describe, expect, it } from 'vitest';
import { SshTargetSchema } from '@/lib/contract/ssh-hosts';
import { shellQuote, sshArgv } from './ssh-target';
import { sshConnectionError } from './ssh-errors';
import { runCommand } from '@/server/process/run-command';

const target = SshTargetSchema.parse({ host: 'runner-1.lab', user: 'bench', identityFile: '/keys/id' });

describe('SSH target', () => {
  it('defaults: port 22, accept-new host keys, lb workdir ~/.lb', () => {
    expect(target).toMatchObject({ port: 22, knownHosts: 'accept-new', workdir: '~/.lb' });
  });

  it('refuses what ssh would read as options or a shell would expand', () => {
    const bad = [
      { host: '-oProxyCommand=sh', user: 'u', identityFile: '/k' },
      { host: 'h', user: '-l', identityFile: '/k' },
      { host: 'h', user: 'u', identityFile: 'relative/key' },
      { host: 'h', user: 'u', identityFile: '/k', jumpHost: '-oProxyCommand=x' },
      { host: 'h', user: 'u', identityFile: '/k', workdir: '~/../../etc' },
      { host: 'h', user: 'u', identityFile: '/k', workdir: '$(reboot)' },
      { host: 'h', user: 'u', identityFile: '/k', port: 70000 },
    ];
    for (const b of bad) expect([b, SshTargetSchema.safeParse(b).success]).toEqual([b, false]);
  });

  it('quotes each remote word so the login shell reads it back exactly', async () => {
    const words = ['printf', '%s|', "it's", 'a b', '$HOME', '`id`', '"q"', ';rm -rf /', ''];
    // What a POSIX shell makes of the quoted line is the argv we meant.
    const r = await runCommand(['sh', '-c', words.map(shellQuote).join(' ')]);
    expect(r.stdout).toBe(
      words
        .slice(2)
        .map((w) => `${w}|`)
        .join(''),
    );
  });

  it('builds argv words, never one shell string: options, port, user, then the quoted command', () => {
    const argv = sshArgv(target, '/hosts/ssh/known_hosts', ['cat', '/home/bench/.lb/STOP']);
    expect(argv.slice(0, 1)).toEqual(['ssh']);
    expect(argv).toEqual(
      expect.arrayContaining(['BatchMode=yes', 'StrictHostKeyChecking=accept-new', '-i', '/keys/id']),
    );
    expect(argv.slice(-7)).toEqual(['-p', '22', '-l', 'bench', 'runner-1.lab', '--', 'cat /home/bench/.lb/STOP']);
    const strict = sshArgv({ ...target, knownHosts: 'strict' }, '/k', ['true']);
    expect(strict).toContain('StrictHostKeyChecking=yes');
  });
});

describe('ssh connection errors', () => {
  const cases: Array<[string, string, RegExp]> = [
    [
      'auth',
      'bench@runner-1.lab: Permission denied (publickey).',
      /not accepted for bench@runner-1\.lab:22.*authorized_keys/,
    ],
    [
      'host-key-changed',
      '@@@@@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\nHost key verification failed.',
      /host key of runner-1\.lab:22 changed.*ssh-keygen -R/,
    ],
    [
      'host-key-unknown',
      'No ED25519 host key is known for [runner-1.lab]:22 and you have requested strict checking.\nHost key verification failed.',
      /knownHosts is strict.*ssh-keyscan/,
    ],
    [
      'refused',
      'ssh: connect to host runner-1.lab port 22: Connection refused',
      /nothing listens for SSH on runner-1\.lab:22/,
    ],
    ['unreachable', 'ssh: Could not resolve hostname runner-1.lab: Name or service not known', /cannot be reached/],
  ];
  it.each(cases)('%s: names the host and the fix', (kind, stderr, fix) => {
    const err = sshConnectionError(target, '/hosts/ssh/known_hosts', 255, stderr);
    expect(err?.kind).toBe(kind);
    expect(err?.message).toMatch(fix);
  });

  it("a remote command's own exit code is not a connection error", () => {
    expect(sshConnectionError(target, '/k', 1, 'Permission denied')).toBeNull();
  });
});
