// lb's PromQL (FORMATS.md §8, verbatim) and the per-configuration collection around it:
// node queries are mandatory (a failure fails the configuration, as in lb), per-function
// queries degrade to NaN, power is optional and never waited for.
import 'server-only';
import type { MetricSample } from './output-writers';
import { type PrometheusClient, type RangePoint } from './prometheus-client';
import type { NodeMetrics } from './result-row';
import type { IdleSnapshot } from './cooldown';

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

/** The load window of an iteration, and the duration it was configured to last. */
export interface LoadWindow {
  startS: number;
  endS: number;
  durationS: number;
}

export interface CollectConfigOptions {
  functions: string[];
  startS: number;
  endS: number;
  /** The configured duration in seconds: lb averages a range only when the load ran longer. */
  durationS: number;
  timeSpan: string;
  /** Query scaphandre's power (lb: only with scaphandre_enabled; default false). */
  withPower?: boolean;
  /** Empty-retry budget of per-function queries (default: the client's, lb's 120 s). */
  functionEmptyBudgetMs?: number;
  /** Also read lb-web's own per-step series (extra range queries lb does not make; default true). */
  withSeries?: boolean;
  signal?: AbortSignal;
}

/** lb's step of every query in queries.yml. */
export const LB_RANGE_STEP_S = 10;

/**
 * The rest of lb's queries.yml: every query may be read as a range (step 10 s, see lbMetric)
 * and the power ones only run with scaphandre (`enabled_if: scaphandre`; lb-web never enables
 * it: scaphandre_enabled is an lb-only setting).
 */
export const PEVA_QUERY_OPTIONS = Object.fromEntries(
  (Object.keys(PEVA_QUERIES) as PevaQueryName[]).map((name) => [
    name,
    { range: true, step: `${LB_RANGE_STEP_S}s`, enabledIf: name.startsWith('power_') ? 'scaphandre' : null },
  ]),
) as Record<PevaQueryName, { range: boolean; step: string; enabledIf: 'scaphandre' | null }>;

/**
 * One metric the way lb reads it (metrics_collector.collect_all_metrics + queries.execute):
 * when the load ran longer than its configured duration, the mean of a 10 s-step range over
 * the load window (a NaN point makes the mean NaN, as Python's sum does); otherwise the
 * instant value now, right after the load.
 */
export async function lbMetric(
  client: PrometheusClient,
  query: string,
  window: LoadWindow | undefined,
  call: { emptyRetryBudgetMs?: number; signal?: AbortSignal } = {},
): Promise<number> {
  if (window && window.endS - window.startS > window.durationS) {
    return client.rangeMean(query, window.startS, window.endS, LB_RANGE_STEP_S, call);
  }
  return client.instant(query, undefined, call);
}

const orNaN = (p: Promise<number>, signal?: AbortSignal) =>
  p.catch(() => {
    // An abort is the owner stopping us, not a missing metric.
    signal?.throwIfAborted();
    return NaN;
  });

/**
 * lb's node snapshot (MetricsSnapshot: cpu, ram bytes, ram %, power): the idle baseline, each
 * cooldown poll, and the node part of a result. Power only with scaphandre, and never waited
 * for (empty = not installed). `lenient`: a failed query reads NaN instead of failing.
 */
export async function nodeSnapshot(
  client: PrometheusClient,
  opts: { timeSpan: string; withPower?: boolean; signal?: AbortSignal; lenient?: boolean; window?: LoadWindow },
): Promise<IdleSnapshot> {
  const vars: QueryVars = { time_span: opts.timeSpan };
  const call = { signal: opts.signal };
  const one = (name: (typeof NODE_METRICS)[number]) => {
    const p = lbMetric(client, renderQuery(PEVA_QUERIES[name], vars), opts.window, call);
    return opts.lenient ? orNaN(p, opts.signal) : p;
  };
  const [cpu, ram, ramPct] = await Promise.all(NODE_METRICS.map(one));
  const power = opts.withPower
    ? await orNaN(
        lbMetric(client, renderQuery(PEVA_QUERIES.power_usage_node, vars), opts.window, {
          emptyRetryBudgetMs: 0,
          signal: opts.signal,
        }),
        opts.signal,
      )
    : NaN;
  return { cpu: cpu!, ram: ram!, ram_pct: ramPct!, power };
}

export const toNodeMetrics = (s: IdleSnapshot): NodeMetrics => ({
  cpu_usage_node: s.cpu,
  ram_usage_node: s.ram,
  ram_usage_node_pct: s.ram_pct,
  power_usage_node: s.power,
});

export async function collectConfigMetrics(
  client: PrometheusClient,
  opts: CollectConfigOptions,
): Promise<ConfigMetrics> {
  const { signal } = opts;
  const window: LoadWindow = { startS: opts.startS, endS: opts.endS, durationS: opts.durationS };
  // Node queries are mandatory: a failure fails the configuration, as in lb.
  const node = await nodeSnapshot(client, { timeSpan: opts.timeSpan, withPower: opts.withPower, signal, window });
  const functions: ConfigMetrics['functions'] = {};
  const call = { emptyRetryBudgetMs: opts.functionEmptyBudgetMs, signal };
  await Promise.all(
    opts.functions.map(async (fn) => {
      const fv: QueryVars = { time_span: opts.timeSpan, function_name: fn };
      const [fcpu, fram] = await Promise.all(
        FUNCTION_METRICS.map((name) =>
          orNaN(lbMetric(client, renderQuery(PEVA_QUERIES[name], fv), window, call), signal),
        ),
      );
      functions[fn] = { cpu: fcpu!, ram: fram! };
    }),
  );
  const stepS = rangeStepFor(opts.endS - opts.startS);
  const series = opts.withSeries === false ? [] : await collectSeries(client, opts, stepS);
  return { node: toNodeMetrics(node), functions, series, stepS };
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

/** Number of CPUs node-exporter sees (lb's CPU% is per core, so capacity = 100 × this). */
export async function nodeCpuCount(client: PrometheusClient, signal?: AbortSignal): Promise<number> {
  return client.instant('count(count by (cpu) (node_cpu_seconds_total{mode="idle"}))', undefined, { signal });
}
