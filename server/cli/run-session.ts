// One run driven by this CLI process: a RunManager that does not recover other runs (a
// server sharing the output root may own them right now), so the CLI runs exactly what the
// server would — the same controller, journal and event hub.
import 'server-only';
import type { Thresholds } from '@/lib/contract/thresholds';
import type { HostProvider } from '@/server/hosts/provider';
import type { ControllerState } from '@/lib/contract/controller-states';
import type { StoredEvent } from '@/lib/contract/stored-event';
import { RunManager } from '@/server/runs/run-manager';
import { runPaths } from '@/server/runs/run-dir';

export interface CliRun {
  runId: string;
  dir: string;
  stopFile: string;
  /** Every event of the run, from seq 1, ending when the run's hub ends. */
  events(signal?: AbortSignal): AsyncGenerator<StoredEvent>;
  done: Promise<ControllerState>;
}

export async function startCliRun(args: {
  outputRoot: string;
  provider: HostProvider;
  rawConfig: unknown;
  runId?: string;
  allowManyConfigurations?: boolean;
  strictConfig?: boolean;
  thresholds?: Thresholds;
}): Promise<CliRun> {
  // Orphans whose agent ended are collected and closed here; one still running is left to a
  // server (and, on the same runner, makes startRun refuse with its id).
  const manager = new RunManager({
    outputRoot: args.outputRoot,
    provider: () => args.provider,
    recover: 'ended',
    controllerKind: 'cli',
  });
  await manager.recovered;
  const { runId, dir } = await manager.startRun({
    config: args.rawConfig,
    runId: args.runId,
    provider: args.provider.kind,
    allowManyConfigurations: args.allowManyConfigurations,
    strictConfig: args.strictConfig,
    thresholds: args.thresholds,
  });
  return {
    runId,
    dir,
    stopFile: runPaths(args.outputRoot, runId).stop,
    events: (signal) => manager.events(runId, { signal }),
    // Runs this command re-attached to close them end with it too.
    done: manager.waitForRun(runId).then(async (state) => (await manager.settled(), state)),
  };
}
