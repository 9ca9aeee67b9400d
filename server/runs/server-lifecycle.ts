// Server process lifecycle. Graceful shutdown (SIGTERM/SIGINT): every active run is stopped
// through its STOP file (so it ends `aborted` with its DuckDB file collected), then every
// owned child (agents, local stack) is ended. A crash leaves agents running as their own
// process groups; the next start re-attaches them (see recover-runs.ts).
import 'server-only';
import { installShutdownHandlers } from '@/server/process/owned-process';
import { getRunManager } from './run-service';

export async function startServerServices(): Promise<void> {
  const manager = getRunManager();
  installShutdownHandlers(async () => {
    await manager.shutdown(20_000);
  });
  await manager.recovered;
}
