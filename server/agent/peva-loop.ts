// The PEVA-FAAS loop on the runner host: baseline → per config (resume/dominance skips,
// cooldown, iterations of load + metrics) → final status. A stop ends the whole loop:
// no next configuration is started (lb's loop goes on; ours does not).
import 'server-only';
import { parsePevaConfig, type ConfigError, type PevaConfig } from '@/lib/contract/peva-config';
import { emptyProgress, type RunProgress } from '@/lib/contract/progress';
import { describeRateStrategy } from '@/lib/contract/rate-strategy-description';
import { WORKLOAD } from '@/lib/contract/run-tree';
import { configHash } from '@/server/peva/config-hash';
import { enumerateConfigs, type BenchConfig } from '@/server/peva/enumeration';
import { buildK6Script } from '@/server/peva/k6-script';
import { MemoryStore } from '@/server/peva/memory-store';
import { PevaOutputWriter, readIndexedConfigIds } from '@/server/peva/output-writers';
import { configOverloaded } from '@/server/peva/overload';
import { nodeCpuCount, nodeSnapshot, timeSpanFromDuration } from '@/server/peva/peva-queries';
import { PrometheusClient } from '@/server/peva/prometheus-client';
import { waitForCooldown, type IdleSnapshot } from './cooldown-wait';
import type { AgentEventEmitter } from './event-emitter';
import { runIteration, SkipConfigurationError } from './iteration';
import { selectLoadDriver, type LoadDriver } from './load';
import { missingFunctions, skipReason, type SkipReason } from './loop-checks';
import { baselineText, configLabel, iterationText } from './loop-text';
import { agentFiles, resolveMemoryPath, type AgentRunSpec } from './run-spec';
import type { StopControl } from './stop-control';

