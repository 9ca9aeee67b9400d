// A real OpenSSH server (Debian's /usr/sbin/sshd) on 127.0.0.1 and a free port, with its own
// host key, a generated client key and nothing from /etc/ssh: the SSH provider's tests talk to
// it as to any remote host. Owned (process group): stop() ends it and every session.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { spawnOwned, type OwnedProcess } from '@/server/process/owned-process';
import { descendantsOf } from '@/server/process/proc-tree';
import { runCommand } from '@/server/process/run-command';
import { waitFor } from '@/server/process/wait-for';
import { freePort } from './server';

export const SSHD = '/usr/sbin/sshd';

export interface TestSshd {
  dir: string;
  port: number;
  user: string;
  /** A key the server accepts, and one it does not. */
  identityFile: string;
  strangerKey: string;
  proc: OwnedProcess;
  /** sshd's per-connection processes (children of the listener). */
  sessions(): number[];
  log(): string;
  stop(): Promise<void>;
}

async function keygen(file: string): Promise<void> {
  const r = await runCommand(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', 'lb-web test', '-f', file]);
  if (r.code !== 0) throw new Error(`ssh-keygen ${file}: ${r.stderr}`);
}

export async function startSshd(): Promise<TestSshd> {
  const dir = mkdtempSync(join(tmpdir(), 'lbweb-sshd-'));
  const port = await freePort();
  const user = userInfo().username;
  await Promise.all([keygen(join(dir, 'host_key')), keygen(join(dir, 'id_client')), keygen(join(dir, 'id_stranger'))]);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'id_client.pub')));
  // Privilege separation needs this directory when sshd runs as root.
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const config = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${join(dir, 'host_key')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin prohibit-password',
    'UsePAM no',
    'StrictModes no',
    `AllowUsers ${user}`,
    'Subsystem sftp internal-sftp',
    'LogLevel VERBOSE',
  ];
  writeFileSync(join(dir, 'sshd_config'), `${config.join('\n')}\n`);
  const lines: string[] = [];
  const proc = spawnOwned([SSHD, '-D', '-e', '-f', join(dir, 'sshd_config')], {
    name: 'sshd',
    onStdoutLine: (l) => lines.push(l),
    onStderrLine: (l) => lines.push(l),
  });
  const stop = async () => {
    await proc.stop(2000);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(() => lines.some((l) => /Server listening on 127\.0\.0\.1 port/.test(l)), {
      what: `sshd on 127.0.0.1:${port}`,
      timeoutMs: 10_000,
      exited: proc.exited,
    });
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n${lines.join('\n')}`, { cause: err });
  }
  return {
    dir,
    port,
    user,
    identityFile: join(dir, 'id_client'),
    strangerKey: join(dir, 'id_stranger'),
    proc,
    sessions: () =>
      descendantsOf(proc.pid)
        .filter((p) => p.ppid === proc.pid)
        .map((p) => p.pid),
    log: () => lines.join('\n'),
    stop,
  };
}
