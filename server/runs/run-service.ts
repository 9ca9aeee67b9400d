// The process-wide RunManager (globalThis-cached for Next's dev hot reload).
import 'server-only';
import { getEnv } from '@/server/config/env';
import { getProvider } from '@/server/hosts/providers';
import { RunManager } from './run-manager';

const KEY = Symbol.for('lb-web.run-manager');
const g = globalThis as typeof globalThis & { [KEY]?: RunManager };

export function getRunManager(): RunManager {
  if (!g[KEY]) {
    const env = getEnv();
    g[KEY] = new RunManager({
      outputRoot: env.LBWEB_OUTPUT_ROOT,
      provider: (kind) => getProvider(kind, env.LBWEB_HOSTS_ROOT),
    });
  }
  return g[KEY];
}
