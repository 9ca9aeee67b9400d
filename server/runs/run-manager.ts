// The controller's front door, shared by tRPC routers and the CLI: start, stop, look up,
// list and stream runs; on start-up, re-attach or close runs a previous process left open.
import 'server-only';
import { RunsQuerySchema, type RunsQuery } from '@/lib/contract/runs-filter';
import { runsCatalog } from './runs-catalog';
import { incCounter, observe } from '@/server/metrics/lbweb-metrics';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { HostProvider } from '@/server/hosts/provider';
import { LIMITS, parsePevaConfig, type ConfigError } from '@/lib/contract/peva-config';
import { countConfigs } from '@/server/peva/enumeration';
import { RunController, type RunControllerOptions } from './run-controller';
import { stopTimingFromEnv } from './stop-timing';
import { ThresholdsSchema } from '@/lib/contract/thresholds';
import { newRunId, runPaths, RunIdSchema } from './run-dir';
import { listRuns } from './list-runs';
import { readRun } from './read-run';
import { runDetail } from './run-summary';
import { requestStop } from './stop-watcher';
import { getHub } from './event-hub-registry';
import type { ControllerState } from '@/lib/contract/controller-states';
import { ConfigValidationError, RunActiveError, RunExistsError, RunnerBusyError, RunNotFoundError } from './run-errors';
import { isControllerAlive } from './controller-identity';
import type { ControllerKind } from './controller-identity';
import { recoverRuns, type OrphanRun, type RecoverMode } from './recover-runs';
import { preflight, type Preflight } from './preflight';
import { emptyTrash, moveRunToTrash, readBaselines, setBaseline, trashedRuns, workloadOf } from './run-library';
import type { StoredEvent } from '@/lib/contract/stored-event';
import { DEFAULT_PROVIDER, type ProviderKind } from '@/lib/contract/provider-kind';
import { runCapacityTrends } from '@/server/results/capacity-trend-source';
import { policyRunner } from './policy-runner';
import { isCustomEntrypoint } from '@/lib/contract/policy-settings';
import { missingPolicyModule } from '@/server/peva/policy/policy-module';

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

export interface StartRunInput {
  config: unknown;
  runId?: string;
  provider?: ProviderKind;
  allowManyConfigurations?: boolean;
  /** Refuse unknown keys and configs that run nothing (ours; lb warns: ParsePevaOptions). */
  strictConfig?: boolean;
  /** Pass/fail limits (lib/contract/thresholds.ts), validated here like the config. */
  thresholds?: unknown;
}

export interface StartedRun {
  runId: string;
  dir: string;
  warnings: ConfigError[];
}

export class RunManager {
  private readonly active = new Map<string, RunController>();
  #starting: Promise<unknown> = Promise.resolve();
  /** Settles once restart recovery has run; lists orphans left running (mode 'ended'). */
  readonly recovered: Promise<OrphanRun[]>;

  /** From LBWEB_STOP_CONFIRM_TIMEOUT_S / LBWEB_K6_STOP_GRACE_S, read once: a bad value fails here. */
  readonly #stopTiming = stopTimingFromEnv();

  constructor(readonly opts: RunManagerOptions) {
    this.recovered =
      opts.recover === false ? Promise.resolve([]) : recoverRuns(this, opts.recover ?? 'all').catch(() => []);
  }

  /** Validates first: an invalid config starts nothing and reports every field. */
  startRun(input: StartRunInput): Promise<StartedRun> {
    // One start at a time: two requests must not both find the runner free.
    const started = this.#starting.then(() => this.#startRun(input));
    this.#starting = started.catch(() => undefined);
    return started;
  }

