// lb's PromQL (FORMATS.md §8, verbatim) and the per-configuration collection around it:
// node queries are mandatory (a failure fails the configuration, as in lb), per-function
// queries degrade to NaN, power is optional and never waited for.
import 'server-only';
import { DURATION_PATTERN } from '@/lib/contract/peva-config';
import type { MetricSample } from './output-writers';
import { type PrometheusClient, type RangePoint } from './prometheus-client';
import type { NodeMetrics } from './result-row';

export const PEVA_QUERIES = {
  cpu_usage_node: '100 * sum(1 - rate(node_cpu_seconds_total{mode="idle"}[{time_span}]))',
  ram_usage_node:
    'avg(avg_over_time(node_memory_MemTotal_bytes[{time_span}]) - avg_over_time(node_memory_MemAvailable_bytes[{time_span}]))',
  ram_usage_node_pct:
    '100 * avg(1 - ((avg_over_time(node_memory_MemFree_bytes[{time_span}]) + avg_over_time(node_memory_Cached_bytes[{time_span}]) + avg_over_time(node_memory_Buffers_bytes[{time_span}])) / avg_over_time(node_memory_MemTotal_bytes[{time_span}])))',
  ram_usage_function:
    'avg_over_time(container_memory_usage_bytes{id=~"^/kubepods.*", container_label_io_kubernetes_container_name="{function_name}"}[{time_span}])',
  cpu_usage_function:
    '100 * sum(rate(container_cpu_usage_seconds_total{id=~"^/kubepods.*", container_label_io_kubernetes_container_name="{function_name}"}[{time_span}]))',
  power_usage_node: 'avg_over_time(scaph_host_power_microwatts[{time_span}])',
  power_usage_function:
    'sum(avg_over_time(scaph_process_power_consumption_microwatts{pid=~"{pid_regex}"}[{time_span}]))',
} as const;

export type PevaQueryName = keyof typeof PEVA_QUERIES;
export const NODE_METRICS = ['cpu_usage_node', 'ram_usage_node', 'ram_usage_node_pct'] as const;
export const FUNCTION_METRICS = ['cpu_usage_function', 'ram_usage_function'] as const;

export interface QueryVars {
  time_span: string;
  function_name?: string;
  pid_regex?: string;
}

/** Values go inside PromQL double-quoted strings, where `\` and `"` must be escaped. */
const promqlString = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

export function renderQuery(template: string, vars: QueryVars): string {
  return template.replace(/\{(time_span|function_name|pid_regex)\}/g, (_, key: keyof QueryVars) => {
    const value = vars[key];
    if (value === undefined)
      throw new Error(`renderQuery: the query needs {${key}} but no value was given: ${template}`);
    return key === 'time_span' ? value : promqlString(value);
  });
}

/**
 * PromQL range selector for a k6 duration ("30s", "1m", "500ms"). Sub-second and
 * fractional-second durations are rounded up to whole seconds (min 1s), so the rate()
 * window never ends up shorter than the load it measures.
 */
export function timeSpanFromDuration(duration: string): string {
  const m = DURATION_PATTERN.exec(duration.trim());
  if (!m)
    throw new Error(`timeSpanFromDuration: ${JSON.stringify(duration)} is not a duration like "30s", "1m" or "500ms"`);
  const n = Number(m[1]);
  if (m[2] === 'ms') return `${Math.max(1, Math.ceil(n / 1000))}s`;
  return `${Math.max(1, n)}${m[2]}`;
}

/**
 * Range step for the metrics CSV: lb uses 10 s, but a 10 s window would then hold one or
 * two points, so short windows get at least ~5 points: max(1, min(10, floor(duration/5))).
 */
export function rangeStepFor(durationS: number): number {
  return Math.max(1, Math.min(10, Math.floor(durationS / 5)));
}

/** A point of the metrics CSV: the row the output writer takes ('' function for node metrics). */
export type SeriesRow = MetricSample;

export interface ConfigMetrics {
  node: NodeMetrics;
  functions: Record<string, { cpu: number; ram: number }>;
  series: SeriesRow[];
  /** The range step actually used for `series` (seconds). */
  stepS: number;
}

export interface CollectConfigOptions {
  functions: string[];
  startS: number;
  endS: number;
  timeSpan: string;
  /** Query scaphandre's power (default true; NaN at once when absent). */
  withPower?: boolean;
  /** Empty-retry budget of per-function queries (default 10 s; node queries use the client's). */
  functionEmptyBudgetMs?: number;
  signal?: AbortSignal;
}

