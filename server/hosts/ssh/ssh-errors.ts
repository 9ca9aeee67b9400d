// What OpenSSH's client says when it cannot reach or log into a host (exit 255), turned into
// an error naming the host and the fix. A remote command's own failures are not errors here.
import 'server-only';
import { describeTarget, type SshTarget } from '@/lib/contract/ssh-hosts';

export type SshFailureKind = 'auth' | 'host-key-changed' | 'host-key-unknown' | 'refused' | 'unreachable' | 'other';

export class SshConnectionError extends Error {
  constructor(
    readonly kind: SshFailureKind,
    readonly target: string,
    message: string,
  ) {
    super(message);
    this.name = 'SshConnectionError';
  }
}

const RULES: Array<[SshFailureKind, RegExp]> = [
  ['host-key-changed', /REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed/i],
  ['host-key-unknown', /No (?:ED25519|RSA|ECDSA)?\s*host key is known|Host key verification failed/i],
  [
    'auth',
    /Permission denied|Too many authentication failures|no such identity|Load key .*: (?:No such file|invalid format|bad permissions)/i,
  ],
  ['refused', /Connection refused/i],
  [
    'unreachable',
    /Connection timed out|No route to host|Could not resolve hostname|Network is unreachable|Connection closed by|Connection reset/i,
  ],
];

function fixFor(kind: SshFailureKind, t: SshTarget, knownHostsFile: string): string {
  const who = describeTarget(t);
  switch (kind) {
    case 'auth':
      return `the key ${t.identityFile} is not accepted for ${who}: add ${t.identityFile}.pub to ~${t.user}/.ssh/authorized_keys there (ssh-copy-id -i ${t.identityFile} -p ${t.port} ${t.user}@${t.host}), or fix identityFile`;
    case 'host-key-changed':
      return `the host key of ${t.host}:${t.port} changed since it was recorded in ${t.knownHostsFile ?? knownHostsFile}: if the host was reinstalled, remove its line (ssh-keygen -R '[${t.host}]:${t.port}' -f ${t.knownHostsFile ?? knownHostsFile}); otherwise do not connect`;
    case 'host-key-unknown':
      return `${t.host}:${t.port} is not in ${t.knownHostsFile ?? knownHostsFile} and knownHosts is strict: add its key (ssh-keyscan -p ${t.port} ${t.host} >> ${t.knownHostsFile ?? knownHostsFile}) after checking it, or use knownHosts: accept-new`;
    case 'refused':
      return `nothing listens for SSH on ${t.host}:${t.port}: start sshd there or fix host/port`;
    case 'unreachable':
      return `${t.host}:${t.port} cannot be reached from this machine: check the address, the network and any jump host`;
    default:
      return `check that \`ssh -p ${t.port} ${t.user}@${t.host}\` works from this machine`;
  }
}

/** The error for an ssh/scp exit 255, or null when the output is not the client's own. */
export function sshConnectionError(
  t: SshTarget,
  knownHostsFile: string,
  code: number | null,
  stderr: string,
): SshConnectionError | null {
  if (code !== 255) return null;
  const kind = RULES.find(([, re]) => re.test(stderr))?.[0] ?? 'other';
  const said = stderr.trim().split('\n').slice(-2).join(' ').slice(0, 300);
  return new SshConnectionError(
    kind,
    describeTarget(t),
    `ssh to ${describeTarget(t)} failed${said ? ` (${said})` : ''}: ${fixFor(kind, t, knownHostsFile)}`,
  );
}