  async #startRun(input: StartRunInput): Promise<StartedRun> {
    const parsed = parsePevaConfig(input.config, { strict: input.strictConfig });
    if (!parsed.ok) throw new ConfigValidationError(parsed.errors);
    const thresholds = input.thresholds === undefined ? undefined : ThresholdsSchema.safeParse(input.thresholds);
    if (thresholds && !thresholds.success) {
      throw new ConfigValidationError(
        thresholds.error.issues.map((i) => ({ path: ['thresholds', ...i.path].join('.'), message: i.message })),
      );
    }
    const count = countConfigs(parsed.config);
    if (count > LIMITS.configurations && !input.allowManyConfigurations) {
      throw new ConfigValidationError([
        {
          path: 'rate_strategy',
          message:
            `this config enumerates ${Number.isFinite(count) ? count.toLocaleString('en') : 'more than 10^308'} configurations ` +
            `(more than ${LIMITS.configurations}); confirm to run them all, or narrow rates and combinations`,
        },
      ]);
    }
    await mkdir(this.opts.outputRoot, { recursive: true });
    const runId = input.runId
      ? RunIdSchema.parse(input.runId)
      : newRunId(new Date(), (id) => existsSync(runPaths(this.opts.outputRoot, id).dir));
    if (existsSync(runPaths(this.opts.outputRoot, runId).dir)) throw new RunExistsError(runId, this.opts.outputRoot);
    const kind = input.provider ?? DEFAULT_PROVIDER;
    await this.assertRunnerFree(kind);
    await this.assertPolicyModule(kind, parsed.config.algorithm_entrypoint || null);
    const controller = await RunController.start(
      {
        runId,
        config: parsed.config,
        rawConfig: input.config,
        warnings: parsed.warnings,
        thresholds: thresholds?.data,
      },
      this.controllerOptions(kind),
    );
    this.adopt(controller);
    return { runId, dir: controller.paths.dir, warnings: parsed.warnings };
  }

  /** What a start would do (configurations, already in memory, functions missing); starts nothing. */
  preflight(input: { config: unknown; strictConfig?: boolean; provider?: ProviderKind }): Promise<Preflight> {
    return preflight({
      config: input.config,
      strictConfig: input.strictConfig,
      provider: this.opts.provider(input.provider ?? DEFAULT_PROVIDER),
    });
  }

  /** One active run per runner: refused while a run of this output root still uses it. */
  private async assertRunnerFree(kind: ProviderKind): Promise<void> {
    const { runs } = await listRuns(this.opts.outputRoot);
    for (const r of runs) {
      if (r.provider !== kind || r.terminal || !r.state) continue;
      if (this.active.has(r.runId)) throw new RunnerBusyError(r.runId, `${r.state}, driven by this process`);
      if (isControllerAlive(r.controller))
        throw new RunnerBusyError(r.runId, `${r.state}, driven by ${r.controller!.kind} pid ${r.controller!.pid}`);
      if (r.agentPid) throw new RunnerBusyError(r.runId, `${r.state}; its controller is gone but its agent may run`);
    }
  }

  /**
   * A custom policy module (`policies.<name>:<Class>`) the lead runner does not have refuses the
   * start with lb's message, before the run directory, the setup or the agent exist (lb fails
   * the same way when its generator loads the policy). The runner is asked through its Host: the
   * pair's when it is up, else the provider's runner at rest (local: a directory); a runner that
   * cannot be read (a VM or SSH host not up) cannot be checked, and the start is refused too.
   */
  private async assertPolicyModule(kind: ProviderKind, entrypoint: string | null): Promise<void> {
    if (!isCustomEntrypoint(entrypoint)) return;
    const provider = this.opts.provider(kind);
    const runner = policyRunner(await provider.connect().catch(() => null), provider);
    const problem = runner
      ? await missingPolicyModule(entrypoint, runner)
      : `the custom policy ${JSON.stringify(entrypoint)} is read from the runner's policies folder, and the ${kind} ` +
        'hosts are not up to check it: provision them first (Hosts page, or lb-web hosts up)';
    if (problem) throw new ConfigValidationError([{ path: 'algorithm_entrypoint', message: problem }]);
  }

  controllerOptions(provider: ProviderKind): RunControllerOptions {
    return {
      provider: this.opts.provider(provider),
      outputRoot: this.opts.outputRoot,
      stopConfirmTimeoutMs: this.opts.stopConfirmTimeoutMs ?? this.#stopTiming.confirmTimeoutMs,
      k6StopGraceS: this.#stopTiming.k6GraceS,
      controllerKind: this.opts.controllerKind,
    };
  }

  /** Creates the run's STOP file, exactly what `touch <run_dir>/STOP` does. Idempotent. */
  async stopRun(runId: string): Promise<{ runId: string; alreadyRequested: boolean; state: string | null }> {
    const paths = runPaths(this.opts.outputRoot, RunIdSchema.parse(runId));
    if (!existsSync(paths.journal)) throw new RunNotFoundError(runId);
    const alreadyRequested = existsSync(paths.stop);
    await requestStop(paths.dir);
    const live = this.active.get(runId);
    if (live && !alreadyRequested) {
      const t0 = performance.now();
      void live.done
        .then(() => observe('lbweb_stop_latency_seconds', (performance.now() - t0) / 1000))
        .catch(() => undefined);
    }
    const run = await this.getRun(runId);
    return { runId, alreadyRequested, state: run.state };
  }

  /** Runs this process drives right now (for /metrics). */
  get activeRunCount(): number {
    return this.active.size;
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

  /** The runs list: a summary per run (baseline marked), folders that are not runs, the trash size. */
  async overview(query: RunsQuery = RunsQuerySchema.parse(undefined)) {
    const baselines = await readBaselines(this.opts.outputRoot);
    const page = await runsCatalog(this.opts.outputRoot).query(query, baselines);
    const trash = (await trashedRuns(this.opts.outputRoot)).length;
    return { ...page, trash };
  }

  /**
   * A token that changes whenever the runs list's answer may have: the catalog's version, the
   * baselines and the trash size. The page polls it and fetches the list only when it moved.
   */
  async listVersion(): Promise<{ version: string }> {
    const [catalog, baselines, trash] = await Promise.all([
      runsCatalog(this.opts.outputRoot).currentVersion(),
      readBaselines(this.opts.outputRoot),
      trashedRuns(this.opts.outputRoot),
    ]);
    const marks = Object.entries(baselines)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([w, id]) => `${w}=${id}`)
      .join(',');
    return { version: `${catalog}|${trash.length}|${marks}` };
  }

  /** Capacity and p95 per function across the runs, per workload (the home page's trend). */
  async capacityTrends() {
    return runCapacityTrends(this.opts.outputRoot);
  }

  async emptyTrash(): Promise<{ removed: number }> {
    return { removed: await emptyTrash(this.opts.outputRoot) };
  }

  /** Marks the run as (or no longer as) the baseline of its workload (its functions). */
  async setBaseline(runId: string, on: boolean) {
    const run = await readRun(this.opts.outputRoot, runId);
    const workload = workloadOf(run.config);
    return { workload, baselines: await setBaseline(this.opts.outputRoot, run.runId, workload, on) };
  }

  /** The baseline run of a workload, if one is set and still there. */
  async baselineOf(workload: string): Promise<string | null> {
    const id = (await readBaselines(this.opts.outputRoot))[workload];
    return id && existsSync(runPaths(this.opts.outputRoot, id).journal) ? id : null;
  }

  /** Moves a run that is over into the trash (refused while it runs or its agent may). */
  async deleteRun(runId: string): Promise<{ runId: string; trashedTo: string }> {
    const run = await readRun(this.opts.outputRoot, runId);
    const mayRun = !run.terminal && (isControllerAlive(run.controller) || run.agentPid !== null);
    if (this.active.has(run.runId) || mayRun) throw new RunActiveError(run.runId);
    return { runId: run.runId, trashedTo: await moveRunToTrash(this.opts.outputRoot, run.runId) };
  }

  /** Replays events after `lastEventId` from events.jsonl, then follows live until the run ends. */
  async *events(runId: string, opts: { lastEventId?: number; signal?: AbortSignal } = {}): AsyncGenerator<StoredEvent> {
    for await (const batch of this.eventBatches(runId, opts)) yield* batch;
  }

  /** The same stream in batches (what arrived while the consumer was busy comes in one). */
  async *eventBatches(
    runId: string,
    opts: { lastEventId?: number; signal?: AbortSignal } = {},
  ): AsyncGenerator<StoredEvent[]> {
    const paths = runPaths(this.opts.outputRoot, RunIdSchema.parse(runId));
    if (!existsSync(paths.journal)) throw new RunNotFoundError(runId);
    const hub = await getHub(runId, paths.events, { runId });
    if (!this.active.has(runId) && (await readRun(this.opts.outputRoot, runId)).terminal) await hub.end();
    yield* hub.batches(opts);
  }

  adopt(controller: RunController): void {
    this.active.set(controller.runId, controller);
    incCounter('lbweb_runs_driven_total');
    void controller.done.finally(() => this.active.delete(controller.runId));
  }

  /** Resolves once every run this manager drives has ended. */
  async settled(): Promise<void> {
    await Promise.all([...this.active.values()].map((r) => r.done.catch(() => undefined)));
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
