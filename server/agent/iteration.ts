// One configuration × iteration: load, summary, replicas, Prometheus, result row, outputs
// and the DuckDB memory event. Returns null when a stop interrupted the load (a partial
// iteration is not recorded: the memory holds completed iterations only).
import 'server-only';
import type { BenchConfig } from '@/server/peva/enumeration';
import type { PevaConfig } from '@/lib/contract/peva-config';
import { parseDurationMs, parseDurationSeconds } from '@/lib/contract/peva-config';
import { pyStrCompare } from '@/server/peva/python-format';
import { NAN_LATENCY, parseIterationSummary, type ParsedK6Summary } from '@/server/peva/k6-summary';
import type { LatencyHistogram } from '@/lib/contract/latency-histogram';
import { shareOfRate, type RunnerShare } from '@/lib/contract/runner-share';
import { collectConfigMetrics } from '@/server/peva/peva-queries';
import { lbK6Tags } from '@/server/peva/k6-script';
import type { PrometheusClient } from '@/server/peva/prometheus-client';
import { buildResultRow, lbMetrics, type IdleSnapshotInput, type ResultRow } from '@/server/peva/result-row';
import type { PevaOutputWriter } from '@/server/peva/output-writers';
import type { MemoryStore } from '@/server/peva/memory-store';
import type { LoadDriver, LiveSample } from './load/types';
import { replicasByFunction } from './gateway-client';
import type { AgentEventEmitter } from './event-emitter';
import { join } from 'node:path';
import { configLabel, resultData } from './loop-text';
import { configLabelOf } from '@/lib/contract/run-results';

export interface IterationContext {
  runId: string;
  /** CPU cores of the node: overload compares node CPU as percent of capacity (overload.ts). */
  nodeCores: number;
  repetition: number;
  config: PevaConfig;
  bench: BenchConfig;
  iteration: number;
  script: string;
  driver: LoadDriver;
  prom: PrometheusClient;
  gatewayUrl: string;
  auth?: string;
  workspaceRoot: string;
  writer: PevaOutputWriter;
  store: MemoryStore;
  emitter: AgentEventEmitter;
  signal: AbortSignal;
  /** The cooldown's idle snapshot before this iteration and how long it waited (lb's result row). */
  idle: IdleSnapshotInput;
  restSeconds: number;
  /** This runner's slice of the rates when several runners share the run. */
  share: RunnerShare;
}

/** A completed iteration: lb's result row, and the latency histograms runners merge. */
export interface IterationResult {
  row: ResultRow;
  histograms?: Record<string, LatencyHistogram>;
}

/** lb's K6ExecutionError: the configuration is skipped into skipped.csv, the loop goes on. */
export class SkipConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SkipConfigurationError';
  }
}

