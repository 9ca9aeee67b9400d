// One configuration × iteration: load, summary, replicas, Prometheus, result row, outputs
// and the DuckDB memory event. Returns null when a stop interrupted the load (a partial
// iteration is not recorded: the memory holds completed iterations only).
import 'server-only';
import type { BenchConfig } from '@/server/peva/enumeration';
import type { PevaConfig } from '@/lib/contract/peva-config';
import { parseDurationSeconds } from '@/lib/contract/peva-config';
import { parseK6Summary } from '@/server/peva/k6-summary';
import { collectConfigMetrics } from '@/server/peva/peva-queries';
import type { PrometheusClient } from '@/server/peva/prometheus-client';
import { buildResultRow, type ResultRow } from '@/server/peva/result-row';
import type { PevaOutputWriter } from '@/server/peva/output-writers';
import type { MemoryStore } from '@/server/peva/memory-store';
import type { LoadDriver, LiveSample } from './load/types';
import { replicasByFunction } from './gateway-client';
import type { AgentEventEmitter } from './event-emitter';
import { join } from 'node:path';

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
}

export async function runIteration(ctx: IterationContext): Promise<ResultRow | null> {
  const { bench, config, iteration, emitter } = ctx;
  const durationS = parseDurationSeconds(config.duration);
  const names = bench.pairs.map((p) => p.name);
  const tag = { config_id: bench.id, iteration, phase: 'load' };
  const ws = join(ctx.workspaceRoot, `${bench.id}-iter${iteration}-rep${ctx.repetition}`);
  const targets = bench.pairs.map((p) => {
    const fn = config.functions.find((f) => f.name === p.name)!;
    return { name: p.name, rate: p.rate, method: fn.method, body: fn.body, headers: fn.headers };
  });

  const load = await ctx.driver.run({
    workspace: ws,
    targets,
    durationS,
    gatewayUrl: ctx.gatewayUrl,
    authHeader: ctx.auth,
    script: ctx.script,
    outputs: config.k6_outputs,
    tags: config.k6_tags,
    signal: ctx.signal,
    onSample: (s: LiveSample) =>
      emitter.emit({
        type: 'metric',
        status: 'running',
        level: 'INFO',
        message: '',
        ...tag,
        data: { t: s.t, functions: s.functions },
      }),
  });
  if (load.stopped || ctx.signal.aborted) return null;

  const parsed = parseK6Summary(load.summary, bench.pairs);
  for (const name of parsed.noSampleFunctions) {
    emitter.log('WARNING', `function ${name} produced no samples (rate 0 or no completed request)`, {
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
    overload: config.overload,
    nodeCores: ctx.nodeCores,
  });

  const rates = bench.pairs.map((p) => p.rate);
  await ctx.writer.appendResult(row);
  await ctx.writer.writeMetrics(bench.id, iteration, ctx.repetition, metrics.series);
  await ctx.writer.writeSummary(bench.id, iteration, ctx.repetition, load.summary);
  await ctx.writer.appendIndex({
    configId: bench.id,
    functions: names,
    rates,
    iteration,
    repetition: ctx.repetition,
    runId: ctx.runId,
  });

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
    // The CSV record flattens lists to JSON text; the event keeps them as real arrays.
    payload: {
      result_row: { ...row.record, functions: names, rates },
      metrics: { ...metrics.node, functions: metrics.functions },
      summary: load.summary,
    },
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
  return row;
}
