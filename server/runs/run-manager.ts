// The controller's front door, shared by tRPC routers and the CLI: start, stop, look up,
// list and stream runs; on start-up, re-attach or close runs a previous process left open.
import 'server-only';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { HostProvider } from '@/server/hosts/provider';
import { parsePevaConfig } from '@/lib/contract/peva-config';
import { RunController, type RunControllerOptions } from './run-controller';
import { newRunId, runPaths, RunIdSchema } from './run-dir';
import { listRuns } from './list-runs';
import { readRun } from './read-run';
import { runDetail } from './run-summary';
import { requestStop } from './stop-watcher';
import { getHub } from './event-hub-registry';
import type { ControllerState } from '@/lib/contract/controller-states';
import { ConfigValidationError, RunExistsError, RunNotFoundError } from './run-errors';
import type { ControllerKind } from './controller-identity';
import { recoverRuns, type OrphanRun, type RecoverMode } from './recover-runs';
import type { StoredEvent } from '@/lib/contract/stored-event';
import { DEFAULT_PROVIDER, type ProviderKind } from '@/lib/contract/provider-kind';

export interface RunManagerOptions {
  outputRoot: string;
  provider: (kind: ProviderKind) => HostProvider;
  stopConfirmTimeoutMs?: number;
  /**
   * Runs left open by a controller that is gone: re-attach every one ('all', the server's
   * default), only those whose agent has ended ('ended', a CLI command), or none (false).
   * Runs whose controller is alive are never touched.
   */
  recover?: RecoverMode | false;
  /** Who drives the runs this manager starts (recorded in their journals). */
  controllerKind?: ControllerKind;
}

export class RunManager {
  private readonly active = new Map<string, RunController>();
  /** Settles once restart recovery has run; lists orphans left running (mode 'ended'). */
  readonly recovered: Promise<OrphanRun[]>;

  constructor(readonly opts: RunManagerOptions) {
    this.recovered =
      opts.recover === false ? Promise.resolve([]) : recoverRuns(this, opts.recover ?? 'all').catch(() => []);
  }

  /** Validates first: an invalid config starts nothing and reports every field. */
  async startRun(input: {
    config: unknown;
    runId?: string;
    provider?: ProviderKind;
  }): Promise<{ runId: string; dir: string }> {
    const parsed = parsePevaConfig(input.config);
    if (!parsed.ok) throw new ConfigValidationError(parsed.errors);
    await mkdir(this.opts.outputRoot, { recursive: true });
    const runId = input.runId
      ? RunIdSchema.parse(input.runId)
      : newRunId(new Date(), (id) => existsSync(runPaths(this.opts.outputRoot, id).dir));
    if (existsSync(runPaths(this.opts.outputRoot, runId).dir)) throw new RunExistsError(runId, this.opts.outputRoot);
    const controller = await RunController.start(
      { runId, config: parsed.config, rawConfig: input.config },
      this.controllerOptions(input.provider ?? DEFAULT_PROVIDER),
    );
    this.adopt(controller);
    return { runId, dir: controller.paths.dir };
  }

  controllerOptions(provider: ProviderKind): RunControllerOptions {
    return {
      provider: this.opts.provider(provider),
      outputRoot: this.opts.outputRoot,
      stopConfirmTimeoutMs: this.opts.stopConfirmTimeoutMs,
      controllerKind: this.opts.controllerKind,
    };
  }

  /** Creates the run's STOP file, exactly what `touch <run_dir>/STOP` does. Idempotent. */
  async stopRun(runId: string): Promise<{ runId: string; alreadyRequested: boolean; state: string | null }> {
    const paths = runPaths(this.opts.outputRoot, RunIdSchema.parse(runId));
    if (!existsSync(paths.journal)) throw new RunNotFoundError(runId);
    const alreadyRequested = existsSync(paths.stop);
    await requestStop(paths.dir);
    const run = await this.getRun(runId);
    return { runId, alreadyRequested, state: run.state };
  }

  controller(runId: string): RunController | undefined {
    return this.active.get(runId);
  }

  /** Resolves with the terminal state once the run ends (immediately for a finished run). */
  async waitForRun(runId: string): Promise<ControllerState> {
    const c = this.active.get(runId);
    if (c) return c.done;
    const { state, stateText } = await readRun(this.opts.outputRoot, runId);
    if (!state) throw new Error(`run ${runId} has controller state ${String(stateText)}, which lb-web does not know`);
    return state;
  }

  /** The run page's view of a run (its journal, and the live state when this process drives it). */
  async getRun(runId: string) {
    const record = await readRun(this.opts.outputRoot, runId);
    const live = this.active.get(record.runId);
    return runDetail(record, live ? { state: live.state } : undefined);
  }

  async listRuns() {
    return listRuns(this.opts.outputRoot);
  }

  /** Replays events after `lastEventId` from events.jsonl, then follows live until the run ends. */
  async *events(runId: string, opts: { lastEventId?: number; signal?: AbortSignal } = {}): AsyncGenerator<StoredEvent> {
    const paths = runPaths(this.opts.outputRoot, RunIdSchema.parse(runId));
    if (!existsSync(paths.journal)) throw new RunNotFoundError(runId);
    const hub = await getHub(runId, paths.events, { runId });
    if (!this.active.has(runId) && (await readRun(this.opts.outputRoot, runId)).terminal) await hub.end();
    yield* hub.stream(opts);
  }

  adopt(controller: RunController): void {
    this.active.set(controller.runId, controller);
    void controller.done.finally(() => this.active.delete(controller.runId));
  }

  /** Server shutdown: stop every active run and wait for its terminal state (bounded). */
  async shutdown(timeoutMs = 30_000): Promise<void> {
    const runs = [...this.active.values()];
    await Promise.all(runs.map((r) => requestStop(r.paths.dir)));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(runs.map((r) => r.done)),
      new Promise((r) => (timer = setTimeout(r, timeoutMs).unref())),
    ]);
    clearTimeout(timer);
  }
}
