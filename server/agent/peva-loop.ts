// The PEVA-FAAS loop on the runner host: selection (lb's scheduler leaves out configurations
// already in index.csv or in the DuckDB memory) → baseline → per selected config (dominance
// skip, cooldown, iterations of load + metrics) → final status. A stop ends the whole loop:
// no next configuration is started (lb's loop goes on; ours does not).
import 'server-only';
import { parsePevaConfig, type ConfigError, type PevaConfig } from '@/lib/contract/peva-config';
import { emptyProgress, type RunProgress } from '@/lib/contract/progress';
import { estimateRuntimeSeconds, formatRuntime } from '@/lib/contract/rate-plan';
import { describeRateStrategy } from '@/lib/contract/rate-strategy-description';
import { WORKLOAD } from '@/lib/contract/run-tree';
import { configHash } from '@/server/peva/config-hash';
import { enumerateConfigs, type BenchConfig } from '@/server/peva/enumeration';
import { buildK6Script } from '@/server/peva/k6-script';
import { MemoryStore } from '@/server/peva/memory-store';
import { PevaOutputWriter, readIndexedConfigIds } from '@/server/peva/output-writers';
import { configOverloaded } from '@/server/peva/overload';
import { nodeCpuCount, nodeSnapshot } from '@/server/peva/peva-queries';
import { PrometheusClient } from '@/server/peva/prometheus-client';
import { selectConfigs, type Selection } from '@/server/peva/scheduler';
import { loadPolicyAlgorithm } from '@/server/peva/policy/policy-loader';
import { NoOpPolicy, type PolicyAlgorithm } from '@/server/peva/policy/policy-contract';
import {
  capacitiesOf,
  explainChoice,
  PolicyRounds,
  searchStateOf,
  type LoadedPolicy,
} from '@/server/peva/policy/policy-rounds';
import { policySettingsOf } from '@/lib/contract/policy-settings';
import type { SearchState } from '@/lib/contract/capacity-search';
import { waitForCooldown, type IdleSnapshot } from './cooldown-wait';
import type { AgentEventEmitter } from './event-emitter';
import { runIteration, SkipConfigurationError, type IterationContext, type IterationResult } from './iteration';
import { waitForGo } from './go-signal';
import { SHARE_PHASES, shareOfRate, type RunnerShare } from '@/lib/contract/runner-share';
import { overloadCpuValue } from '@/server/peva/overload';
import { selectLoadDriver, type LoadDriver } from './load';
import { missingFunctions, skipReason, type SkipReason } from './loop-checks';
import { baselineText, configLabel, iterationText, overloadRuleText, resultData } from './loop-text';
import { agentFiles, resolveMemoryPath, type AgentRunSpec } from './run-spec';
import type { StopControl } from './stop-control';

export type LoopStatus = 'finished' | 'stopped' | 'failed';

/** How many ids of configurations left out the setup event lists. */
const NOT_SELECTED_IDS_SHOWN = 50;

export interface LoopOutcome {
  status: LoopStatus;
  message: string;
  progress: RunProgress;
  memoryPath?: string;
  error?: string;
}

/** What every configuration of one sweep shares, set up once before the first. */
interface Sweep {
  writer: PevaOutputWriter;
  /** lb's `existing_index`: the config ids of this output's index.csv. */
  seenInIndex: ReadonlySet<string>;
  /** The configurations this run goes through, in order ("config i/n" counts these). */
  selected: readonly BenchConfig[];
  prom: PrometheusClient;
  driver: LoadDriver;
  baseline: IdleSnapshot;
  cores: number;
}

/** A configuration's iterations ended: all of them (with their overload flags), or a stop. */
type IterationsEnd =
  | { kind: 'done'; flags: boolean[] }
  | { kind: 'failed' }
  | { kind: 'skipped'; reason: string }
  | { kind: 'stopped'; message: string };

