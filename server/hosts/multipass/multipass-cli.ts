// The Multipass CLI driver: every call is an argv array; JSON output goes through zod;
// failures become the typed errors of multipass-errors. Nothing here decides policy
// (adopt, retry, fall back): that is the provider's job.
import 'server-only';
import { streamCommand } from '@/server/hosts/remote/stream-command';
import { runCommand, type CommandResult } from '@/server/process/run-command';
import type { ExecOptions, ExecResult, StreamHandle, StreamOptions } from '@/server/hosts/host';
import { classifyFailure, InstanceMissingError } from './multipass-errors';
import { remoteArgv } from './remote-argv';
import {
  InfoSchema,
  ListSchema,
  VersionSchema,
  parseCliJson,
  type InstanceInfo,
  type ListEntry,
  type MultipassVersion,
} from './multipass-schemas';

export interface MultipassCliOptions {
  binary?: string;
  /** Extra environment for the multipass process (merged over process.env). */
  env?: Record<string, string>;
  /** Default bound for quick calls (list, info, stop…); launch and exec have their own. */
  timeoutMs?: number;
}

export interface LaunchOptions {
  name: string;
  image: string;
  cpus: number;
  memory: string;
  disk: string;
  cloudInit?: string;
  /** Passed as `--timeout`; Multipass exits 5 when it elapses (the VM may still come up). */
  timeoutS: number;
  signal?: AbortSignal;
}

export interface CallOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface TransferOptions extends CallOptions {
  recursive?: boolean;
  /** `-p`: create missing parent directories at the destination. */
  parents?: boolean;
}

export class MultipassCli {
  readonly binary: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly timeoutMs: number;

  constructor(opts: MultipassCliOptions = {}) {
    this.binary = opts.binary ?? 'multipass';
    this.env = { ...process.env, ...opts.env };
    this.timeoutMs = opts.timeoutMs ?? 60_000;
  }

  /** Runs `multipass <args>`; throws the typed error for any Multipass-level failure. */
  private async call(
    args: readonly string[],
    opts: CallOptions & { input?: string; remoteExit?: boolean; instance?: string } = {},
  ): Promise<CommandResult> {
    const res = await runCommand([this.binary, ...args], {
      env: this.env,
      timeoutMs: opts.timeoutMs ?? this.timeoutMs,
      signal: opts.signal,
      input: opts.input,
    });
    const err = classifyFailure(res, { remoteExit: opts.remoteExit, instance: opts.instance });
    if (err) throw err;
    return res;
  }

  async version(opts: CallOptions = {}): Promise<MultipassVersion> {
    const res = await this.call(['version', '--format', 'json'], opts);
    return parseCliJson(VersionSchema, res.stdout, 'multipass version');
  }

  async list(opts: CallOptions = {}): Promise<ListEntry[]> {
    const res = await this.call(['list', '--format', 'json'], opts);
    return parseCliJson(ListSchema, res.stdout, 'multipass list').list;
  }

  async info(name: string, opts: CallOptions = {}): Promise<InstanceInfo> {
    const res = await this.call(['info', name, '--format', 'json'], { ...opts, instance: name });
    const parsed = parseCliJson(InfoSchema, res.stdout, `multipass info ${name}`);
    const entry = parsed.info[name];
    if (!entry) {
      throw new InstanceMissingError(`multipass info ${name}: no entry for ${name}`, {
        argv: res.argv,
        exitCode: res.code,
        stderr: res.stderr,
        instance: name,
        hint: `no instance named ${name}: launch it (or check \`multipass list\`)`,
      });
    }
    return entry;
  }

  /** info(), or null when the instance does not exist (other failures still throw). */
  async tryInfo(name: string, opts: CallOptions = {}): Promise<InstanceInfo | null> {
    try {
      return await this.info(name, opts);
    } catch (err) {
      if (err instanceof InstanceMissingError) return null;
      throw err;
    }
  }

