// Bring your own hosts: the runner is any machine reached with `ssh`, the k3s role an
// existing cluster given by its gateway and Prometheus URLs. The definition is read from
// <hosts root>/ssh/hosts.json at every operation (so `lb-web hosts add ssh` takes effect at
// once); lb-web owns only <workdir>/lb-web-agent and the runs' directories on the runner.
import 'server-only';
import path from 'node:path';
import type { ProgressListener, VerificationCheck } from '@/server/hosts/host';
import type { HostPair, HostProvider, PairStatus } from '@/server/hosts/provider';
import { buildAgentBundle, type AgentBundle } from '@/server/hosts/setup/agent-bundle';
import { reportChecks, verifyAgentSelfCheck, verifyClusterEndpoints } from '@/server/hosts/setup/endpoint-checks';
import { SingleFlight } from '@/server/hosts/single-flight';
import { ClusterEndpointHost } from './cluster-endpoint-host';
import { SshHost, resolveWorkdir } from './ssh-host';
import {
  gatewayAuthorization,
  readSshPair,
  sshHostsFile,
  sshKnownHostsFile,
  SshHostsFileError,
} from './ssh-hosts-file';
import { describeTarget, type SshPair } from '@/lib/contract/ssh-hosts';
import { agentCommandOf, agentDirOf, setupSshRunner } from './ssh-runner-setup';

export const SSH_RUNNER = 'ssh-runner';
export const SSH_CLUSTER = 'cluster';

interface Resolved {
  def: SshPair;
  runner: SshHost;
  k3s: ClusterEndpointHost;
}

export class SshProvider implements HostProvider {
  readonly kind = 'ssh' as const;
  private bundling: Promise<AgentBundle> | undefined;
  private readonly provisioning = new SingleFlight<HostPair>();

  constructor(readonly root: string) {}

  /** `~/…` workdirs resolved once per saved target (an SSH round trip), not at every status poll. */
  private readonly workdirs = new Map<string, string>();

  private async resolve(signal?: AbortSignal, saved?: SshPair): Promise<Resolved> {
    const def = saved ?? (await readSshPair(this.root));
    if (!def)
      throw new SshHostsFileError(
        `no SSH hosts saved (${sshHostsFile(this.root)}): run \`lb-web hosts add ssh --runner user@host[:port] --identity <key> --gateway <url> --prometheus <url>\``,
      );
    const known = sshKnownHostsFile(this.root);
    const key = JSON.stringify(def.runner);
    let workdir = this.workdirs.get(key);
    if (workdir === undefined) {
      workdir = await resolveWorkdir(def.runner, known, { signal });
      this.workdirs.set(key, workdir);
    }
    return {
      def,
      runner: new SshHost(def.runner, SSH_RUNNER, 'runner', workdir, known),
      k3s: new ClusterEndpointHost(SSH_CLUSTER, def.cluster.gatewayUrl),
    };
  }

  private bundle(signal?: AbortSignal): Promise<AgentBundle> {
    this.bundling ??= buildAgentBundle(path.join(this.root, 'agent-bundle'), { signal }).catch((err: Error) => {
      this.bundling = undefined;
      throw err;
    });
    return this.bundling;
  }

  private async pairOf(r: Resolved): Promise<HostPair> {
    return {
      k3s: r.k3s,
      runner: r.runner,
      gatewayUrl: r.def.cluster.gatewayUrl,
      prometheusUrl: r.def.cluster.prometheusUrl,
      gatewayAuth: await gatewayAuthorization(r.def.cluster),
      agentCommand: agentCommandOf(r.runner),
      // Functions on an existing cluster are the user's: lb-web deploys nothing there.
    };
  }

  provision(opts: { signal?: AbortSignal; onProgress?: ProgressListener } = {}): Promise<HostPair> {
    return this.provisioning.run(async () => {
      const { signal, onProgress } = opts;
      const say = (step: string, message: string) => onProgress?.({ host: SSH_RUNNER, role: 'runner', step, message });
      const r = await this.resolve(signal);
      say('connect', `${describeTarget(r.def.runner)} reachable; workdir ${r.runner.lbWorkdir}`);
      say('bundle', 'building the agent bundle (esbuild)');
      const bundle = await this.bundle(signal);
      await setupSshRunner(r.runner, bundle, say, signal);
      onProgress?.({
        host: SSH_CLUSTER,
        role: 'k3s',
        step: 'cluster',
        message: `existing cluster: gateway ${r.def.cluster.gatewayUrl}, Prometheus ${r.def.cluster.prometheusUrl}`,
      });
      return this.pairOf(r);
    });
  }