export async function runPevaLoop(
  spec: AgentRunSpec,
  emitter: AgentEventEmitter,
  stop: StopControl,
): Promise<LoopOutcome> {
  const parsed = parsePevaConfig(spec.config);
  if (!parsed.ok) return invalidConfig(parsed.errors);
  const settings = policySettingsOf(spec.config);
  // The lead decides, so only the lead loads the policy; followers run the steps go.json names.
  // lb loads it in the generator's constructor: a bad entrypoint fails before anything runs.
  let policy: PolicyAlgorithm = new NoOpPolicy();
  if (spec.share.index === 0) {
    try {
      policy = await loadPolicyAlgorithm(settings.entrypoint, {
        workdir: spec.lb_workdir,
        thresholds: spec.thresholds,
      });
    } catch (err) {
      const message = (err as Error).message;
      return { status: 'failed', message: `policy: ${message}`, progress: emptyProgress(0), error: message };
    }
  }
  return new PevaLoop(spec, parsed.config, emitter, stop, { settings, algorithm: policy }).run();
}

/** The configuration's pairs at this runner's slice of the rates (the k6 script's rates). */
function sharePairs(bench: BenchConfig, share: RunnerShare): BenchConfig['pairs'] {
  return bench.pairs.map((p) => ({ ...p, rate: shareOfRate(p.rate, share) }));
}

function invalidConfig(errors: ConfigError[]): LoopOutcome {
  const detail = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
  return {
    status: 'failed',
    message: `invalid PEVA-FAAS config: ${detail}`,
    progress: emptyProgress(0),
    error: detail,
  };
}

class PevaLoop {
  readonly #configs: BenchConfig[];
  readonly #progress: RunProgress;
  readonly #memoryPath: string;
  readonly #overloaded: BenchConfig[] = [];
  /** The lead's step counter when several runners share the run (go.json numbers). */
  #step = 0;

  constructor(
    private readonly spec: AgentRunSpec,
    private readonly config: PevaConfig,
    private readonly emitter: AgentEventEmitter,
    private readonly stop: StopControl,
    private readonly policy: LoadedPolicy,
  ) {
    this.#configs = enumerateConfigs(config);
    this.#progress = emptyProgress(this.#configs.length);
    this.#memoryPath = resolveMemoryPath(spec.lb_workdir, config.memory.db_path);
  }

  /** Opens the memory, sweeps, and always ends the session row and closes the file. */
  async run(): Promise<LoopOutcome> {
    const { config, spec, emitter } = this;
    const { memory } = config;
    const inWorkdir = (dir: string | undefined) => (dir ? resolveMemoryPath(spec.lb_workdir, dir) : undefined);
    const { settings, algorithm } = this.policy;
    const store = await MemoryStore.open(this.#memoryPath, {
      fresh: memory.fresh,
      // lb's engine: selection_mode, micro_batch_size/window_s and the loaded policy.
      policy: {
        mode: settings.selectionMode,
        batchSize: settings.microBatchSize,
        batchWindowS: settings.microBatchWindowS,
        algorithm,
      },
      parquet: {
        preloadCoreDir: inWorkdir(memory.preload_core_parquet_dir),
        exportCoreDir: inWorkdir(memory.export_core_parquet_dir),
        exportDebugDir: inWorkdir(memory.export_raw_debug_parquet_dir),
      },
    });
    emitter.log('INFO', `memory ${config.memory.fresh ? 'started fresh' : 'continued'} at ${this.#memoryPath}`, {
      phase: 'setup',
      data: { memory_path: this.#memoryPath, fresh: config.memory.fresh },
    });
    await store.startSession({ runId: spec.run_id, mode: WORKLOAD, configHash: configHash(config) });
    let final: LoopOutcome | undefined;
    try {
      final = this.spec.share.index > 0 ? await this.#follow(store) : await this.#sweep(store);
    } catch (err) {
      const message = (err as Error).message;
      final = this.stop.stopped
        ? this.#outcome('stopped', `stopped (${this.stop.reason}) during: ${message}`)
        : this.#outcome('failed', message, message);
    } finally {
      await store.endSession(spec.run_id, final?.status ?? 'failed').catch(() => undefined);
      // lb logs a failed Parquet export as a warning and carries on; the file is closed either way.
      await store
        .close()
        .catch((err: Error) => emitter.log('WARNING', `memory checkpoint failed: ${err.message}`, { phase: 'end' }));
    }
    return final;
  }

