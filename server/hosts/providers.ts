// One provider instance per kind for the whole server process (cached on globalThis so a
// dev hot reload does not start a second local stack).
import 'server-only';
import { join } from 'node:path';
import { getEnv } from '@/server/config/env';
import type { HostProvider } from './provider';
import { LocalProvider } from './local/local-provider';
import { createMultipassPairProvider } from './multipass/create-provider';
import { createSshProvider } from './ssh/create-ssh-provider';
import type { ProviderKind } from '@/lib/contract/provider-kind';

const KEY = Symbol.for('lb-web.providers');
const g = globalThis as typeof globalThis & { [KEY]?: Map<string, HostProvider> };

/** A provider that cannot be used on this machine; the message says why and the fix. */
export class ProviderUnavailableError extends Error {
  constructor(
    readonly kind: ProviderKind,
    message: string,
  ) {
    super(message);
    this.name = 'ProviderUnavailableError';
  }
}

/**
 * multipass: settings from LBWEB_MULTIPASS_* (see multipass-env.ts); ssh: the saved pair in
 * <hosts root>/ssh/hosts.json. A missing binary, a bad setting or no saved SSH pair throws
 * ProviderUnavailableError here, before anything starts.
 */
export function getProvider(kind: ProviderKind, hostsRoot = getEnv().LBWEB_HOSTS_ROOT): HostProvider {
  const cache = (g[KEY] ??= new Map());
  const key = `${kind}:${hostsRoot}`;
  let p = cache.get(key);
  if (!p) {
    try {
      p =
        kind === 'local'
          ? new LocalProvider(join(hostsRoot, 'local'))
          : kind === 'ssh'
            ? createSshProvider(join(hostsRoot, 'ssh'))
            : createMultipassPairProvider(join(hostsRoot, 'multipass'));
    } catch (err) {
      throw new ProviderUnavailableError(kind, (err as Error).message);
    }
    cache.set(key, p);
  }
  return p;
}

/** At shutdown: every provider this process created lets go of what it owns. */
export async function releaseProviders(): Promise<void> {
  await Promise.all([...(g[KEY]?.values() ?? [])].map((p) => p.release?.().catch(() => undefined)));
}
