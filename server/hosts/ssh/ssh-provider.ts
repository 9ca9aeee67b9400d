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
  /** The runners after the lead (`moreRunners`), named ssh-runner-2, ssh-runner-3… */
  more: SshHost[];
  k3s: ClusterEndpointHost;
}

/** The name of the i-th runner (0 leads): ssh-runner, ssh-runner-2, … */
export const sshRunnerName = (i: number) => (i === 0 ? SSH_RUNNER : `${SSH_RUNNER}-${i + 1}`);

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
    const hosts: SshHost[] = [];
    for (const [i, target] of [def.runner, ...def.moreRunners].entries()) {
      const key = JSON.stringify(target);
      let workdir = this.workdirs.get(key);
      if (workdir === undefined) {
        workdir = await resolveWorkdir(target, known, { signal });
        this.workdirs.set(key, workdir);
      }
      hosts.push(new SshHost(target, sshRunnerName(i), 'runner', workdir, known));
    }
    return {
      def,
      runner: hosts[0]!,
      more: hosts.slice(1),
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
      ...(r.more.length ? { moreRunners: r.more.map((host) => ({ host, agentCommand: agentCommandOf(host) })) } : {}),
      // Functions on an existing cluster are the user's: lb-web deploys nothing there.
    };
  }

  provision(opts: { signal?: AbortSignal; onProgress?: ProgressListener } = {}): Promise<HostPair> {
    return this.provisioning.run(async () => {
      const { signal, onProgress } = opts;
      const r = await this.resolve(signal);
      const runners = [r.runner, ...r.more];
      const sayOn = (runner: SshHost) => (step: string, message: string) =>
        onProgress?.({ host: runner.name, role: 'runner', step, message });
      for (const runner of runners) {
        sayOn(runner)('connect', `${describeTarget(runner.target)} reachable; workdir ${runner.lbWorkdir}`);
      }
      sayOn(r.runner)('bundle', 'building the agent bundle (esbuild)');
      const bundle = await this.bundle(signal);
      for (const runner of runners) await setupSshRunner(runner, bundle, sayOn(runner), signal);
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
    const bundle = await this.bundle();
    for (const runner of [r.runner, ...r.more]) {
      const entry = agentCommandOf(runner)[1]!;
      if (!(await runner.fileExists(entry))) return null;
      const remote = await runner.exec(['sha256sum', entry], { timeoutMs: 30_000 });
      if (remote.code !== 0 || !remote.stdout.startsWith(bundle.sha256)) await runner.push(bundle.entry, entry);
    }
    return this.pairOf(r);
  }

  async status(): Promise<PairStatus> {
    const def = await readSshPair(this.root).catch(() => null);
    if (!def) return { provider: 'ssh', hosts: [] };
    const targets = [def.runner, ...def.moreRunners];
    const runnerStates = await this.resolve(undefined, def)
      .then((r) =>
        Promise.all(
          [r.runner, ...r.more].map(async (h, i) => ({
            state: (await h.fileExists(agentCommandOf(h)[1]!)) ? ('running' as const) : ('stopped' as const),
            detail: `${describeTarget(targets[i]!)} · workdir ${h.lbWorkdir}`,
          })),
        ),
      )
      .catch((err: Error) => targets.map(() => ({ state: 'error' as const, detail: err.message })));
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
        ...targets.map((t, i) => ({
          name: sshRunnerName(i),
          role: 'runner' as const,
          address: t.host,
          ...runnerStates[i]!,
        })),
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
        Promise.all([r.runner, ...r.more].map((h) => verifyAgentSelfCheck(h, agentCommandOf(h)))),
      ]);
      checks = [...cluster, ...runner.flat()];
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
    for (const runner of [r.runner, ...r.more]) {
      const dir = agentDirOf(runner);
      const res = await runner.exec(['rm', '-rf', '--', dir], { timeoutMs: 60_000 });
      if (res.code !== 0) throw new Error(`rm -rf ${runner.name}:${dir} failed: ${res.stderr.trim()}`);
      opts.onProgress?.({ host: runner.name, role: 'runner', step: 'destroy', message: `removed ${dir}` });
    }
  }
}