  async #sweep(store: MemoryStore): Promise<LoopOutcome> {
    const sweep = await this.#prepare(store);
    const rounds = new PolicyRounds(this.policy, sweep.selected);
    let idx = 0;
    for (let batch = rounds.next(); batch.length > 0; batch = rounds.next()) {
      for (const bench of batch) {
        if (this.stop.stopped)
          return this.#outcome('stopped', `stopped (${this.stop.reason}) before config ${bench.id}`);
        this.#logChoice(bench);
        const stopped = await this.#runConfig(bench, ++idx, sweep, store);
        if (stopped) return this.#outcome('stopped', stopped);
      }
      // Before the policy chooses again it has seen every result of this batch (micro_batch too).
      await store.flushPendingUpdates();
    }
    const p = this.#progress;
    const notSelected = this.#configs.length - sweep.selected.length;
    const notChosen = sweep.selected.length - idx;
    // A policy that needed fewer configurations ends the run complete: n becomes what ran.
    if (notChosen > 0) p.configs_total = idx;
    this.#logSearchEnd();
    return this.#outcome(
      'finished',
      `${p.configs_done} configs done, ${p.configs_skipped} skipped, ${p.configs_failed} failed` +
        (notSelected > 0 ? `; ${notSelected} already seen, not selected` : '') +
        (notChosen > 0 ? `; ${notChosen} not needed by the policy` : '') +
        this.#capacityText(),
    );
  }

  /** A policy that explains its choices (capacity-search): a `log` event per chosen configuration. */
  #logChoice(bench: BenchConfig): void {
    const why = explainChoice(this.policy.algorithm, bench.id);
    if (!why) return;
    this.emitter.log('INFO', `chose ${bench.id} (${configLabel(bench)}): ${why}`, {
      config_id: bench.id,
      phase: 'policy',
      // The capacity search's state as it chooses (what the run page and report draw).
      data: { policy: this.policy.settings.entrypoint, reason: why, ...this.#search({ chosen: bench.id }) },
    });
  }

  /** The capacity search's last state (every verdict in), as its own `policy` event. */
  #logSearchEnd(): void {
    const search = this.#search({ done: true });
    if (!search.search) return;
    this.emitter.log('INFO', `capacity search ended: ${this.#capacityList()}`, {
      phase: 'policy',
      data: { policy: this.policy.settings.entrypoint, ...search },
    });
  }

  #search(opts: { chosen?: string; done?: boolean }): { search?: SearchState } {
    const search = searchStateOf(this.policy.algorithm, opts);
    return search ? { search } : {};
  }

  /** The capacities a capacity search found, for the final message. */
  #capacityText(): string {
    const list = this.#capacityList();
    return list ? `; capacity search: ${list}` : '';
  }

  #capacityList(): string {
    const caps = capacitiesOf(this.policy.algorithm);
    if (!caps) return '';
    return `${caps.map((c) => `${c.function}${c.line.endsWith('|') ? '' : ` [${c.line.split('|')[1]}]`} ${c.capacity ?? 'none'}${c.failsAt !== null ? ` (fails at ${c.failsAt})` : ''}`).join(', ')}`;
  }

  /** Output writer, selection (resume), Prometheus, load driver, idle baseline and core count. */
  async #prepare(store: MemoryStore): Promise<Sweep> {
    const { spec, config, emitter, stop } = this;
    const files = agentFiles(spec.output_dir);
    const writer = new PevaOutputWriter(
      files.peva,
      config.functions.map((f) => f.name),
    );
    await writer.init();
    const seenInIndex = readIndexedConfigIds(files.peva, (message) =>
      emitter.log('WARNING', message, { phase: 'setup' }),
    );
    const seenInMemory = await store.knownConfigIds();
    const selection = selectConfigs(this.#configs, seenInIndex, seenInMemory);
    this.#progress.configs_total = selection.selected.length;
    const prom = new PrometheusClient(spec.prometheus_url, {
      signal: stop.signal,
      emptyRetryBudgetMs: spec.prometheus_empty_retry_s * 1000,
    });
    const driver = await selectLoadDriver({
      k6Path: spec.k6_path,
      prefer: spec.load_driver === 'auto' ? undefined : spec.load_driver,
      k6GraceMs: spec.k6_stop_grace_s * 1000,
    });
    emitter.log('INFO', `load driver: ${await driver.describe()}`, { phase: 'setup' });
    const estimate = estimateRuntimeSeconds(config, this.#configs.length);
    emitter.log(
      'INFO',
      `${this.#configs.length} configurations; rates: ${describeRateStrategy(config.rate_strategy)}; ` +
        `load time ≈ ${formatRuntime(estimate)} (lb's estimate: duration × iterations × configurations)`,
      { phase: 'setup', data: { configs_enumerated: this.#configs.length, estimate_runtime_seconds: estimate } },
    );
    this.#logSelection(selection);
    emitter.log('INFO', overloadRuleText(config.overload), {
      phase: 'setup',
      data: { cpu_unit: config.overload.cpu_unit, cpu_overload_pct: config.overload.cpu_overload_pct_of_capacity },
    });
    emitter.log('INFO', `measuring idle baseline via ${spec.prometheus_url}`, {
      phase: 'baseline',
      data: { ...this.#progress },
    });
    // lb's base_idle: the node snapshot over the run's duration, before the first configuration.
    // lb's {time_span} is the configured duration string itself (metrics_collector.py).
    const baseline = await nodeSnapshot(prom, { timeSpan: config.duration });
    const cores = await nodeCpuCount(prom).catch(() => Number.NaN);
    emitter.log('INFO', baselineText(baseline, cores), {
      phase: 'baseline',
      data: { baseline, node_cores: Number.isFinite(cores) ? cores : null },
    });
    return { writer, seenInIndex, selected: selection.selected, prom, driver, baseline, cores };
  }

  /**
   * lb leaves configurations already seen out of the run without a word; lb-web says how many,
   * and where they were seen, in one setup event (nothing per configuration, no file row).
   */
  #logSelection({ selected, notSelected }: Selection<BenchConfig>): void {
    if (notSelected.length === 0) return;
    const inIndex = notSelected.filter((n) => n.seenIn.includes('index')).length;
    const inMemory = notSelected.filter((n) => n.seenIn.includes('memory')).length;
    this.emitter.log(
      'INFO',
      `${notSelected.length} of ${this.#configs.length} configurations already seen, not selected ` +
        `(${inIndex} in index.csv, ${inMemory} in the DuckDB memory); ${selected.length} to run`,
      {
        phase: 'setup',
        data: {
          ...this.#progress,
          not_selected: notSelected.length,
          not_selected_in_index: inIndex,
          not_selected_in_memory: inMemory,
          // A long resumed sweep would make this event huge: the first ids say enough.
          not_selected_ids: notSelected.slice(0, NOT_SELECTED_IDS_SHOWN).map((n) => n.config.id),
        },
      },
    );
  }

  /** One selected configuration (the idx-th): skipped, failed, or its iterations; a message when a stop ended it. */
  async #runConfig(bench: BenchConfig, idx: number, sweep: Sweep, store: MemoryStore): Promise<string | null> {
    const { emitter, spec } = this;
    const progress = this.#progress;
    const label = configLabel(bench);
    const skip = skipReason(bench, sweep.seenInIndex, this.#overloaded);
    if (skip) {
      await this.#skip(bench, idx, sweep, skip);
      return null;
    }
    const missing = await missingFunctions(bench, { url: spec.gateway_url, auth: spec.gateway_auth }, this.stop.signal);
    if (missing) {
      progress.configs_failed++;
      await sweep.writer.appendSkipped({
        configId: bench.id,
        functions: bench.pairs.map((p) => p.name),
        rates: bench.pairs.map((p) => p.rate),
        reason: `failed: ${missing.message}`,
      });
      emitter.log(
        'ERROR',
        `config ${idx}/${progress.configs_total} (${bench.id}) failed: ${label} — ${missing.message}`,
        {
          config_id: bench.id,
          phase: 'load',
          error_type: 'FunctionNotFound',
          error_context: missing.context,
          data: { ...progress, outcome: 'failed', label: configLabel(bench) },
        },
      );
      return null;
    }
    const end = await this.#runIterations(bench, idx, sweep, store);
    if (end.kind === 'stopped') return end.message;
    if (end.kind === 'skipped') await this.#skip(bench, idx, sweep, { reason: end.reason });
    if (end.kind === 'done') {
      const overloaded = configOverloaded(end.flags);
      progress.configs_done++;
      if (overloaded) this.#overloaded.push(bench);
      await sweep.writer.appendIndex({
        configId: bench.id,
        functions: bench.pairs.map((p) => p.name),
        rates: bench.pairs.map((p) => p.rate),
        iterations: end.flags.length,
        overloadedIterations: end.flags.filter(Boolean).length,
        overloaded,
        repetition: spec.repetition,
        runId: spec.run_id,
      });
      const at = `config ${idx}/${progress.configs_total} (${bench.id})`;
      emitter.log('INFO', `${at} done${overloaded ? ' (overloaded)' : ''}: ${label}`, {
        config_id: bench.id,
        phase: 'config_done',
        data: { ...progress, outcome: 'done', overloaded, label: configLabel(bench) },
      });
    }
    return null;
  }

  /**
   * A selected configuration not run (dominance, cooldown timeout): a skipped.csv row and an
   * event. `reason` is lb's code (`dominated_by_overload`), `detail` lb-web's words.
   */
  async #skip(bench: BenchConfig, idx: number, sweep: Sweep, skip: SkipReason): Promise<void> {
    const progress = this.#progress;
    progress.configs_skipped++;
    await sweep.writer.appendSkipped({
      configId: bench.id,
      functions: bench.pairs.map((p) => p.name),
      rates: bench.pairs.map((p) => p.rate),
      reason: skip.reason,
      dominatedBy: skip.dominatedBy,
    });
    // lb's line: "DFaaS config 3/4 iter 1/3 (<id>) skipped=dominated_by_overload: figlet=20" (per iteration).
    const at = `config ${idx}/${progress.configs_total} (${bench.id})`;
    this.emitter.log(
      'INFO',
      `${at} skipped=${skip.reason}: ${configLabel(bench)}${skip.detail ? ` — ${skip.detail}` : ''}`,
      {
        config_id: bench.id,
        phase: 'skip',
        data: {
          ...progress,
          outcome: 'skipped',
          label: configLabel(bench),
          reason: skip.reason,
          detail: skip.detail ?? null,
          dominated_by: skip.dominatedBy ?? null,
        },
      },
    );
  }

  /** Cooldown, load and metrics per iteration; the first failed iteration fails the config. */
  async #runIterations(bench: BenchConfig, idx: number, sweep: Sweep, store: MemoryStore): Promise<IterationsEnd> {
    const { spec, config, emitter, stop } = this;
    const progress = this.#progress;
    const label = configLabel(bench);
    const script = this.#k6Script(bench);
    await sweep.writer.writeK6Script(bench.id, script);
    const flags: boolean[] = [];
    for (let iteration = 1; iteration <= config.iterations; iteration++) {
      const cooled = await waitForCooldown({
        prom: sweep.prom,
        gatewayUrl: spec.gateway_url,
        auth: spec.gateway_auth,
        functions: config.functions.map((f) => f.name),
        baseline: sweep.baseline,
        cooldown: config.cooldown,
        timeSpan: config.duration,
        withPower: false,
        signal: stop.signal,
        onWait: (detail) =>
          emitter.log('INFO', `cooldown: ${detail}`, { config_id: bench.id, iteration, phase: 'cooldown' }),
      });
      if (cooled.outcome === 'stopped') {
        return { kind: 'stopped', message: `stopped (${stop.reason}) during cooldown of ${bench.id}` };
      }
      if (cooled.outcome === 'timeout') {
        // lb: CooldownTimeoutError skips the configuration (a skipped.csv row, no index row).
        return {
          kind: 'skipped',
          reason: `cooldown timeout after ${cooled.waitedSeconds}s (max ${config.cooldown.max_wait_seconds}s): ${cooled.reasons.join('; ')}`,
        };
      }
      const step = await this.#barrier(bench, iteration);
      if (step === null) {
        return {
          kind: 'stopped',
          message: `stopped (${stop.reason}) waiting for the other runners before ${bench.id}`,
        };
      }
      emitter.log(
        'INFO',
        // lb's "DFaaS config 1/4 iter 1/3 (<id>): figlet=10".
        `config ${idx}/${progress.configs_total} iter ${iteration}/${config.iterations} (${bench.id}): ${label} — load for ${config.duration}`,
        { config_id: bench.id, iteration, phase: 'load', data: { ...progress, cooldown: cooled } },
      );
      let done;
      try {
        // lb's row: the idle snapshot the cooldown ended on, and how long it waited.
        done = await this.#iteration(bench, iteration, script, sweep, store, cooled.snapshot, cooled.waitedSeconds);
      } catch (err) {
        if (stop.stopped) {
          return {
            kind: 'stopped',
            message: `stopped (${stop.reason}) during config ${bench.id} iteration ${iteration}`,
          };
        }
        if (err instanceof SkipConfigurationError) return { kind: 'skipped', reason: err.message };
        progress.configs_failed++;
        emitter.log('ERROR', `config ${bench.id} iteration ${iteration} failed: ${(err as Error).message}`, {
          config_id: bench.id,
          iteration,
          phase: 'metrics',
          error_type: (err as Error).name,
          data: { ...progress, outcome: 'failed', label: configLabel(bench) },
        });
        await sweep.writer.appendSkipped({
          configId: bench.id,
          functions: bench.pairs.map((p) => p.name),
          rates: bench.pairs.map((p) => p.rate),
          reason: `failed: ${(err as Error).message}`,
        });
        return { kind: 'failed' };
      }
      if (!done) {
        return {
          kind: 'stopped',
          message: `stopped (${stop.reason}) during load of ${bench.id} iteration ${iteration}`,
        };
      }
      flags.push(done.row.overloadedNode);
      this.#emitResult(bench, iteration, done, sweep.cores, step, progress);
    }
    return { kind: 'done', flags };
  }

  /**
   * The result event of one iteration. On a shared run each runner's is `share_result` (its
   * slice of the load only, with its latency histograms): the controller merges them into the
   * run's one `result` per configuration × iteration.
   */
  #emitResult(
    bench: BenchConfig,
    iteration: number,
    done: IterationResult,
    cores: number,
    step: number,
    progress: RunProgress | null,
  ): void {
    const { row } = done;
    const { overload } = this.config;
    const result = resultData(row, overload.cpu_unit);
    const shared = this.spec.share.count > 1;
    this.emitter.log('INFO', iterationText(bench, iteration, row, cores), {
      config_id: bench.id,
      iteration,
      phase: shared ? SHARE_PHASES.shareResult : 'result',
      data: {
        ...progress,
        overloaded: row.overloadedNode,
        cpu_usage_node: row.node.cpu_usage_node,
        cpu_unit: overload.cpu_unit,
        result,
        ...(shared
          ? {
              step,
              share: this.spec.share,
              histograms: done.histograms,
              node_limits_exceeded:
                overloadCpuValue(row.node.cpu_usage_node, cores, overload.cpu_unit) >
                  overload.cpu_overload_pct_of_capacity || row.node.ram_usage_node_pct > overload.ram_overload_pct,
              limits: {
                success_rate_function_min: overload.success_rate_function_min,
                success_rate_node_min: overload.success_rate_node_min,
                replicas_overload_threshold: overload.replicas_overload_threshold,
              },
            }
          : {}),
      },
    });
  }

  /**
   * The lead of a shared run numbers the step and waits until the controller says every runner
   * is ready for it (go.json), so the runners' load windows coincide. Null when a stop came first.
   * A sole runner goes on at once.
   */
  async #barrier(bench: BenchConfig, iteration: number): Promise<number | null> {
    const step = ++this.#step;
    if (this.spec.share.count === 1) return step;
    this.emitter.log('INFO', `step ${step}: waiting for the other runners (${bench.id} iteration ${iteration})`, {
      config_id: bench.id,
      iteration,
      phase: SHARE_PHASES.barrier,
      data: { barrier: { step, config_id: bench.id, iteration } },
    });
    const go = await waitForGo(
      agentFiles(this.spec.output_dir).go,
      (g) => 'done' in g || g.step >= step,
      this.stop.signal,
    );
    if (go && 'done' in go) throw new Error(`the controller ended the shared run: ${go.reason}`);
    return go ? step : null;
  }

  /**
   * A follower of a shared run: no selection or decision of its own — it runs the steps the
   * lead runs, when go.json names them, with its slice of the rates, until told it is done.
   */
  async #follow(store: MemoryStore): Promise<LoopOutcome> {
    const { spec, emitter, stop } = this;
    const sweep = await this.#prepare(store);
    const byId = new Map(this.#configs.map((c) => [c.id, c]));
    const goPath = agentFiles(spec.output_dir).go;
    let after = 0;
    let ran = 0;
    for (;;) {
      emitter.log('INFO', `ready for step ${after + 1}`, {
        phase: SHARE_PHASES.ready,
        data: { ready: { after_step: after } },
      });
      const go = await waitForGo(goPath, (g) => 'done' in g || g.step > after, stop.signal);
      if (!go) return this.#outcome('stopped', `stopped (${stop.reason}) after step ${after}`);
      if ('done' in go) return this.#outcome('finished', `followed the lead: ${ran} steps run (${go.reason})`);
      const bench = byId.get(go.config_id);
      if (!bench) {
        const why = `step ${go.step} names configuration ${go.config_id}, which this runner's config does not enumerate`;
        return this.#outcome('failed', why, why);
      }
      after = go.step;
      const script = this.#k6Script(bench);
      try {
        // The lead waited for the cooldown; this runner's row keeps the run's idle baseline.
        const done = await this.#iteration(bench, go.iteration, script, sweep, store, sweep.baseline, 0);
        if (!done) return this.#outcome('stopped', `stopped (${stop.reason}) during step ${go.step}`);
        ran++;
        this.#emitResult(bench, go.iteration, done, sweep.cores, go.step, null);
      } catch (err) {
        if (stop.stopped) return this.#outcome('stopped', `stopped (${stop.reason}) during step ${go.step}`);
        // The lead's share decides the configuration; this runner's failure leaves its share out.
        emitter.log(
          'WARNING',
          `step ${go.step} (${bench.id} iteration ${go.iteration}) failed here: ${(err as Error).message}`,
          {
            config_id: bench.id,
            iteration: go.iteration,
            phase: 'load',
            error_type: (err as Error).name,
          },
        );
      }
    }
  }

  /** The configuration's k6 script at this runner's slice of the rates. */
  #k6Script(bench: BenchConfig): string {
    const { spec, config } = this;
    return buildK6Script({
      pairs: sharePairs(bench, spec.share),
      functions: config.functions,
      gatewayUrl: spec.gateway_url,
      duration: config.duration,
      authHeader: spec.gateway_auth,
    });
  }

  /** One iteration's load, metrics and records (lead and followers alike). */
  #iteration(
    bench: BenchConfig,
    iteration: number,
    script: string,
    sweep: Sweep,
    store: MemoryStore,
    idle: IterationContext['idle'],
    restSeconds: number,
  ): Promise<IterationResult | null> {
    const { spec } = this;
    return runIteration({
      runId: spec.run_id,
      repetition: spec.repetition,
      config: this.config,
      bench,
      iteration,
      script,
      driver: sweep.driver,
      prom: sweep.prom,
      nodeCores: sweep.cores,
      gatewayUrl: spec.gateway_url,
      auth: spec.gateway_auth,
      workspaceRoot: agentFiles(spec.output_dir).workspace,
      writer: sweep.writer,
      store,
      emitter: this.emitter,
      signal: this.stop.signal,
      idle,
      restSeconds,
      share: spec.share,
    });
  }

  #outcome(status: LoopStatus, message: string, error?: string): LoopOutcome {
    return { status, message, progress: { ...this.#progress }, memoryPath: this.#memoryPath, error };
  }
}
