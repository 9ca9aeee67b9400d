// The VM pair's lifecycle: validate, preflight, adopt-or-launch both VMs, wait for their
// addresses, authorize the project's SSH key; then status, stop/start and destroy.
import 'server-only';
import path from 'node:path';
import type { HostRole, ProgressListener } from '@/server/hosts/host';
import type { MultipassCli } from './multipass-cli';
import { DaemonUnavailableError } from './multipass-errors';
import { bringUp, launchWithFallback, type LaunchTuning, type Report } from './multipass-launch';
import { MultipassHost } from './multipass-host';
import { primaryIpv4 } from './multipass-schemas';
import { parsePairSpec, specWarnings, type MultipassPairSpec, type MultipassVmSpec } from './multipass-spec';
import { authorizeKey, ensureProjectKey, type ProjectKey } from './multipass-ssh-key';
import { stopVm, type StopTuning } from './multipass-stop';
import { waitForIpv4 } from './multipass-wait';

export interface MultipassProviderOptions extends LaunchTuning, StopTuning {
  cli: MultipassCli;
  /** Per-project SSH keys live in `<keyRoot>/<project>/id_ed25519`. */
  keyRoot: string;
  ipTimeoutMs?: number;
}

export interface ProvisionOptions {
  onProgress?: ProgressListener;
  signal?: AbortSignal;
}

export interface ProvisionedVm {
  role: HostRole;
  name: string;
  ip: string;
  adopted: boolean;
  /** The image launched (undefined for an adopted VM). */
  image?: string;
  host: MultipassHost;
}

export interface ProvisionedPair {
  spec: MultipassPairSpec;
  k3s: ProvisionedVm;
  runner: ProvisionedVm;
  key: ProjectKey;
  warnings: string[];
}

export interface VmStatus {
  role: HostRole;
  name: string;
  /** Multipass's state, or `Missing` when no such instance exists. */
  state: string;
  ip?: string;
}

const ROLES: HostRole[] = ['k3s', 'runner'];

export class MultipassProvider {
  private readonly cli: MultipassCli;

  constructor(private readonly opts: MultipassProviderOptions) {
    this.cli = opts.cli;
  }

  /** Fails fast with the install / daemon hint before anything is touched. */
  async preflight(signal?: AbortSignal): Promise<{ multipass: string; multipassd: string }> {
    const v = await this.cli.version({ signal, timeoutMs: 30_000 });
    if (!v.multipassd) {
      throw new DaemonUnavailableError('multipass answered without its daemon version', {
        argv: [this.cli.binary, 'version'],
        exitCode: 0,
        stderr: '',
        hint: 'multipassd is not running: sudo snap start multipass / restart the daemon',
      });
    }
    return { multipass: v.multipass, multipassd: v.multipassd };
  }

  hostsFor(specInput: unknown): Record<HostRole, MultipassHost> {
    const spec = parsePairSpec(specInput);
    return {
      k3s: new MultipassHost(this.cli, spec.k3s.name, 'k3s'),
      runner: new MultipassHost(this.cli, spec.runner.name, 'runner'),
    };
  }

  async provisionPair(specInput: unknown, opts: ProvisionOptions = {}): Promise<ProvisionedPair> {
    const spec = parsePairSpec(specInput);
    const warnings = specWarnings(spec);
    for (const w of warnings)
      opts.onProgress?.({ host: 'all', role: 'all', step: 'validate', message: w, level: 'info' });
    opts.onProgress?.({ host: 'all', role: 'all', step: 'preflight', message: 'checking multipass and multipassd' });
    await this.preflight(opts.signal);
    const settled = await Promise.allSettled(
      ROLES.map((role) => this.ensureVm(role, spec[role], spec.launchTimeoutS, opts)),
    );
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    const [k3s, runner] = settled.map((s) => (s as PromiseFulfilledResult<ProvisionedVm>).value) as [
      ProvisionedVm,
      ProvisionedVm,
    ];
    const key = await ensureProjectKey(path.join(this.opts.keyRoot, spec.project), `lbweb-${spec.project}`);
    for (const vm of [k3s, runner]) {
      opts.onProgress?.({
        host: vm.name,
        role: vm.role,
        step: 'ssh-key',
        message: `authorizing the project SSH key (${key.publicKeyPath})`,
      });
      await authorizeKey(this.cli, vm.name, key.publicKey, opts.signal);
    }
    return { spec, k3s, runner, key, warnings };
  }