  /** The pair when the runner holds this build's agent; null when provisioning is needed. */
  async connect(): Promise<HostPair | null> {
    const def = await readSshPair(this.root);
    if (!def) return null;
    const r = await this.resolve(undefined, def);
    const entry = agentCommandOf(r.runner)[1]!;
    if (!(await r.runner.fileExists(entry))) return null;
    const bundle = await this.bundle();
    const remote = await r.runner.exec(['sha256sum', entry], { timeoutMs: 30_000 });
    if (remote.code !== 0 || !remote.stdout.startsWith(bundle.sha256)) await r.runner.push(bundle.entry, entry);
    return this.pairOf(r);
  }

  async status(): Promise<PairStatus> {
    const def = await readSshPair(this.root).catch(() => null);
    if (!def) return { provider: 'ssh', hosts: [] };
    const runnerState = await this.resolve(undefined, def)
      .then(async (r) => ({
        state: (await r.runner.fileExists(agentCommandOf(r.runner)[1]!)) ? ('running' as const) : ('stopped' as const),
        detail: `${describeTarget(def.runner)} · workdir ${r.runner.lbWorkdir}`,
      }))
      .catch((err: Error) => ({ state: 'error' as const, detail: err.message }));
    const gateway = await fetch(`${def.cluster.gatewayUrl}/healthz`, { signal: AbortSignal.timeout(5000) })
      .then((res) => ({
        state: res.ok ? ('running' as const) : ('error' as const),
        detail: `gateway /healthz ${res.status}`,
      }))
      .catch((err: Error) => ({ state: 'error' as const, detail: `gateway unreachable: ${err.message}` }));
    return {
      provider: 'ssh',
      gatewayUrl: def.cluster.gatewayUrl,
      prometheusUrl: def.cluster.prometheusUrl,
      hosts: [
        { name: SSH_CLUSTER, role: 'k3s', address: new URL(def.cluster.gatewayUrl).hostname, ...gateway },
        { name: SSH_RUNNER, role: 'runner', address: def.runner.host, ...runnerState },
      ],
    };
  }

  async verify(opts: { onProgress?: ProgressListener } = {}): Promise<VerificationCheck[]> {
    let checks: VerificationCheck[];
    try {
      const r = await this.resolve();
      const authorization = await gatewayAuthorization(r.def.cluster);
      const [cluster, runner] = await Promise.all([
        verifyClusterEndpoints(
          SSH_CLUSTER,
          { ...r.def.cluster, authorization },
          // An existing cluster must be scraped the way lb's k3s setup does it.
          { cadvisor: true },
        ),
        verifyAgentSelfCheck(r.runner, agentCommandOf(r.runner)),
      ]);
      checks = [...cluster, ...runner];
    } catch (err) {
      checks = [
        {
          role: 'runner',
          host: SSH_RUNNER,
          name: 'runner reachable over SSH',
          command: 'ssh',
          ok: false,
          output: (err as Error).message,
          durationMs: 0,
        },
      ];
    }
    return reportChecks(checks, opts.onProgress);
  }

  /** Removes what lb-web installed on the runner (the agent); runs' directories are kept. */
  async destroy(opts: { onProgress?: ProgressListener } = {}): Promise<void> {
    const r = await this.resolve();
    const dir = agentDirOf(r.runner);
    const res = await r.runner.exec(['rm', '-rf', '--', dir], { timeoutMs: 60_000 });
    if (res.code !== 0) throw new Error(`rm -rf ${SSH_RUNNER}:${dir} failed: ${res.stderr.trim()}`);
    opts.onProgress?.({ host: SSH_RUNNER, role: 'runner', step: 'destroy', message: `removed ${dir}` });
  }
}
