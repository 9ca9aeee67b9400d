// One run driven by this CLI process: the same RunController and event hub the server uses.
// Not through RunManager: its constructor re-attaches or closes every non-terminal run in
// the output root, and a server sharing that root may own those runs right now.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { HostProvider } from '@/server/hosts/provider';
import { parsePevaConfig } from '@/server/peva/config-schema';
import { ConfigValidationError } from '@/server/runs/config-errors';
import type { ControllerState } from '@/server/runs/controller-states';
import type { StoredEvent } from '@/server/runs/event-hub';
import { RunController } from '@/server/runs/run-controller';
import { newRunId, runPaths, RunIdSchema } from '@/server/runs/run-dir';

export interface CliRun {
  runId: string;
  dir: string;
  stopFile: string;
  /** Every event of the run, from seq 1, ending when the run's hub ends. */
  events(signal?: AbortSignal): AsyncGenerator<StoredEvent>;
  done: Promise<ControllerState>;
}

export async function startCliRun(args: { outputRoot: string; provider: HostProvider; rawConfig: unknown; runId?: string }): Promise<CliRun> {
  const parsed = parsePevaConfig(args.rawConfig);
  if (!parsed.ok) throw new ConfigValidationError(parsed.errors);
  await mkdir(args.outputRoot, { recursive: true });
  const runId = args.runId ? RunIdSchema.parse(args.runId) : newRunId(new Date(), (id) => existsSync(runPaths(args.outputRoot, id).dir));
  const paths = runPaths(args.outputRoot, runId);
  if (existsSync(paths.dir)) throw new Error(`run ${runId} already exists in ${args.outputRoot}: choose another --run-id`);
  const controller = new RunController({ provider: args.provider, outputRoot: args.outputRoot, runId, config: parsed.config, rawConfig: args.rawConfig });
  await controller.init();
  const done = controller.start();
  return {
    runId,
    dir: paths.dir,
    stopFile: paths.stop,
    events: (signal) => controller.hub.stream({ signal }),
    done,
  };
}
