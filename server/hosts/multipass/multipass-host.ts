// A Multipass VM as a Host: exec/stream through `multipass exec`, files through
// `multipass transfer`, address from `info`'s ipv4[0].
import 'server-only';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ExecOptions, ExecResult, Host, HostRole, StreamHandle, StreamOptions } from '@/server/hosts/host';
import type { MultipassCli } from './multipass-cli';
import {
  checkRemotePath as checkPath,
  remoteFileExists,
  remoteIsAlive,
  remoteMkdirp,
  remoteReadText,
  remoteSignalGroup,
} from '@/server/hosts/remote/exec-file-ops';
import { primaryIpv4 } from './multipass-schemas';

export const MULTIPASS_HOME = '/home/ubuntu';
// lb's workdir on the runner (lb_runner/models/config.py: ~/.lb): the same STOP file and memory.
export const MULTIPASS_LB_WORKDIR = `${MULTIPASS_HOME}/.lb`;

const checkRemotePath = (p: string) => checkPath(p, MULTIPASS_LB_WORKDIR);

export class MultipassHost implements Host {
  readonly provider = 'multipass' as const;
  readonly lbWorkdir: string;

  constructor(
    private readonly cli: MultipassCli,
    readonly name: string,
    readonly role: HostRole,
    opts: { lbWorkdir?: string } = {},
  ) {
    this.lbWorkdir = opts.lbWorkdir ?? MULTIPASS_LB_WORKDIR;
  }

  exec(argv: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
    return this.cli.exec(this.name, argv, opts);
  }

  stream(argv: readonly string[], opts: StreamOptions = {}): StreamHandle {
    return this.cli.execStream(this.name, argv, opts);
  }

  /**
   * Files land at remotePath; a directory's contents are merged into remotePath (created
   * if needed). sftp would instead nest the directory inside an existing target, so we
   * send the entries rather than the directory itself.
   */
  async push(localPath: string, remotePath: string, opts: { recursive?: boolean } = {}): Promise<void> {
    checkRemotePath(remotePath);
    const stat = await fs.stat(localPath);
    if (!stat.isDirectory()) {
      await this.cli.transfer(localPath, `${this.name}:${remotePath}`, { parents: true });
      return;
    }
    if (!opts.recursive) throw new Error(`push ${localPath}: it is a directory; pass { recursive: true }`);
    await this.mkdirp(remotePath);
    const entries = await fs.readdir(localPath);
    if (entries.length === 0) return;
    await this.cli.transfer(
      entries.map((e) => path.join(localPath, e)),
      `${this.name}:${remotePath}/`,
      { recursive: true, parents: true },
    );
  }

  /** Pulls into localPath (parents created); a directory is merged into an existing one. */
  async pull(remotePath: string, localPath: string, opts: { recursive?: boolean } = {}): Promise<void> {
    checkRemotePath(remotePath);
    await fs.mkdir(path.dirname(localPath), { recursive: true });
    if (!opts.recursive) {
      await this.cli.transfer(`${this.name}:${remotePath}`, localPath);
      return;
    }
    // Into a fresh temp path first: sftp nests a directory inside an existing target.
    const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lbweb-pull-'));
    try {
      const staged = path.join(tmp, 'x');
      await this.cli.transfer(`${this.name}:${remotePath}`, staged, { recursive: true });
      await fs.cp(staged, localPath, { recursive: true, force: true });
    } finally {
      await fs.rm(tmp, { recursive: true, force: true });
    }
  }

  /** Content goes through a transferred file, never through a command line. */
  async writeFile(remotePath: string, content: string): Promise<void> {
    checkRemotePath(remotePath);
    const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lbweb-write-'));
    try {
      const file = path.join(tmp, path.posix.basename(remotePath) || 'file');
      await fs.writeFile(file, content);
      await this.cli.transfer(file, `${this.name}:${remotePath}`, { parents: true });
    } finally {
      await fs.rm(tmp, { recursive: true, force: true });
    }
  }

  async fileExists(remotePath: string): Promise<boolean> {
    return remoteFileExists((a, o) => this.exec(a, o), this.name, checkRemotePath(remotePath));
  }

  async readText(remotePath: string): Promise<string | null> {
    return remoteReadText((a, o) => this.exec(a, o), this.name, checkRemotePath(remotePath));
  }

  isAlive(pid: number): Promise<boolean> {
    return remoteIsAlive((a, o) => this.exec(a, o), pid);
  }

  signalGroup(pgid: number, signal: 'SIGTERM' | 'SIGKILL'): Promise<boolean> {
    return remoteSignalGroup((a, o) => this.exec(a, o), pgid, signal);
  }

  async address(): Promise<string> {
    const info = await this.cli.info(this.name);
    const ip = primaryIpv4(info.ipv4);
    if (!ip)
      throw new Error(
        `VM ${this.name} has no IPv4 address yet (state ${info.state}): wait for it to boot or run \`multipass info ${this.name}\``,
      );
    return ip;
  }

  private mkdirp(remotePath: string): Promise<void> {
    return remoteMkdirp((a, o) => this.exec(a, o), this.name, remotePath);
  }
}
