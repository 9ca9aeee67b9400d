// The argv for OpenSSH's client to reach a saved target (lib/contract/ssh-hosts.ts): built
// word by word — never a shell string from input; the remote command is quoted per word.
import 'server-only';
import type { SshTarget } from '@/lib/contract/ssh-hosts';

/** POSIX single-quoting: the remote login shell reads each word back exactly. */
export function shellQuote(word: string): string {
  if (/[\0]/.test(word)) throw new Error('a remote argument cannot contain NUL');
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Options every ssh/scp call carries: no prompts, our key only, the host key policy, keepalives. */
export function sshOptions(t: SshTarget, knownHostsFile: string): string[] {
  return [
    '-o',
    'BatchMode=yes',
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    `StrictHostKeyChecking=${t.knownHosts === 'strict' ? 'yes' : 'accept-new'}`,
    '-o',
    `UserKnownHostsFile=${t.knownHostsFile ?? knownHostsFile}`,
    '-o',
    'ConnectTimeout=10',
    // A dead connection is noticed in ~15 s (the run's stream then reconnects from its offset).
    '-o',
    'ServerAliveInterval=5',
    '-o',
    'ServerAliveCountMax=3',
    '-o',
    'LogLevel=ERROR',
    '-i',
    t.identityFile,
    ...(t.jumpHost ? ['-J', t.jumpHost] : []),
  ];
}

/** `ssh … -- 'word' 'word'…`: the remote command as quoted words for the login shell. */
export function sshArgv(t: SshTarget, knownHostsFile: string, remoteWords: readonly string[]): string[] {
  return [
    'ssh',
    ...sshOptions(t, knownHostsFile),
    '-p',
    String(t.port),
    '-l',
    t.user,
    t.host,
    '--',
    remoteWords.map(shellQuote).join(' '),
  ];
}

/** `scp -r …` (SFTP protocol: remote paths are not read by a shell). */
export function scpArgv(
  t: SshTarget,
  knownHostsFile: string,
  sources: readonly string[],
  destination: string,
): string[] {
  return [
    'scp',
    '-q',
    '-r',
    '-p',
    ...sshOptions(t, knownHostsFile),
    '-P',
    String(t.port),
    '--',
    ...sources,
    destination,
  ];
}

/** `user@host:path` for scp (IPv6 literals in brackets). */
export function scpRemote(t: SshTarget, remotePath: string): string {
  const host = t.host.includes(':') ? `[${t.host}]` : t.host;
  return `${t.user}@${host}:${remotePath}`;
}