export type LoopStatus = 'finished' | 'stopped' | 'failed';

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
  seenInIndex: ReadonlySet<string>;
  seenInMemory: ReadonlySet<string>;
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
  return new PevaLoop(spec, parsed.config, emitter, stop).run();
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

  constructor(
    private readonly spec: AgentRunSpec,
    private readonly config: PevaConfig,
    private readonly emitter: AgentEventEmitter,
    private readonly stop: StopControl,
  ) {
    this.#configs = enumerateConfigs(config);
    this.#progress = emptyProgress(this.#configs.length);
    this.#memoryPath = resolveMemoryPath(spec.lb_workdir, config.memory.db_path);
  }

  /** Opens the memory, sweeps, and always ends the session row and closes the file. */
  async run(): Promise<LoopOutcome> {
    const { config, spec, emitter } = this;
    const store = await MemoryStore.open(this.#memoryPath, { fresh: config.memory.fresh });
    emitter.log('INFO', `memory ${config.memory.fresh ? 'started fresh' : 'continued'} at ${this.#memoryPath}`, {
      phase: 'setup',
      data: { memory_path: this.#memoryPath, fresh: config.memory.fresh },
    });
    await store.startSession({ runId: spec.run_id, mode: WORKLOAD, configHash: configHash(config) });
    let final: LoopOutcome | undefined;
    try {
      final = await this.#sweep(store);
    } catch (err) {
      const message = (err as Error).message;
      final = this.stop.stopped
        ? this.#outcome('stopped', `stopped (${this.stop.reason}) during: ${message}`)
        : this.#outcome('failed', message, message);
    } finally {
      await store.endSession(spec.run_id, final?.status ?? 'failed').catch(() => undefined);
      await store.close();
    }
    return final;
  }

  async #sweep(store: MemoryStore): Promise<LoopOutcome> {
    const sweep = await this.#prepare(store);
    for (const bench of this.#configs) {
      if (this.stop.stopped) return this.#outcome('stopped', `stopped (${this.stop.reason}) before config ${bench.id}`);
      const stopped = await this.#runConfig(bench, sweep, store);
      if (stopped) return this.#outcome('stopped', stopped);
    }
    const p = this.#progress;
    return this.#outcome(
      'finished',
      `${p.configs_done} configs done, ${p.configs_skipped} skipped, ${p.configs_failed} failed`,
    );
  }

  /** Output writer, resume sets, Prometheus, load driver, idle baseline and core count. */
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
    const prom = new PrometheusClient(spec.prometheus_url, {
      signal: stop.signal,
      emptyRetryBudgetMs: spec.prometheus_empty_retry_s * 1000,
    });
    const driver = await selectLoadDriver({
      k6Path: spec.k6_path,
      prefer: spec.load_driver === 'auto' ? undefined : spec.load_driver,
    });
    emitter.log('INFO', `load driver: ${await driver.describe()}`, { phase: 'setup' });
    emitter.log(
      'INFO',
      `${this.#configs.length} configurations; rates: ${describeRateStrategy(config.rate_strategy)}`,
      {
        phase: 'setup',
      },
    );
    emitter.log('INFO', `measuring idle baseline via ${spec.prometheus_url}`, {
      phase: 'baseline',
      data: { ...this.#progress },
    });
    // lb's base_idle: the node snapshot over the run's duration, before the first configuration.
    const baseline = await nodeSnapshot(prom, { timeSpan: timeSpanFromDuration(config.duration) });
    const cores = await nodeCpuCount(prom).catch(() => Number.NaN);
    emitter.log('INFO', baselineText(baseline, cores), {
      phase: 'baseline',
      data: { baseline, node_cores: Number.isFinite(cores) ? cores : null },
    });
    return { writer, seenInIndex, seenInMemory, prom, driver, baseline, cores };
  }

  /** One configuration: skipped, failed, or its iterations; a message when a stop ended it. */
  async #runConfig(bench: BenchConfig, sweep: Sweep, store: MemoryStore): Promise<string | null> {
    const { emitter, spec } = this;
    const progress = this.#progress;
    const label = configLabel(bench);
    const skip = skipReason(bench, sweep.seenInIndex, sweep.seenInMemory, this.#overloaded);
    if (skip) {
      await this.#skip(bench, sweep, skip);
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
      emitter.log('ERROR', `config ${bench.id} (${label}) failed: ${missing.message}`, {
        config_id: bench.id,
        phase: 'load',
        error_type: 'FunctionNotFound',
        error_context: missing.context,
        data: { ...progress, outcome: 'failed' },
      });
      return null;
    }
    const end = await this.#runIterations(bench, sweep, store);
    if (end.kind === 'stopped') return end.message;
    if (end.kind === 'skipped') await this.#skip(bench, sweep, { reason: end.reason });
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
      emitter.log('INFO', `config ${bench.id} (${label}) done${overloaded ? ' (overloaded)' : ''}`, {
        config_id: bench.id,
        phase: 'config_done',
        data: { ...progress, outcome: 'done', overloaded },
      });
    }
    return null;
  }

  /** A configuration not run (resume, dominance, cooldown timeout): a skipped.csv row and an event. */
  async #skip(bench: BenchConfig, sweep: Sweep, skip: SkipReason): Promise<void> {
    const progress = this.#progress;
    progress.configs_skipped++;
    await sweep.writer.appendSkipped({
      configId: bench.id,
      functions: bench.pairs.map((p) => p.name),
      rates: bench.pairs.map((p) => p.rate),
      reason: skip.reason,
      dominatedBy: skip.dominatedBy,
    });
    this.emitter.log('INFO', `config ${bench.id} (${configLabel(bench)}) skipped: ${skip.reason}`, {
      config_id: bench.id,
      phase: 'skip',
      data: { ...progress, outcome: 'skipped', reason: skip.reason, dominated_by: skip.dominatedBy ?? null },
    });
  }

  /** Cooldown, load and metrics per iteration; the first failed iteration fails the config. */
  async #runIterations(bench: BenchConfig, sweep: Sweep, store: MemoryStore): Promise<IterationsEnd> {
    const { spec, config, emitter, stop } = this;
    const progress = this.#progress;
    const label = configLabel(bench);
    const script = buildK6Script({
      pairs: bench.pairs,
      functions: config.functions,
      gatewayUrl: spec.gateway_url,
      duration: config.duration,
      authHeader: spec.gateway_auth,
    });
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
        timeSpan: timeSpanFromDuration(config.duration),
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
      emitter.log(
        'INFO',
        `config ${bench.id} (${label}) iteration ${iteration}/${config.iterations}: load for ${config.duration}`,
        { config_id: bench.id, iteration, phase: 'load', data: { ...progress, cooldown: cooled } },
      );
      let row;
      try {
        row = await runIteration({
          runId: spec.run_id,
          repetition: spec.repetition,
          config,
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
          emitter,
          signal: stop.signal,
          // lb's row: the idle snapshot the cooldown ended on, and how long it waited.
          idle: cooled.snapshot,
          restSeconds: cooled.waitedSeconds,
        });
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
          data: { ...progress, outcome: 'failed' },
        });
        await sweep.writer.appendSkipped({
          configId: bench.id,
          functions: bench.pairs.map((p) => p.name),
          rates: bench.pairs.map((p) => p.rate),
          reason: `failed: ${(err as Error).message}`,
        });
        return { kind: 'failed' };
      }
      if (!row) {
        return {
          kind: 'stopped',
          message: `stopped (${stop.reason}) during load of ${bench.id} iteration ${iteration}`,
        };
      }
      flags.push(row.overloadedNode);
      emitter.log('INFO', iterationText(bench, iteration, row, sweep.cores), {
        config_id: bench.id,
        iteration,
        phase: 'result',
        data: { ...progress, overloaded: row.overloadedNode, cpu_usage_node: row.node.cpu_usage_node },
      });
    }
    return { kind: 'done', flags };
  }

  #outcome(status: LoopStatus, message: string, error?: string): LoopOutcome {
    return { status, message, progress: { ...this.#progress }, memoryPath: this.#memoryPath, error };
  }
}