  private async ensureVm(
    role: HostRole,
    vm: MultipassVmSpec,
    launchTimeoutS: number,
    opts: ProvisionOptions,
  ): Promise<ProvisionedVm> {
    const report: Report = (step, message, level) => opts.onProgress?.({ host: vm.name, role, step, message, level });
    let adopted: boolean;
    let image: string | undefined;
    const existing = await this.cli.tryInfo(vm.name, { signal: opts.signal });
    if (existing) {
      adopted = true;
      report('adopt', `VM ${vm.name} already exists (${existing.state}): adopting it`);
      await bringUp(this.cli, this.opts, vm.name, existing, report, opts.signal);
    } else {
      const r = await launchWithFallback(this.cli, this.opts, vm, launchTimeoutS, report, opts.signal);
      ({ image, adopted } = r);
    }
    report('wait-ip', 'waiting for the VM address (ipv4[0])');
    const ip = await waitForIpv4(this.cli, vm.name, {
      timeoutMs: this.opts.ipTimeoutMs ?? 180_000,
      signal: opts.signal,
    });
    report('ready', `${vm.name} is Running at ${ip}`);
    return { role, name: vm.name, ip, adopted, image, host: new MultipassHost(this.cli, vm.name, role) };
  }

  async status(specInput: unknown, signal?: AbortSignal): Promise<VmStatus[]> {
    const spec = parsePairSpec(specInput);
    const list = await this.cli.list({ signal });
    return ROLES.map((role) => {
      const entry = list.find((e) => e.name === spec[role].name);
      return {
        role,
        name: spec[role].name,
        state: entry?.state ?? 'Missing',
        ip: entry ? primaryIpv4(entry.ipv4) : undefined,
      };
    });
  }

  /** Stops what Multipass can stop (see multipass-stop.ts); Suspended VMs are left suspended. */
  async stopPair(specInput: unknown, opts: ProvisionOptions = {}): Promise<void> {
    for (const s of await this.status(specInput, opts.signal)) {
      if (s.state === 'Missing') continue;
      const report: Report = (step, message, level) =>
        opts.onProgress?.({ host: s.name, role: s.role, step, message, level });
      await stopVm(this.cli, s.name, s.state, this.opts, report, opts.signal);
    }
  }

  async startPair(specInput: unknown, opts: ProvisionOptions = {}): Promise<void> {
    await this.eachExisting(specInput, opts, ['Stopped', 'Suspended'], 'start', (name) =>
      this.cli.start(name, { signal: opts.signal }),
    );
  }

  /** Deletes both VMs; purge (the default) frees their names for the next launch. */
  async destroyPair(specInput: unknown, opts: ProvisionOptions & { purge?: boolean } = {}): Promise<void> {
    const purge = opts.purge !== false;
    await this.eachExisting(specInput, opts, null, purge ? 'delete --purge' : 'delete', (name) =>
      this.cli.delete(name, { purge, signal: opts.signal }),
    );
  }

  private async eachExisting(
    specInput: unknown,
    opts: ProvisionOptions,
    states: string[] | null,
    verb: string,
    act: (name: string) => Promise<void>,
  ): Promise<void> {
    for (const s of await this.status(specInput, opts.signal)) {
      if (s.state === 'Missing' || (states && !states.includes(s.state))) continue;
      opts.onProgress?.({
        host: s.name,
        role: s.role,
        step: verb,
        message: `multipass ${verb} ${s.name} (was ${s.state})`,
      });
      await act(s.name);
    }
  }
}
