// What the controller and the Hosts page need from a provider: a k3s host and a runner
// host, their status, per-role verification, and teardown.
import 'server-only';
import type { Host, ProgressListener, VerificationCheck } from './host';
import type { ProviderKind } from '@/lib/contract/provider-kind';

export type HostState = 'absent' | 'starting' | 'running' | 'stopped' | 'error';

export interface HostStatus {
  name: string;
  role: 'k3s' | 'runner';
  state: HostState;
  address?: string;
  detail?: string;
}

export interface PairStatus {
  provider: ProviderKind;
  hosts: HostStatus[];
  gatewayUrl?: string;
  prometheusUrl?: string;
}

export interface HostPair {
  k3s: Host;
  runner: Host;
  gatewayUrl: string;
  prometheusUrl: string;
  /** Authorization header value for a basic-auth gateway, read from the cluster. */
  gatewayAuth?: string;
  /** argv prefix that runs the agent on the runner host (before `--spec <file>`). */
  agentCommand: string[];
  /**
   * More runners sharing every configuration's load with `runner` (which leads): each gets
   * its slice of the rates (lib/contract/runner-share.ts). Absent on a single-runner pair.
   */
  moreRunners?: readonly RunnerHost[];
  /**
   * Deploys functions the gateway does not list yet (lb deploys the run's functions at setup).
   * Absent where functions cannot be deployed (the local stack has a fixed set).
   */
  deployFunctions?(
    names: readonly string[],
    opts: { onProgress?: (m: string) => void; signal?: AbortSignal },
  ): Promise<void>;
}

export interface RunnerHost {
  host: Host;
  agentCommand: string[];
}

/** The pair's runners, the lead first. */
export function runnersOf(pair: Pick<HostPair, 'runner' | 'agentCommand' | 'moreRunners'>): RunnerHost[] {
  return [{ host: pair.runner, agentCommand: pair.agentCommand }, ...(pair.moreRunners ?? [])];
}

export interface HostProvider {
  readonly kind: ProviderKind;
  provision(opts?: { signal?: AbortSignal; onProgress?: ProgressListener }): Promise<HostPair>;
  /** The pair if it is up, without provisioning anything. */
  connect(): Promise<HostPair | null>;
  /**
   * The lead runner while the pair is down, where its files can still be read (local: a
   * directory on this machine), for checks made before a run provisions anything. Absent where
   * reading the runner needs the hosts up.
   */
  runnerAtRest?(): Host;
  status(): Promise<PairStatus>;
  verify(opts?: { onProgress?: ProgressListener }): Promise<VerificationCheck[]>;
  destroy(opts?: { onProgress?: ProgressListener }): Promise<void>;
  /** At this process's end: let go of what it owns (the local stack it started or adopted). */
  release?(): Promise<void>;
  /** Take over hosts whose owning process died (a local stack left by a crash). */
  adoptOrphanStack?(): Promise<boolean>;
}
