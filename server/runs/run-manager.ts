// The controller's front door, shared by tRPC routers and the CLI: start, stop, look up,
// list and stream runs; on start-up, re-attach or close runs a previous process left open.
import 'server-only';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { HostProvider } from '@/server/hosts/provider';
import { parsePevaConfig } from '@/lib/contract/peva-config';
import { RunController } from './run-controller';
import { newRunId, runPaths, RunIdSchema } from './run-dir';
import { RunJournal } from './run-journal';
import { listRuns } from './list-runs';
import { requestStop } from './stop-watcher';
import { getHub } from './event-hub-registry';
import { isTerminalState, type ControllerState } from '@/lib/contract/controller-states';
import { ConfigValidationError, RunNotFoundError } from './config-errors';
import { recoverRuns } from './recover-runs';
import type { StoredEvent } from '@/lib/contract/stored-event';
import type { ProviderKind } from '@/lib/contract/provider-kind';

export interface RunManagerOptions {
  outputRoot: string;
  provider: (kind: ProviderKind) => HostProvider;
  stopConfirmTimeoutMs?: number;
  /**
   * Re-attach or close runs left open in the output root (default true: the server does it
   * once at start). A CLI sharing the root with a server must not touch the server's runs.
   */
  recover?: boolean;
}

export class RunManager {
  private readonly active = new Map<string, RunController>();
  readonly recovered: Promise<void>;

  constructor(readonly opts: RunManagerOptions) {
    this.recovered = opts.recover === false ? Promise.resolve() : recoverRuns(this).catch(() => undefined);
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
    if (existsSync(runPaths(this.opts.outputRoot, runId).dir))
      throw new Error(`run ${runId} already exists in ${this.opts.outputRoot}`);
    const controller = new RunController({
      provider: this.opts.provider(input.provider ?? 'local'),
      outputRoot: this.opts.outputRoot,
      runId,
      config: parsed.config,
      rawConfig: input.config,
      stopConfirmTimeoutMs: this.opts.stopConfirmTimeoutMs,
    });
    await controller.init();
    void controller.start();
    this.adopt(controller);
    return { runId, dir: controller.paths.dir };
  }

  /** Creates the run's STOP file, exactly what `touch <run_dir>/STOP` does. Idempotent. */
  async stopRun(runId: string): Promise<{ runId: string; alreadyRequested: boolean; state: ControllerState | null }> {
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
    return (await this.getRun(runId)).state as ControllerState;
  }

  async getRun(runId: string) {
    const paths = runPaths(this.opts.outputRoot, RunIdSchema.parse(runId));
    if (!existsSync(paths.journal)) throw new RunNotFoundError(runId);
    const journal = await RunJournal.load(paths.journal);
    const live = this.active.get(runId);
    const m = journal.metadata;
    return {
      runId,
      dir: paths.dir,
      state: (live?.sm.state ?? m.controller_state) as ControllerState | null,
      phase: (m.phase as string | null | undefined) ?? null,
      active: Boolean(live),
      stopRequested: existsSync(paths.stop),
      createdAt: m.created_at,
      endedAt: (m.ended_at as string | null | undefined) ?? null,
      error: (m.error as string | null | undefined) ?? null,
      provider: m.execution_mode,
      runnerHost: (m.runner_host as string | undefined) ?? null,
      memoryFile:
        m.runner_host && existsSync(paths.memoryFile(String(m.runner_host)))
          ? `memory/${String(m.runner_host)}/peva_faas.duckdb`
          : null,
      progress: (m.progress as Record<string, number> | undefined) ?? null,
      config: m.config_dump,
      tasks: journal.data.tasks,
    };
  }

  async listRuns() {
    return listRuns(this.opts.outputRoot);
  }

  /** Replays events after `lastEventId` from events.jsonl, then follows live until the run ends. */
  async *events(runId: string, opts: { lastEventId?: number; signal?: AbortSignal } = {}): AsyncGenerator<StoredEvent> {
    const paths = runPaths(this.opts.outputRoot, RunIdSchema.parse(runId));
    if (!existsSync(paths.journal)) throw new RunNotFoundError(runId);
    const hub = await getHub(runId, paths.events, { runId });
    if (!this.active.has(runId)) {
      const { metadata } = await RunJournal.load(paths.journal);
      if (isTerminalState(metadata.controller_state as ControllerState)) await hub.end();
    }
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
