// Server process lifecycle. Graceful shutdown (SIGTERM/SIGINT): every active run is stopped
// through its STOP file (so it ends `aborted` with its DuckDB file collected), then every
// owned child is ended and the local stack this server owns is stopped. A crash leaves agents
// running detached; the next start re-attaches them (see recover-runs.ts) and adopts the stack.
import 'server-only';
import { installShutdownHandlers } from '@/server/process/owned-process';
import { getProvider, releaseProviders } from '@/server/hosts/providers';
import { getRunManager } from './run-service';
import { runsCatalog } from './runs-catalog';

export async function startServerServices(): Promise<void> {
  const manager = getRunManager();
  installShutdownHandlers(async () => {
    await manager.shutdown(20_000);
    await releaseProviders();
  });
  await manager.recovered;
  // The runs list's catalog reads every journal once: do it now, not on the first page load.
  void runsCatalog(manager.opts.outputRoot)
    .refresh()
    .catch(() => undefined);
  // A local stack left by a crashed server or `lb-web run` is ours now: stopped at our end.
  await getProvider('local')
    .adoptOrphanStack?.()
    .catch(() => false);
}