const orNaN = (p: Promise<number>, signal?: AbortSignal) =>
  p.catch(() => {
    // An abort is the owner stopping us, not a missing metric.
    signal?.throwIfAborted();
    return NaN;
  });

async function powerNode(
  client: PrometheusClient,
  vars: QueryVars,
  timeS: number | undefined,
  on: boolean,
  signal?: AbortSignal,
) {
  if (!on) return NaN;
  // Scaphandre is optional: an empty answer means "not installed", not "not scraped yet".
  return orNaN(
    client.instant(renderQuery(PEVA_QUERIES.power_usage_node, vars), timeS, { emptyRetryBudgetMs: 0, signal }),
    signal,
  );
}

export async function collectConfigMetrics(
  client: PrometheusClient,
  opts: CollectConfigOptions,
): Promise<ConfigMetrics> {
  const { signal, endS } = opts;
  const vars: QueryVars = { time_span: opts.timeSpan };
  const fnBudget = opts.functionEmptyBudgetMs ?? 10_000;
  const [cpu, ram, ramPct] = await Promise.all(
    NODE_METRICS.map((name) => client.instant(renderQuery(PEVA_QUERIES[name], vars), endS, { signal })),
  );
  const power = await powerNode(client, vars, endS, opts.withPower ?? true, signal);
  const functions: ConfigMetrics['functions'] = {};
  await Promise.all(
    opts.functions.map(async (fn) => {
      const fv = { ...vars, function_name: fn };
      const call = { emptyRetryBudgetMs: fnBudget, signal };
      const [fcpu, fram] = await Promise.all(
        FUNCTION_METRICS.map((name) => orNaN(client.instant(renderQuery(PEVA_QUERIES[name], fv), endS, call), signal)),
      );
      functions[fn] = { cpu: fcpu!, ram: fram! };
    }),
  );
  const stepS = rangeStepFor(endS - opts.startS);
  const series = await collectSeries(client, opts, stepS);
  return {
    node: { cpu_usage_node: cpu!, ram_usage_node: ram!, ram_usage_node_pct: ramPct!, power_usage_node: power },
    functions,
    series,
    stepS,
  };
}

/** Range series for the metrics CSV; best effort (the instant values above are the record). */
async function collectSeries(
  client: PrometheusClient,
  opts: CollectConfigOptions,
  stepS: number,
): Promise<SeriesRow[]> {
  const jobs: Array<{ metric: string; fn: string; query: string }> = NODE_METRICS.map((metric) => ({
    metric,
    fn: '',
    query: renderQuery(PEVA_QUERIES[metric], { time_span: opts.timeSpan }),
  }));
  for (const fn of opts.functions) {
    for (const metric of FUNCTION_METRICS) {
      jobs.push({
        metric,
        fn,
        query: renderQuery(PEVA_QUERIES[metric], { time_span: opts.timeSpan, function_name: fn }),
      });
    }
  }
  const results = await Promise.all(
    jobs.map((j) =>
      client.range(j.query, opts.startS, opts.endS, stepS, { emptyRetryBudgetMs: 0, signal: opts.signal }).catch(() => {
        opts.signal?.throwIfAborted();
        return [] as RangePoint[];
      }),
    ),
  );
  return results.flatMap((points, i) =>
    points.map((p) => ({ timestamp: p.t, metric: jobs[i]!.metric, function: jobs[i]!.fn, value: p.v })),
  );
}

/** Idle node figures before the first configuration (evaluated now). */
export async function collectBaseline(
  client: PrometheusClient,
  opts: { timeSpan: string; withPower?: boolean; signal?: AbortSignal },
): Promise<NodeMetrics> {
  const vars: QueryVars = { time_span: opts.timeSpan };
  const [cpu, ram, ramPct] = await Promise.all(
    NODE_METRICS.map((name) =>
      client.instant(renderQuery(PEVA_QUERIES[name], vars), undefined, { signal: opts.signal }),
    ),
  );
  const power = await powerNode(client, vars, undefined, opts.withPower ?? true, opts.signal);
  return { cpu_usage_node: cpu!, ram_usage_node: ram!, ram_usage_node_pct: ramPct!, power_usage_node: power };
}

/** Number of CPUs node-exporter sees (lb's CPU% is per core, so capacity = 100 × this). */
export async function nodeCpuCount(client: PrometheusClient, signal?: AbortSignal): Promise<number> {
  return client.instant('count(count by (cpu) (node_cpu_seconds_total{mode="idle"}))', undefined, { signal });
}
