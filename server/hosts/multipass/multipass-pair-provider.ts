// Multipass as a HostProvider (what the controller, the Hosts page and the CLI use): the VM
// pair's lifecycle from MultipassProvider, then each role's setup script (the runner also
// gets the agent bundle), the gateway password from the cluster, and the k3s VM's NodePorts.
import 'server-only';
import { reportChecks } from '@/server/hosts/setup/endpoint-checks';
import { SingleFlight } from '@/server/hosts/single-flight';
import path from 'node:path';
import type { Host, HostRole, ProgressListener, VerificationCheck } from '@/server/hosts/host';
import type { HostPair, HostProvider, HostState, PairStatus } from '@/server/hosts/provider';
import {
  buildAgentBundle,
  REMOTE_AGENT_COMMAND,
  REMOTE_AGENT_ENTRY,
  type AgentBundle,
} from '@/server/hosts/setup/agent-bundle';
import { readGatewayAuthorization } from '@/server/hosts/setup/gateway-auth';
import { runRoleSetup, type RoleSetupOptions, type VersionOverrides } from '@/server/hosts/setup/role-setup';
import { runVerification } from '@/server/hosts/setup/verification';
import { deployFunctions } from '@/server/hosts/setup/deploy-functions';
import type { MultipassProvider } from './multipass-provider';
import { parsePairSpec, type MultipassPairSpec, type MultipassPairSpecInput } from './multipass-spec';

export const GATEWAY_NODE_PORT = 31112;
export const PROMETHEUS_NODE_PORT = 30411;

export type RoleSetupFn = (host: Host, opts: RoleSetupOptions) => Promise<unknown>;

export interface MultipassPairProviderOptions {
  lifecycle: MultipassProvider;
  spec: MultipassPairSpecInput | MultipassPairSpec;
  /** Local working directory (the agent bundle is built into `<workDir>/agent-bundle`). */
  workDir: string;
  functions?: readonly string[];
  scriptsDir?: string;
  versions?: VersionOverrides;
  /** Runs one role's setup (default: its versioned script). Tests swap in a tiny fake. */
  roleSetup?: RoleSetupFn;
  /** Default: read the OpenFaaS basic-auth secret with kubectl on the k3s VM. */
  gatewayAuth?: (k3s: Host, signal?: AbortSignal) => Promise<string | undefined>;
  /** Tests point the agent at a local stack instead of the k3s VM's NodePorts. */
  urls?: { gatewayUrl?: string; prometheusUrl?: string };
}

const STATE: Record<string, HostState> = {
  Running: 'running',
  Starting: 'starting',
  Restarting: 'starting',
  Stopped: 'stopped',
  Suspended: 'stopped',
  Suspending: 'stopped',
  Missing: 'absent',
  Deleted: 'absent',
  // Its availability zone is disabled: it cannot start until `multipass enable-zones`.
  Unavailable: 'error',
};

export class MultipassPairProvider implements HostProvider {
  readonly kind = 'multipass' as const;
  readonly spec: MultipassPairSpec;
  private readonly lifecycle: MultipassProvider;
  private readonly provisioning = new SingleFlight<HostPair>();
  private bundling: Promise<AgentBundle> | undefined;

  constructor(private readonly opts: MultipassPairProviderOptions) {
    this.lifecycle = opts.lifecycle;
    this.spec = parsePairSpec(opts.spec);
  }

  get agentCommand(): string[] {
    return [...REMOTE_AGENT_COMMAND];
  }

