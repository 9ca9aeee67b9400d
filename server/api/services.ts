// What the routers reach through their context instead of process-wide singletons: the run
// manager, the host providers and their background operations. The server passes the
// process-wide ones; tests and in-process callers pass their own (a temp output root, say).
import 'server-only';
import path from 'node:path';
import type { ProviderKind } from '@/lib/contract/provider-kind';
import { HostOperations, hostOperations } from '@/server/hosts/host-operations';
import type { HostProvider } from '@/server/hosts/provider';
import { getProvider } from '@/server/hosts/providers';
import type { RunManager } from '@/server/runs/run-manager';
import { getRunManager } from '@/server/runs/run-service';
import { getEnv } from '@/server/config/env';

export interface ApiServices {
  readonly outputRoot: string;
  /** Where saved host definitions live (the SSH pair: <hostsRoot>/ssh/hosts.json). */
  readonly hostsRoot: string;
  readonly runs: RunManager;
  /** The provider of this kind; throws (with the fix) when it cannot be used here. */
  provider(kind: ProviderKind): HostProvider;
  /** The provider's background provision/verify/destroy (one at a time, the latest kept). */
  operations(kind: ProviderKind): HostOperations;
}

/** The server's own services, resolved on first use (a doctor call starts no run manager). */
export function serverServices(): ApiServices {
  return {
    get outputRoot() {
      return getEnv().LBWEB_OUTPUT_ROOT;
    },
    get hostsRoot() {
      return getEnv().LBWEB_HOSTS_ROOT;
    },
    get runs() {
      return getRunManager();
    },
    provider: (kind) => getProvider(kind),
    operations: (kind) => hostOperations(kind),
  };
}

/** Services over a given run manager and providers, with operations of their own. */
export function localServices(opts: {
  runs: RunManager;
  provider: (kind: ProviderKind) => HostProvider;
  /** Default: `hosts` beside the output root. */
  hostsRoot?: string;
}): ApiServices {
  const ops = new Map<ProviderKind, HostOperations>();
  return {
    outputRoot: opts.runs.opts.outputRoot,
    hostsRoot: opts.hostsRoot ?? path.join(path.dirname(opts.runs.opts.outputRoot), 'hosts'),
    runs: opts.runs,
    provider: opts.provider,
    operations: (kind) => {
      let o = ops.get(kind);
      if (!o) ops.set(kind, (o = new HostOperations()));
      return o;
    },
  };
}
