// The runner a custom policy module is looked for on, before a run: the connected pair's, or the
// provider's runner at rest (local: a directory); null when neither can be read (a VM or SSH host
// that is not up). Start (run-manager) and the pre-flight ask the same host.
import 'server-only';
import type { Host } from '@/server/hosts/host';
import type { HostPair, HostProvider } from '@/server/hosts/provider';

export function policyRunner(pair: HostPair | null, provider: HostProvider): Host | null {
  return pair?.runner ?? provider.runnerAtRest?.() ?? null;
}