  async launch(o: LaunchOptions): Promise<void> {
    const args = [
      'launch',
      o.image,
      '--name',
      o.name,
      '--cpus',
      String(o.cpus),
      '--memory',
      o.memory,
      '--disk',
      o.disk,
    ];
    if (o.cloudInit) args.push('--cloud-init', o.cloudInit);
    args.push('--timeout', String(o.timeoutS));
    // Our own bound sits past Multipass's so its exit 5 (and message) normally wins.
    await this.call(args, { timeoutMs: (o.timeoutS + 60) * 1000, signal: o.signal, instance: o.name });
  }

  /** Runs argv on the VM; a non-zero remote exit code is a result, not an error. */
  async exec(name: string, argv: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
    const remote = remoteArgv(argv, { cwd: opts.cwd, env: opts.env });
    const res = await this.call(['exec', name, '--', ...remote], {
      timeoutMs: opts.timeoutMs ?? this.timeoutMs,
      signal: opts.signal,
      input: opts.input,
      remoteExit: true,
      instance: name,
    });
    return { argv, code: res.code, stdout: res.stdout, stderr: res.stderr, timedOut: res.timedOut };
  }

  /**
   * Streams a long-running command's lines. stop() ends the local `multipass exec`
   * process; the remote command dies with its SSH session (no TTY: callers that need a
   * hard guarantee run `pkill`/a pid file on the VM as well).
   */
  execStream(name: string, argv: readonly string[], opts: StreamOptions = {}): StreamHandle {
    const remote = remoteArgv(argv, { cwd: opts.cwd, env: opts.env });
    const { env: _remoteEnv, cwd: _cwd, ...rest } = opts;
    return streamCommand([this.binary, 'exec', name, '--', ...remote], {
      ...rest,
      name: `multipass exec ${name}`,
      transportEnv: this.env,
      missingHint: 'install Multipass: sudo snap install multipass',
    });
  }

  /** `multipass transfer [-r] [-p] src… dst`; remote paths are written `N:/path`. */
  async transfer(sources: string | readonly string[], destination: string, opts: TransferOptions = {}): Promise<void> {
    const srcs = typeof sources === 'string' ? [sources] : [...sources];
    if (srcs.length === 0) throw new Error('multipass transfer: no source given');
    const flags = [...(opts.recursive ? ['-r'] : []), ...(opts.parents ? ['-p'] : [])];
    const instance = [...srcs, destination].map((p) => /^([A-Za-z][A-Za-z0-9-]*):/.exec(p)?.[1]).find(Boolean);
    await this.call(['transfer', ...flags, ...srcs, destination], {
      timeoutMs: opts.timeoutMs ?? 10 * 60_000,
      signal: opts.signal,
      instance,
    });
  }

  /** `force` powers the VM off (`stop --force`): the only stop a Starting or Suspended VM accepts. */
  async stop(name: string, opts: CallOptions & { force?: boolean } = {}): Promise<void> {
    await this.call(['stop', name, ...(opts.force ? ['--force'] : [])], {
      timeoutMs: opts.timeoutMs ?? 5 * 60_000,
      signal: opts.signal,
      instance: name,
    });
  }

  async start(name: string, opts: CallOptions = {}): Promise<void> {
    await this.call(['start', name], { timeoutMs: opts.timeoutMs ?? 10 * 60_000, signal: opts.signal, instance: name });
  }

  /** Without purge the name stays taken until `multipass purge`: callers nearly always want purge. */
  async delete(name: string, opts: CallOptions & { purge?: boolean } = {}): Promise<void> {
    const args = ['delete', name, ...(opts.purge === false ? [] : ['--purge'])];
    await this.call(args, { timeoutMs: opts.timeoutMs ?? 5 * 60_000, signal: opts.signal, instance: name });
  }

  async purge(opts: CallOptions = {}): Promise<void> {
    await this.call(['purge'], { timeoutMs: opts.timeoutMs ?? 5 * 60_000, signal: opts.signal });
  }
}
