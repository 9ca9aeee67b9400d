// The PEVA-FAAS loop on the runner host: baseline → per config (resume/dominance skips,
// cooldown, iterations of load + metrics) → final status. A stop ends the whole loop:
// no next configuration is started (lb's loop goes on; ours does not).
import 'server-only';
import { parsePevaConfig, type PevaConfig } from '@/lib/contract/peva-config';
import { configHash } from '@/server/peva/config-hash';
import { enumerateConfigs, type BenchConfig } from '@/server/peva/enumeration';
import { dominates } from '@/server/peva/dominance';
import { configOverloaded } from '@/server/peva/overload';
import { buildK6Script } from '@/server/peva/k6-script';
import { PevaOutputWriter, readIndexedConfigIds } from '@/server/peva/output-writers';
import { PrometheusClient } from '@/server/peva/prometheus-client';
import { collectBaseline, nodeCpuCount } from '@/server/peva/peva-queries';
import { cpuPctOfCapacity } from '@/server/peva/overload';
import { MemoryStore } from '@/server/peva/memory-store';
import { selectLoadDriver } from './load';
import { agentFiles, resolveMemoryPath, type AgentRunSpec } from './run-spec';
import type { AgentEventEmitter } from './event-emitter';
import type { StopControl } from './stop-control';
import { listFunctions, probeFunction } from './gateway-client';
import { waitForCooldown } from './cooldown-wait';
import { runIteration } from './iteration';
import { WORKLOAD } from '@/lib/contract/run-tree';
import { emptyProgress, type RunProgress } from '@/lib/contract/progress';

export type LoopStatus = 'finished' | 'stopped' | 'failed';

export interface LoopOutcome {
  status: LoopStatus;
  message: string;
  progress: RunProgress;
  memoryPath?: string;
  error?: string;
}