  /** Idempotent (adopts VMs, re-runs idempotent setup); concurrent calls share one. */
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
    const pair = await this.lifecycle.provisionPair(this.spec, { signal, onProgress });
    const say = (role: HostRole, host: string, step: string, message: string) =>
      onProgress?.({ host, role, step, message });
    say('runner', pair.runner.name, 'bundle', 'building the agent bundle (esbuild)');
    const bundle = await this.bundle(signal);
    say('runner', pair.runner.name, 'bundle', `agent bundle ${bundle.sha256.slice(0, 12)} ready`);
    const setup = this.opts.roleSetup ?? runRoleSetup;
    const common = { scriptsDir: this.opts.scriptsDir, versions: this.opts.versions, onProgress, signal };
    const lineTo = (role: HostRole, host: string) => (line: string) => say(role, host, 'output', line);
    // Both roles at once: k3s and the runner do not depend on each other until the run.
    const settled = await Promise.allSettled([
      setup(pair.k3s.host, { ...common, functions: this.opts.functions, onLine: lineTo('k3s', pair.k3s.name) }),
      setup(pair.runner.host, { ...common, agentBundleDir: bundle.dir, onLine: lineTo('runner', pair.runner.name) }),
    ]);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    say('k3s', pair.k3s.name, 'auth', 'reading the OpenFaaS gateway password from the cluster');
    const gatewayAuth = await this.readAuth(pair.k3s.host, signal);
    return this.pairOf(pair.k3s.host, pair.runner.host, pair.k3s.ip, gatewayAuth);
  }

  /** Built once per provider (this process's code does not change under it); a failure is retried. */
  private bundle(signal?: AbortSignal): Promise<AgentBundle> {
    this.bundling ??= buildAgentBundle(path.join(this.opts.workDir, 'agent-bundle'), { signal }).catch((err: Error) => {
      this.bundling = undefined;
      throw err;
    });
    return this.bundling;
  }

  private readAuth(k3s: Host, signal?: AbortSignal): Promise<string | undefined> {
    return (this.opts.gatewayAuth ?? readGatewayAuthorization)(k3s, signal);
  }

  private pairOf(k3s: Host, runner: Host, k3sIp: string, gatewayAuth: string | undefined): HostPair {
    return {
      k3s,
      runner,
      gatewayUrl: this.opts.urls?.gatewayUrl ?? `http://${k3sIp}:${GATEWAY_NODE_PORT}`,
      prometheusUrl: this.opts.urls?.prometheusUrl ?? `http://${k3sIp}:${PROMETHEUS_NODE_PORT}`,
      gatewayAuth,
      agentCommand: this.agentCommand,
      // faas-cli runs on the k3s VM, where the gateway is its own NodePort.
      deployFunctions: (names, o) =>
        deployFunctions(k3s, names, { gatewayUrl: `http://127.0.0.1:${GATEWAY_NODE_PORT}`, ...o }),
    };
  }

  /**
   * The pair when both VMs run and the runner holds an agent: no setup. An agent from an
   * older build is replaced by this one (same dependencies: only agent.mjs changes).
   */
  async connect(): Promise<HostPair | null> {
    const vms = await this.lifecycle.status(this.spec);
    if (!vms.every((v) => v.state === 'Running')) return null;
    const { k3s, runner } = this.lifecycle.hostsFor(this.spec);
    if (!(await runner.fileExists(REMOTE_AGENT_ENTRY))) return null;
    const bundle = await this.bundle();
    const remote = await runner.exec(['sha256sum', REMOTE_AGENT_ENTRY], { timeoutMs: 30_000 });
    if (remote.code !== 0 || !remote.stdout.startsWith(bundle.sha256))
      await runner.push(bundle.entry, REMOTE_AGENT_ENTRY);
    let gatewayAuth: string | undefined;
    try {
      gatewayAuth = await this.readAuth(k3s);
    } catch {
      return null; // the cluster is not set up (or broken): provisioning re-runs the setup
    }
    const ip = vms.find((v) => v.role === 'k3s')?.ip ?? (await k3s.address());
    return this.pairOf(k3s, runner, ip, gatewayAuth);
  }

  async status(): Promise<PairStatus> {
    const vms = await this.lifecycle.status(this.spec);
    const ip = vms.find((v) => v.role === 'k3s' && v.state === 'Running')?.ip;
    return {
      provider: 'multipass',
      gatewayUrl: ip ? (this.opts.urls?.gatewayUrl ?? `http://${ip}:${GATEWAY_NODE_PORT}`) : undefined,
      prometheusUrl: ip ? (this.opts.urls?.prometheusUrl ?? `http://${ip}:${PROMETHEUS_NODE_PORT}`) : undefined,
      hosts: vms.map((v) => ({
        name: v.name,
        role: v.role,
        state: STATE[v.state] ?? 'error',
        address: v.ip,
        detail: `multipass state ${v.state}`,
      })),
    };
  }

  /** Contracts §1 step 2 on each VM; the runner's DuckDB check is the agent's own self-check. */
  async verify(opts: { onProgress?: ProgressListener } = {}): Promise<VerificationCheck[]> {
    const { k3s, runner } = this.lifecycle.hostsFor(this.spec);
    const [a, b] = await Promise.all([
      runVerification(k3s, 'k3s'),
      runVerification(runner, 'runner', { agentSelfCheck: [...this.agentCommand, '--self-check'] }),
    ]);
    return reportChecks([...a, ...b], opts.onProgress);
  }

  /** Deletes both VMs with purge, so their names are free for the next `up`. */
  async destroy(opts: { onProgress?: ProgressListener } = {}): Promise<void> {
    await this.lifecycle.destroyPair(this.spec, { purge: true, onProgress: opts.onProgress });
  }
}