export async function runIteration(ctx: IterationContext): Promise<IterationResult | null> {
  const { bench, config, iteration, emitter } = ctx;
  // The load lasts the exact duration (k6 reads "500ms" as 0.5 s); lb's whole seconds are for
  // the metric windows below.
  const durationS = parseDurationMs(config.duration) / 1000;
  const names = bench.pairs.map((p) => p.name);
  const tag = { config_id: bench.id, iteration, phase: 'load' };
  const ws = join(ctx.workspaceRoot, `${bench.id}-iter${iteration}-rep${ctx.repetition}`);
  const targets = bench.pairs.map((p) => {
    const fn = config.functions.find((f) => f.name === p.name)!;
    return {
      name: p.name,
      rate: shareOfRate(p.rate, ctx.share),
      method: fn.method,
      body: fn.body,
      headers: fn.headers,
    };
  });

  const label = configLabel(bench);
  const targetRates = Object.fromEntries(targets.map((t) => [t.name, t.rate]));
  const load = await ctx.driver.run({
    workspace: ws,
    targets,
    durationS,
    gatewayUrl: ctx.gatewayUrl,
    authHeader: ctx.auth,
    script: ctx.script,
    outputs: config.k6_outputs,
    tags: lbK6Tags(config.k6_tags, ctx.runId, ctx.repetition),
    signal: ctx.signal,
    onSample: (s: LiveSample) =>
      emitter.emit({
        type: 'metric',
        status: 'running',
        level: 'INFO',
        message: '',
        ...tag,
        // The configuration and its target rates ride along: the charts name the configuration
        // and mark where it starts without looking anything up.
        data: { t: s.t, window_s: s.windowS, config: label, targets: targetRates, functions: s.functions },
      }),
  });
  if (load.stopped || ctx.signal.aborted) return null;
  // lb (k6_runner.py, run_execution.py): k6 failing, no summary file, or a summary lb's
  // parse_summary rejects (every function needs its metrics; a rate-0 function has none) is a
  // K6ExecutionError: the configuration is skipped, not recorded. The values are lb's.
  if (load.exitCode !== 0) throw new SkipConfigurationError(`k6 failed with exit code ${load.exitCode}`);
  if (load.summary === null || load.summary === undefined) throw new SkipConfigurationError('summary file not found');
  let parsed: ParsedK6Summary;
  try {
    parsed = parseSharedSummary(load.summary, bench, ctx.share);
  } catch (err) {
    throw new SkipConfigurationError(`missing k6 summary metrics: ${(err as Error).message}`);
  }
  for (const name of parsed.noSampleFunctions) {
    emitter.log('WARNING', `function ${name} completed no request (k6 reported a request count of 0)`, {
      ...tag,
      phase: 'summary',
    });
  }
  const replicas = await replicasByFunction(ctx.gatewayUrl, names, ctx.auth, ctx.signal).catch(() =>
    Object.fromEntries(names.map((n) => [n, Number.NaN])),
  );
  emitter.log('INFO', `querying Prometheus over the load window (${config.duration})`, { ...tag, phase: 'metrics' });
  const metrics = await collectConfigMetrics(ctx.prom, {
    functions: names,
    startS: load.startTs,
    endS: load.endTs,
    durationS: parseDurationSeconds(config.duration),
    timeSpan: config.duration,
  });
  if (ctx.signal.aborted) return null;

  const row = buildResultRow({
    runId: ctx.runId,
    config: bench,
    iteration,
    repetition: ctx.repetition,
    startTs: load.startTs,
    endTs: load.endTs,
    stats: parsed.functions,
    replicas,
    node: metrics.node,
    functionMetrics: metrics.functions,
    allFunctions: config.functions.map((f) => f.name),
    idle: ctx.idle,
    restSeconds: ctx.restSeconds,
    overload: config.overload,
    nodeCores: ctx.nodeCores,
  });

  const rates = bench.pairs.map((p) => p.rate);
  const lbMetricsDict = lbMetrics(metrics.node, metrics.functions);
  // results.csv + results-lbweb.csv, metrics/ + metrics-lbweb/, summaries/. The index.csv row is
  // written by the loop once every iteration of the configuration finished (as lb does).
  await ctx.writer.appendResult(row);
  await ctx.writer.writeMetrics(bench.id, iteration, ctx.repetition, lbMetricsDict, metrics.series);
  await ctx.writer.writeSummary(bench.id, iteration, ctx.repetition, load.summary);

  await ctx.store.recordConfig({ configId: bench.id, functions: names, rates, pairs: bench.pairs });
  await ctx.store.recordExecution({
    configId: bench.id,
    iteration,
    repetition: ctx.repetition,
    runId: ctx.runId,
    functions: names,
    rates,
    startTs: load.startTs,
    endTs: load.endTs,
    // lb's payload: its result row (results.csv's row, as lb's dict) and its metrics dict.
    payload: {
      result_row: row.lbRow,
      metrics: lbMetricsDict,
      summary: load.summary,
    },
    // What the `result` event carries: a policy judges the iteration by it (capacity-search).
    record: resultRecordOf(bench.id, iteration, row, ctx.config.overload.cpu_unit),
  });
  await ctx.store.recordK6Summary({
    configId: bench.id,
    iteration,
    repetition: ctx.repetition,
    runId: ctx.runId,
    summary: load.summary,
  });
  await ctx.store.recordResults(row.typedRows);
  // Every completed iteration is durable in the .duckdb file itself, not only in the WAL.
  await ctx.store.checkpoint();
  return { row, histograms: load.latencyHistograms };
}

/**
 * lb's parse of the summary. A runner whose slice of a function's rate is 0 sent none of its
 * requests: that function is not asked of the summary and counts 0 requests here (the other
 * runners carry it); on a sole runner this is exactly lb's parse. (The metric ids are numbered
 * over the functions asked for: only names that collide once sanitized could tell the difference.)
 */
function parseSharedSummary(summary: unknown, bench: BenchConfig, share: RunnerShare): ParsedK6Summary {
  const idle = bench.pairs.filter((p) => p.rate > 0 && shareOfRate(p.rate, share) === 0);
  if (idle.length === 0) return parseIterationSummary(summary, bench.pairs);
  const parsed = parseIterationSummary(
    summary,
    bench.pairs.filter((p) => !idle.includes(p)),
  );
  const none = idle.map((p) => ({
    name: p.name,
    rate: p.rate,
    requests: 0,
    successRate: Number.NaN,
    latency: { ...NAN_LATENCY },
    noSamples: true,
  }));
  return {
    // The summary's order (lb's: names in code-point order).
    functions: [...parsed.functions, ...none].sort((a, b) => pyStrCompare(a.name, b.name)),
    noSampleFunctions: parsed.noSampleFunctions,
  };
}

/** The iteration's result record, as the run page reads it from the `result` event. */
function resultRecordOf(configId: string, iteration: number, row: ResultRow, cpuUnit: string) {
  const data = resultData(row, cpuUnit);
  return { config_id: configId, iteration, label: configLabelOf(data.functions), ...data };
}