export async function runPevaLoop(
  spec: AgentRunSpec,
  emitter: AgentEventEmitter,
  stop: StopControl,
): Promise<LoopOutcome> {
  const parsed = parsePevaConfig(spec.config);
  if (!parsed.ok) {
    const detail = parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    return {
      status: 'failed',
      message: `invalid PEVA-FAAS config: ${detail}`,
      progress: emptyProgress(0),
      error: detail,
    };
  }
  const config = parsed.config;
  const files = agentFiles(spec.output_dir);
  const memoryPath = resolveMemoryPath(spec.lb_workdir, config.memory.db_path);
  const configs = enumerateConfigs(config);
  const progress = emptyProgress(configs.length);
  const outcome = (status: LoopStatus, message: string, error?: string): LoopOutcome => ({
    status,
    message,
    progress: { ...progress },
    memoryPath,
    error,
  });

  const store = await MemoryStore.open(memoryPath, { fresh: config.memory.fresh });
  emitter.log('INFO', `memory ${config.memory.fresh ? 'started fresh' : 'continued'} at ${memoryPath}`, {
    phase: 'setup',
    data: { memory_path: memoryPath, fresh: config.memory.fresh },
  });
  await store.startSession({ runId: spec.run_id, mode: WORKLOAD, configHash: configHash(config) });
  let final: LoopOutcome | undefined;
  try {
    final = await loop();
    return final;
  } catch (err) {
    const message = (err as Error).message;
    final = stop.stopped
      ? outcome('stopped', `stopped (${stop.reason}) during: ${message}`)
      : outcome('failed', message, message);
    return final;
  } finally {
    await store.endSession(spec.run_id, final?.status ?? 'failed').catch(() => undefined);
    await store.close();
  }

  async function loop(): Promise<LoopOutcome> {
    const writer = new PevaOutputWriter(files.peva, { maxFunctions: config.combinations.max_functions - 1 });
    const seenInIndex = readIndexedConfigIds(files.peva);
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

    emitter.status('running', `measuring idle baseline via ${spec.prometheus_url}`, {
      phase: 'baseline',
      data: { ...progress },
    });
    const baseline = await collectBaseline(prom, { timeSpan: '10s' });
    const cores = await nodeCpuCount(prom).catch(() => Number.NaN);
    emitter.log(
      'INFO',
      `baseline: cpu_usage_node=${fmt(baseline.cpu_usage_node)} % of one core (${cpuCapacityText(baseline.cpu_usage_node, cores)}), ram_usage_node_pct=${fmt(baseline.ram_usage_node_pct)} %`,
      {
        phase: 'baseline',
        data: { baseline, node_cores: Number.isFinite(cores) ? cores : null },
      },
    );

    const overloaded: BenchConfig[] = [];
    for (const bench of configs) {
      if (stop.stopped) return outcome('stopped', `stopped (${stop.reason}) before config ${bench.id}`);
      const label = bench.pairs.map((p) => `${p.name}@${p.rate}`).join(', ');
      const skip = skipReason(bench, seenInIndex, seenInMemory, overloaded);
      if (skip) {
        progress.configs_skipped++;
        await writer.appendSkipped({
          configId: bench.id,
          functions: bench.pairs.map((p) => p.name),
          rates: bench.pairs.map((p) => p.rate),
          reason: skip.reason,
          dominatedBy: skip.dominatedBy,
        });
        emitter.status('skipped', `config ${bench.id} (${label}) skipped: ${skip.reason}`, {
          config_id: bench.id,
          phase: 'skip',
          data: { ...progress, reason: skip.reason, dominated_by: skip.dominatedBy ?? null },
        });
        continue;
      }
      const missing = await missingFunctions(bench);
      if (missing) {
        progress.configs_failed++;
        emitter.status('failed', `config ${bench.id} (${label}) failed: ${missing.message}`, {
          config_id: bench.id,
          phase: 'load',
          error_type: 'FunctionNotFound',
          error_context: missing.context,
          data: { ...progress },
        });
        continue;
      }
      const script = buildK6Script({
        pairs: bench.pairs,
        functions: config.functions,
        gatewayUrl: spec.gateway_url,
        duration: config.duration,
        authHeader: spec.gateway_auth,
      });
      await writer.writeK6Script(bench.id, script);
      const flags: boolean[] = [];
      for (let iteration = 1; iteration <= config.iterations; iteration++) {
        const cooled = await waitForCooldown({
          prom,
          gatewayUrl: spec.gateway_url,
          auth: spec.gateway_auth,
          functions: bench.pairs.map((p) => p.name),
          baseline,
          cooldown: config.cooldown,
          signal: stop.signal,
          onWait: (detail) =>
            emitter.log('INFO', `cooldown: ${detail}`, { config_id: bench.id, iteration, phase: 'cooldown' }),
        });
        if (cooled.reason === 'stopped')
          return outcome('stopped', `stopped (${stop.reason}) during cooldown of ${bench.id}`);
        emitter.status(
          'running',
          `config ${bench.id} (${label}) iteration ${iteration}/${config.iterations}: load for ${config.duration}`,
          {
            config_id: bench.id,
            iteration,
            phase: 'load',
            data: { ...progress, cooldown: cooled },
          },
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
            driver,
            prom,
            nodeCores: cores,
            gatewayUrl: spec.gateway_url,
            auth: spec.gateway_auth,
            workspaceRoot: files.workspace,
            writer,
            store,
            emitter,
            signal: stop.signal,
          });
        } catch (err) {
          if (stop.stopped)
            return outcome('stopped', `stopped (${stop.reason}) during config ${bench.id} iteration ${iteration}`);
          progress.configs_failed++;
          emitter.status('failed', `config ${bench.id} iteration ${iteration} failed: ${(err as Error).message}`, {
            config_id: bench.id,
            iteration,
            phase: 'metrics',
            error_type: (err as Error).name,
            data: { ...progress },
          });
          break;
        }
        if (!row)
          return outcome('stopped', `stopped (${stop.reason}) during load of ${bench.id} iteration ${iteration}`);
        flags.push(row.overloadedNode);
        emitter.log(
          'INFO',
          `config ${bench.id} iteration ${iteration} done: ${row.perFunction.map((f) => `${f.name} ${fmt(f.requests)} req, success ${fmt(f.successRate)}, p95 ${fmt(f.latency.p95)} ms`).join('; ')}; node cpu ${fmt(row.node.cpu_usage_node)} % of one core (${cpuCapacityText(row.node.cpu_usage_node, cores)})${row.overloadedNode ? ' — OVERLOADED' : ''}`,
          {
            config_id: bench.id,
            iteration,
            phase: 'result',
            data: { ...progress, overloaded: row.overloadedNode, cpu_usage_node: row.node.cpu_usage_node },
          },
        );
      }
      if (flags.length === config.iterations) {
        progress.configs_done++;
        if (configOverloaded(flags)) overloaded.push(bench);
        emitter.status(
          'running',
          `config ${bench.id} (${label}) done${configOverloaded(flags) ? ' (overloaded)' : ''}`,
          { config_id: bench.id, phase: 'config_done', data: { ...progress } },
        );
      }
    }
    return outcome(
      'finished',
      `${progress.configs_done} configs done, ${progress.configs_skipped} skipped, ${progress.configs_failed} failed`,
    );
  }

  async function missingFunctions(
    bench: BenchConfig,
  ): Promise<{ message: string; context: Record<string, unknown> } | null> {
    let deployed: string[];
    try {
      deployed = (await listFunctions(spec.gateway_url, spec.gateway_auth, stop.signal)).map((f) => f.name);
    } catch {
      return null; // The load itself will show the gateway's answer.
    }
    const absent = bench.pairs.map((p) => p.name).filter((n) => !deployed.includes(n));
    if (!absent.length) return null;
    const answers = await Promise.all(
      absent.map(async (n) => ({ function: n, ...(await probeFunction(spec.gateway_url, n, spec.gateway_auth)) })),
    );
    return {
      message: answers
        .map((a) => `function ${a.function} is not deployed; gateway answered ${a.status}: ${a.body}`)
        .join('; '),
      context: { answers, deployed },
    };
  }
}

function skipReason(
  bench: BenchConfig,
  index: Set<string>,
  memory: Set<string>,
  overloaded: BenchConfig[],
): { reason: string; dominatedBy?: string } | null {
  if (memory.has(bench.id)) return { reason: 'already_in_memory: config_catalog of the DuckDB memory has it' };
  if (index.has(bench.id)) return { reason: 'already_in_index: index.csv of this output has it' };
  const dominated = overloaded.find((o) => dominates(bench.pairs, o.pairs));
  if (dominated) return { reason: 'dominated_by_overload', dominatedBy: dominated.id };
  return null;
}

/** "64 % of 2-core capacity": the unit the overload threshold is compared in. */
const cpuCapacityText = (pctOneCore: number, cores: number) =>
  Number.isFinite(cores) && cores > 0
    ? `${fmt(cpuPctOfCapacity(pctOneCore, cores))} % of ${cores}-core capacity`
    : 'core count unknown';

const fmt = (n: number) => (Number.isFinite(n) ? (Math.round(n * 100) / 100).toString() : 'NaN');

export type { PevaConfig };
