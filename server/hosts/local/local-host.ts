// A host that is a directory on this machine. Its "remote" paths are real paths that must
// stay inside the host's directory, so a bad path can never touch the rest of the disk.
import 'server-only';
import { access, cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { isPidAlive } from '@/server/process/proc-tree';
import { signalGroup } from '@/server/process/process-group';
import { dirname, join, resolve, sep } from 'node:path';
import { runCommand } from '@/server/process/run-command';
import { spawnOwned } from '@/server/process/owned-process';
import type { ExecOptions, ExecResult, Host, HostRole, StreamHandle, StreamOptions } from '../host';

export class LocalHost implements Host {
  readonly provider = 'local' as const;
  readonly lbWorkdir: string;

  constructor(
    readonly name: string,
    readonly role: HostRole,
    readonly dir: string,
  ) {
    this.lbWorkdir = join(dir, 'lb_workdir');
  }

  /** Resolves a host path; relative paths are relative to the host dir; nothing may escape it. */
  hostPath(p: string): string {
    const abs = resolve(this.dir, p);
    if (abs !== this.dir && !abs.startsWith(this.dir + sep))
      throw new Error(`path ${p} is outside host ${this.name} (${this.dir})`);
    return abs;
  }

  async exec(argv: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
    const r = await runCommand(argv, {
      cwd: opts.cwd ? this.hostPath(opts.cwd) : this.dir,
      env: { ...process.env, ...opts.env },
      timeoutMs: opts.timeoutMs,
      signal: opts.signal,
      input: opts.input,
    });
    return {
      argv,
      code: r.code,
      stdout: r.stdout,
      stderr: r.spawnError ? `${r.stderr}${r.spawnError}` : r.stderr,
      timedOut: r.timedOut,
    };
  }

  stream(argv: readonly string[], opts: StreamOptions = {}): StreamHandle {
    const p = spawnOwned(argv, {
      name: `${this.name}:${argv[0]}`,
      cwd: opts.cwd ? this.hostPath(opts.cwd) : this.dir,
      env: { ...process.env, ...opts.env },
      signal: opts.signal,
      onStdoutLine: opts.onStdoutLine ?? (() => undefined),
      onStderrLine: opts.onStderrLine ?? (() => undefined),
    });
    return { exited: p.exited.then((e) => ({ code: e.code })), stop: async () => void (await p.stop()), pid: p.pid };
  }

  async push(localPath: string, remotePath: string, opts: { recursive?: boolean } = {}): Promise<void> {
    const dst = this.hostPath(remotePath);
    await mkdir(dirname(dst), { recursive: true });
    await cp(localPath, dst, { recursive: opts.recursive ?? false });
  }

  async pull(remotePath: string, localPath: string, opts: { recursive?: boolean } = {}): Promise<void> {
    await mkdir(dirname(localPath), { recursive: true });
    await cp(this.hostPath(remotePath), localPath, { recursive: opts.recursive ?? false });
  }

  async writeFile(remotePath: string, content: string): Promise<void> {
    const dst = this.hostPath(remotePath);
    await mkdir(dirname(dst), { recursive: true });
    await writeFile(dst, content);
  }

  async fileExists(remotePath: string): Promise<boolean> {
    try {
      await access(this.hostPath(remotePath));
      return true;
    } catch {
      return false;
    }
  }

  async readText(remotePath: string): Promise<string | null> {
    try {
      return await readFile(this.hostPath(remotePath), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async isAlive(pid: number): Promise<boolean> {
    return isPidAlive(pid);
  }

  async signalGroup(pgid: number, signal: 'SIGTERM' | 'SIGKILL'): Promise<boolean> {
    return signalGroup(pgid, signal);
  }

  async address(): Promise<string> {
    return '127.0.0.1';
  }
}
