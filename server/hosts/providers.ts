// One provider instance per kind for the whole server process (cached on globalThis so a
// dev hot reload does not start a second local stack).
import { join } from 'node:path';
import { getEnv } from '@/server/config/env';
import type { HostProvider } from './provider';
import { LocalProvider } from './local/local-provider';

export type ProviderKind = 'local' | 'multipass';

const KEY = Symbol.for('lb-web.providers');
const g = globalThis as typeof globalThis & { [KEY]?: Map<string, HostProvider> };

export function getProvider(kind: ProviderKind, hostsRoot = getEnv().LBWEB_HOSTS_ROOT): HostProvider {
  const cache = (g[KEY] ??= new Map());
  const key = `${kind}:${hostsRoot}`;
  let p = cache.get(key);
  if (!p) {
    if (kind === 'local') p = new LocalProvider(join(hostsRoot, 'local'));
    else throw new Error('the multipass provider is not available in this build yet: use --provider local');
    cache.set(key, p);
  }
  return p;
}
