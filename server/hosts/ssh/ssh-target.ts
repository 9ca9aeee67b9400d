// A host reached with OpenSSH's client: who, where, with which key, and how much to trust its
// host key. Validated with zod (hosts files, the CLI, the Hosts form share it); the argv is
// built word by word — never a shell string from input.
import 'server-only';
import path from 'node:path';
import { z } from 'zod';

const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV6 = /^[0-9A-Fa-f:.]+$/;
const USER = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/;

export const SshHostnameSchema = z
  .string()
  .refine((h) => HOSTNAME.test(h) || (h.includes(':') && IPV6.test(h)), 'a host name or an IP address');
const absolute = (what: string) =>
  z.string().refine((p) => path.isAbsolute(p) && !/[\n\r\0]/.test(p), `${what} must be an absolute path`);

/** `user@host[:port]` for ProxyJump, each part validated (ssh would read anything else as options). */
export const JumpHostSchema = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_.-]{0,31}@[A-Za-z0-9][A-Za-z0-9.-]*(?::\d{1,5})?$/,
    'user@host or user@host:port (one jump host)',
  );

export const SshTargetSchema = z.object({
  host: SshHostnameSchema,
  port: z.number().int().min(1).max(65535).default(22),
  user: z.string().regex(USER, 'a login name (letters, digits, _ . -)'),
  identityFile: absolute('identityFile'),
  /** strict: the host key must already be in knownHostsFile; accept-new: learn it on first use, refuse a change. */
  knownHosts: z.enum(['strict', 'accept-new']).default('accept-new'),
  knownHostsFile: absolute('knownHostsFile').optional(),
  jumpHost: JumpHostSchema.optional(),
  /** lb_workdir on the host (lb's default `~/.lb`): `~/` is the login's home. */
  workdir: z
    .string()
    .regex(/^(~\/|\/)[A-Za-z0-9._/-]*$/, 'an absolute path or one under ~/ (letters, digits, . _ - /)')
    .refine((p) => !p.split('/').includes('..'), 'must not contain ..')
    .default('~/.lb'),
});
export type SshTarget = z.infer<typeof SshTargetSchema>;
export type SshTargetInput = z.input<typeof SshTargetSchema>;

export const describeTarget = (t: Pick<SshTarget, 'user' | 'host' | 'port'>) => `${t.user}@${t.host}:${t.port}`;

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
