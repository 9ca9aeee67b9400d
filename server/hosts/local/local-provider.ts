// The embedded default: both roles on this machine. The k3s role is the local stack
// program (gateway, functions, Prometheus, node-exporter); the runner role is a directory
// where the agent runs with the built-in load driver (or k6 when installed).
import 'server-only';
import { SingleFlight } from '@/server/hosts/single-flight';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { OwnedProcess } from '@/server/process/owned-process';
import { tsEntryArgv } from '@/server/process/repo-root';
import type { ProgressListener, VerificationCheck } from '../host';
import type { HostPair, HostProvider, PairStatus } from '../provider';
import { LocalHost } from './local-host';
import { isProcessAlive, isThisProcess } from '@/server/process/process-identity';
import { runningStack, stackOwner, startStackProcess, stopStack, writeStackOwner } from './stack-process';
import { verifyK3sRole, verifyRunnerRole } from './local-verification';

export const LOCAL_K3S = 'local-k3s';
export const LOCAL_RUNNER = 'local-runner';

export class LocalProvider implements HostProvider {
  readonly kind = 'local' as const;
  readonly k3s: LocalHost;
  readonly runner: LocalHost;
  private stackProc: OwnedProcess | undefined;
  private readonly provisioning = new SingleFlight<HostPair>();

  constructor(readonly root: string) {
    this.k3s = new LocalHost(LOCAL_K3S, 'k3s', join(root, LOCAL_K3S));
    this.runner = new LocalHost(LOCAL_RUNNER, 'runner', join(root, LOCAL_RUNNER));
  }

  private pair(gatewayUrl: string, prometheusUrl: string): HostPair {
    return {
      k3s: this.k3s,
      runner: this.runner,
      gatewayUrl,
      prometheusUrl,
      agentCommand: tsEntryArgv('server/agent/main.ts'),
    };
  }

  /** Idempotent: adopts a running stack; concurrent calls share one provisioning. */
  provision(opts: { signal?: AbortSignal; onProgress?: ProgressListener } = {}): Promise<HostPair> {
    return this.provisioning.run(() => this.doProvision(opts));
  }

  private async doProvision({
    signal,
    onProgress,
  }: {
    signal?: AbortSignal;
    onProgress?: ProgressListener;
  }): Promise<HostPair> {
    const say = (role: 'k3s' | 'runner', step: string, message: string) =>
      onProgress?.({ host: role === 'k3s' ? LOCAL_K3S : LOCAL_RUNNER, role, step, message });
    for (const h of [this.k3s, this.runner]) {
      mkdirSync(h.lbWorkdir, { recursive: true });
      say(h.role, 'create', `host directory ${h.dir}`);
    }
    const existing = await runningStack(this.k3s.dir);
    if (existing) {
      await this.adoptOrphanStack();
      say(
        'k3s',
        'adopt',
        `local stack already running (pid ${existing.pid}): gateway ${existing.gatewayUrl}, Prometheus ${existing.prometheusUrl}`,
      );
      return this.pair(existing.gatewayUrl, existing.prometheusUrl);
    }
    say('k3s', 'start', 'starting gateway, functions, Prometheus and node-exporter');
    const { proc, info } = await startStackProcess(this.k3s.dir, (line) => say('k3s', 'log', line), signal);
    this.stackProc = proc;
    writeStackOwner(this.k3s.dir);
    say(
      'k3s',
      'ready',
      `gateway ${info.gatewayUrl} (functions: ${info.functions.join(', ')}), Prometheus ${info.prometheusUrl}`,
    );
    say('runner', 'ready', `agent and load driver run from ${this.runner.dir}`);
    return this.pair(info.gatewayUrl, info.prometheusUrl);
  }

  /**
   * A stack whose owner died (a server or `lb-web run` killed) is taken over: this process
   * stops it at its own end, so a crash leaves no stack running for good. True when adopted.
   */
  async adoptOrphanStack(): Promise<boolean> {
    if (!(await runningStack(this.k3s.dir)) || isProcessAlive(stackOwner(this.k3s.dir))) return false;
    writeStackOwner(this.k3s.dir);
    return true;
  }

  /** Whether this process runs the stack's lifecycle (started or adopted it). */
  ownsStack(): boolean {
    return isThisProcess(stackOwner(this.k3s.dir));
  }

  /** At this process's end: stops the stack when this process owns it. */
  async release(): Promise<void> {
    if (this.ownsStack()) await this.destroy();
  }

  /** The runner role is a directory: its files are there whether the stack runs or not. */
  runnerAtRest(): LocalHost {
    return this.runner;
  }

  async connect(): Promise<HostPair | null> {
    const info = await runningStack(this.k3s.dir);
    return info ? this.pair(info.gatewayUrl, info.prometheusUrl) : null;
  }

  async status(): Promise<PairStatus> {
    const info = await runningStack(this.k3s.dir);
    return {
      provider: 'local',
      gatewayUrl: info?.gatewayUrl,
      prometheusUrl: info?.prometheusUrl,
      hosts: [
        {
          name: LOCAL_K3S,
          role: 'k3s',
          state: info ? 'running' : 'absent',
          address: '127.0.0.1',
          detail: info ? `pid ${info.pid}` : 'not provisioned',
        },
        {
          name: LOCAL_RUNNER,
          role: 'runner',
          state: info ? 'running' : 'absent',
          address: '127.0.0.1',
          detail: this.runner.dir,
        },
      ],
    };
  }

  async verify(): Promise<VerificationCheck[]> {
    const stack = await runningStack(this.k3s.dir);
    const [k3s, runner] = await Promise.all([verifyK3sRole(this.k3s, stack), verifyRunnerRole(this.runner)]);
    return [...k3s, ...runner];
  }

  async destroy(opts: { onProgress?: ProgressListener } = {}): Promise<void> {
    opts.onProgress?.({ host: LOCAL_K3S, role: 'k3s', step: 'stop', message: 'stopping the local stack' });
    await stopStack(this.k3s.dir, this.stackProc);
    this.stackProc = undefined;
    opts.onProgress?.({ host: LOCAL_K3S, role: 'k3s', step: 'stopped', message: 'local stack stopped' });
  }
}
