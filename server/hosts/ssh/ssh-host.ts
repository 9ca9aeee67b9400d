// A machine reached over SSH as a Host: commands through `ssh` (argv quoted word by word for
// the login shell), files through `scp` (SFTP), content through stdin. Connection failures
// (ssh's exit 255) become SshConnectionError with the host and the fix.
import 'server-only';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ExecOptions, ExecResult, Host, HostRole, StreamHandle, StreamOptions } from '@/server/hosts/host';
import { remoteArgv } from '@/server/hosts/multipass/remote-argv';
import {
  checkRemotePath,
  remoteFileExists,
  remoteIsAlive,
  remoteMkdirp,
  remoteReadText,
  remoteSignalGroup,
} from '@/server/hosts/remote/exec-file-ops';
import { streamCommand } from '@/server/hosts/remote/stream-command';
import { runCommand } from '@/server/process/run-command';
import { sshConnectionError } from './ssh-errors';
import { describeTarget, type SshTarget } from '@/lib/contract/ssh-hosts';
import { scpArgv, scpRemote, sshArgv } from './ssh-target';

export class SshHost implements Host {
  readonly provider = 'ssh' as const;

  /** `lbWorkdir` must be absolute: resolve `~/…` first with resolveWorkdir(). */
  constructor(
    readonly target: SshTarget,
    readonly name: string,
    readonly role: HostRole,
    readonly lbWorkdir: string,
    private readonly knownHostsFile: string,
  ) {
    checkRemotePath(lbWorkdir, '/home/<user>/.lb');
  }

  private check(p: string): string {
    return checkRemotePath(p, this.lbWorkdir);
  }

  /** Runs on the host; throws SshConnectionError when ssh itself could not connect or log in. */
  async exec(argv: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
    const words = remoteArgv(argv, { cwd: opts.cwd, env: opts.env });
    const r = await runCommand(sshArgv(this.target, this.knownHostsFile, words), {
      timeoutMs: opts.timeoutMs,
      signal: opts.signal,
      input: opts.input,
    });
    if (r.spawnError) throw new Error(`ssh: ${r.spawnError} — install OpenSSH's client (apt install openssh-client)`);
    const failed = sshConnectionError(this.target, this.knownHostsFile, r.code, r.stderr);
    if (failed) throw failed;
    return { argv, code: r.code, stdout: r.stdout, stderr: r.stderr, timedOut: r.timedOut };
  }

  /**
   * A long-running command whose output is followed line by line. Stopping it ends the local
   * ssh client; the remote command then ends on its next write (SIGPIPE) — run-critical
   * processes are detached on the host and never depend on this connection.
   */
  stream(argv: readonly string[], opts: StreamOptions = {}): StreamHandle {
    const words = remoteArgv(argv, { cwd: opts.cwd, env: opts.env });
    const { env: _remoteEnv, cwd: _cwd, ...rest } = opts;
    return streamCommand(sshArgv(this.target, this.knownHostsFile, words), {
      ...rest,
      name: `ssh ${this.name}`,
      missingHint: 'install openssh-client',
    });
  }

  private async scp(sources: readonly string[], destination: string): Promise<void> {
    const r = await runCommand(scpArgv(this.target, this.knownHostsFile, sources, destination), {
      timeoutMs: 30 * 60_000,
    });
    const failed = sshConnectionError(this.target, this.knownHostsFile, r.code, r.stderr);
    if (failed) throw failed;
    if (r.code !== 0)
      throw new Error(`scp to/from ${describeTarget(this.target)} failed (exit ${r.code}): ${r.stderr.trim()}`);
  }

  /** A file lands at remotePath; a directory's entries are merged into remotePath. */
  async push(localPath: string, remotePath: string, opts: { recursive?: boolean } = {}): Promise<void> {
    this.check(remotePath);
    const stat = await fs.stat(localPath);
    if (!stat.isDirectory()) {
      await this.mkdirp(path.posix.dirname(remotePath));
      return this.scp([localPath], scpRemote(this.target, remotePath));
    }
    if (!opts.recursive) throw new Error(`push ${localPath}: it is a directory; pass { recursive: true }`);
    await this.mkdirp(remotePath);
    const entries = await fs.readdir(localPath);
    if (entries.length === 0) return;
    await this.scp(
      entries.map((e) => path.join(localPath, e)),
      scpRemote(this.target, `${remotePath}/`),
    );
  }

  async pull(remotePath: string, localPath: string, opts: { recursive?: boolean } = {}): Promise<void> {
    this.check(remotePath);
    await fs.mkdir(path.dirname(localPath), { recursive: true });
    if (!opts.recursive) return this.scp([scpRemote(this.target, remotePath)], localPath);
    // Into a fresh path first: scp nests a directory inside an existing target.
    const tmp = await fs.mkdtemp(path.join(path.dirname(localPath), '.pull-'));
    try {
      const staged = path.join(tmp, 'x');
      await this.scp([scpRemote(this.target, remotePath)], staged);
      await fs.cp(staged, localPath, { recursive: true, force: true });
    } finally {
      await fs.rm(tmp, { recursive: true, force: true });
    }
  }

  /** Content goes through stdin, never through a command line. */
  async writeFile(remotePath: string, content: string): Promise<void> {
    this.check(remotePath);
    await this.mkdirp(path.posix.dirname(remotePath));
    const r = await this.exec(['sh', '-c', 'cat > "$1"', 'sh', remotePath], { input: content, timeoutMs: 60_000 });
    if (r.code !== 0) throw new Error(`write ${this.name}:${remotePath} failed (exit ${r.code}): ${r.stderr.trim()}`);
  }

  async fileExists(remotePath: string): Promise<boolean> {
    return remoteFileExists((a, o) => this.exec(a, o), this.name, this.check(remotePath));
  }

  async readText(remotePath: string): Promise<string | null> {
    return remoteReadText((a, o) => this.exec(a, o), this.name, this.check(remotePath));
  }

  isAlive(pid: number): Promise<boolean> {
    return remoteIsAlive((a, o) => this.exec(a, o), pid);
  }

  signalGroup(pgid: number, signal: 'SIGTERM' | 'SIGKILL'): Promise<boolean> {
    return remoteSignalGroup((a, o) => this.exec(a, o), pgid, signal);
  }

  async address(): Promise<string> {
    return this.target.host;
  }

  private mkdirp(remotePath: string): Promise<void> {
    return remoteMkdirp((a, o) => this.exec(a, o), this.name, remotePath);
  }
}

/** The login's home for `~/…` workdirs (asked once, with a fixed command). */
export async function resolveWorkdir(
  target: SshTarget,
  knownHostsFile: string,
  opts: { signal?: AbortSignal } = {},
): Promise<string> {
  if (!target.workdir.startsWith('~/')) return target.workdir;
  const r = await runCommand(sshArgv(target, knownHostsFile, ['printenv', 'HOME']), {
    timeoutMs: 30_000,
    signal: opts.signal,
  });
  const failed = sshConnectionError(target, knownHostsFile, r.code, r.stderr);
  if (failed) throw failed;
  const home = r.stdout.trim();
  if (r.code !== 0 || !home.startsWith('/'))
    throw new Error(`${describeTarget(target)}: could not read $HOME (exit ${r.code}): ${r.stderr.trim()}`);
  return path.posix.join(home, target.workdir.slice(2));
}
