// One iteration's raw measurements as lb's build_result_row receives them, turned into
// lb-web's buildResultRow input. The k6 part goes through a k6 summary (flat
// --summary-export shape) and parseIterationSummary, the agent's reading (lb's parse_summary).
// lb's builder can be handed summary values for only some of the configuration's functions (its
// defaults then apply); those functions are left out of the summary and of the parse, so the
// parse accepts it and buildResultRow sees the same gap.
import { parsePevaConfig, type PevaConfig } from '@/lib/contract/peva-config';
import { configId } from '@/server/peva/enumeration';
import { k6MetricIds } from '@/server/peva/k6-script';
import { parseIterationSummary } from '@/server/peva/k6-summary';
import { buildResultRow, type ResultRow } from '@/server/peva/result-row';
import { expect } from 'vitest';

export interface Measurement {
  all_functions: string[];
  config_pairs: Array<[string, number]>;
  summary_metrics: Record<string, { success_rate: number; avg_latency: number; request_count: number }>;
  replicas: Record<string, number>;
  metrics: {
    cpu_usage_node: number;
    ram_usage_node: number;
    ram_usage_node_pct: number;
    power_usage_node: number;
    functions: Record<string, { cpu?: number; ram?: number; power?: number }>;
  };
  idle_snapshot: { cpu: number; ram: number; ram_pct: number; power: number };
  rest_seconds: number;
  overload: Partial<PevaConfig['overload']>;
  /** lb ignores it; lb-web's agent passes the node's core count to buildResultRow. */
  node_cores?: number;
}

export interface RowContext {
  runId: string;
  iteration: number;
  repetition: number;
  startTs: number;
  endTs: number;
}

const DEFAULT_CONTEXT: RowContext = { runId: 'run-1', iteration: 1, repetition: 1, startTs: 1000, endTs: 1030 };

export function overloadConfig(overrides: Partial<PevaConfig['overload']>): PevaConfig['overload'] {
  // A function list is required by lb-web's schema; only `overload` matters here.
  const parsed = parsePevaConfig({ functions: [{ name: 'f' }], overload: overrides });
  if (!parsed.ok) expect.fail(`ours rejects overload settings ${JSON.stringify(overrides)}`);
  return parsed.config.overload;
}

/** The configuration's functions lb's builder has summary values for. */
const summarised = (m: Measurement): string[] =>
  m.config_pairs.map(([name]) => name).filter((name) => Object.hasOwn(m.summary_metrics, name));

/** The k6 summary lb-web would have read for lb's parsed summary metrics. */
export function k6SummaryOf(m: Measurement): unknown {
  const ids = k6MetricIds(summarised(m));
  const metrics: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(m.summary_metrics)) {
    const id = ids.get(name) ?? name;
    metrics[`success_rate_${id}`] = { value: s.success_rate };
    metrics[`latency_${id}`] = { avg: s.avg_latency };
    metrics[`request_count_${id}`] = { count: s.request_count };
  }
  return { metrics };
}

export function ourRow(m: Measurement, ctx: RowContext = DEFAULT_CONTEXT): ResultRow {
  const pairs = m.config_pairs
    .map(([name, rate]) => ({ name, rate }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const functionMetrics = Object.fromEntries(
    Object.entries(m.metrics.functions).map(([name, f]) => [
      name,
      { cpu: f.cpu ?? NaN, ram: f.ram ?? NaN, power: f.power ?? NaN },
    ]),
  );
  return buildResultRow({
    ...ctx,
    config: { id: configId(pairs), pairs },
    stats: parseIterationSummary(
      k6SummaryOf(m),
      pairs.filter((p) => summarised(m).includes(p.name)),
    ).functions,
    replicas: m.replicas,
    node: {
      cpu_usage_node: m.metrics.cpu_usage_node,
      ram_usage_node: m.metrics.ram_usage_node,
      ram_usage_node_pct: m.metrics.ram_usage_node_pct,
      power_usage_node: m.metrics.power_usage_node,
    },
    functionMetrics,
    allFunctions: m.all_functions,
    idle: m.idle_snapshot,
    restSeconds: m.rest_seconds,
    overload: overloadConfig(m.overload),
    nodeCores: m.node_cores,
  });
}
