// k6 summary parsing (FORMATS.md §7). Two shapes exist: `--summary-export` writes metric
// values flat (`value`, `avg`, `count`), handleSummary/newer k6 nests them under `values`
// (Rate as `rate`). Our built-in load driver writes the flat shape.
//
// The agent reads a summary the way lb does (`parseIterationSummary`): lb's K6Runner.parse_summary
// (services/k6_runner.py) decides whether the summary is usable — every function of the
// configuration, rate 0 included, needs a success rate, an average latency and a request count,
// else the configuration is skipped — and gives the three values the result row and the overload
// rules use. `parseK6Summary` is the lenient reading beside it (never throws, NaN where a metric
// is absent) that also takes the latency percentiles lb-web records in execution_results.
import 'server-only';
import { parseTolerantJson } from '@/lib/contract/tolerant-json';
import type { ConfigPair } from './enumeration';
import { k6MetricIds } from './k6-script';
import { pyStrCompare } from './python-format';

/** Milliseconds; NaN when the summary has no such statistic. */
export interface LatencyStats {
  avg: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

export interface FunctionStats {
  name: string;
  rate: number;
  /** lb's `request_count`: the Counter's `count`, else its `rate` (lb's fallback); 0 when absent. */
  requests: number;
  /** lb's `success_rate`: the Rate's `value`, else `rate`; NaN when absent. */
  successRate: number;
  latency: LatencyStats;
  /** True when k6 reported no request for the function (metrics absent, or a count of 0). */
  noSamples: boolean;
}

export interface ParsedK6Summary {
  functions: FunctionStats[];
  noSampleFunctions: string[];
}

/** lb's parsed summary entry (`parse_summary`'s per-function dict). */
export interface LbSummaryMetrics {
  success_rate: number;
  avg_latency: number;
  request_count: number;
}

/** Every statistic NaN: a function without samples. Copy it before handing it out. */
export const NAN_LATENCY: Readonly<LatencyStats> = { avg: NaN, p50: NaN, p90: NaN, p95: NaN, p99: NaN, max: NaN };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const has = (o: Record<string, unknown>, key: string): boolean => Object.hasOwn(o, key);

/**
 * lb's ValueError from `parse_summary` (or from Python's `float()` of a metric value); the
 * message is lb's. The agent turns it into a skipped configuration, as lb's K6ExecutionError.
 */
export class K6SummaryMissingMetricsError extends Error {
  constructor(
    message: string,
    /** "<function>:<success_rate|latency|request_count>" in lb's order; empty for other errors. */
    readonly missing: readonly string[] = [],
  ) {
    super(message);
    this.name = 'K6SummaryMissingMetricsError';
  }
}

const PY_FLOAT_WORD = /^[+-]?(nan|inf|infinity)$/i;
const PY_FLOAT_NUMBER = /^[+-]?(\d(_?\d)*(\.(\d(_?\d)*)?)?|\.\d(_?\d)*)([eE][+-]?\d(_?\d)*)?$/;

/**
 * Python's `float(x)` of a JSON value. JSON null stands for NaN here: parseTolerantJson reads
 * Python's bare NaN as null (Python itself would raise TypeError on a real null, which k6 never
 * writes). A string that is not a number raises lb's ValueError.
 */
function pyFloatOf(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === null) return NaN;
  if (typeof v === 'string') {
    const s = v.trim();
    const word = PY_FLOAT_WORD.exec(s);
    if (word) return word[1]!.toLowerCase() === 'nan' ? NaN : s.startsWith('-') ? -Infinity : Infinity;
    if (PY_FLOAT_NUMBER.test(s)) return Number(s.replace(/_/g, ''));
    throw new K6SummaryMissingMetricsError(`could not convert string to float: '${v}'`);
  }
  const type = Array.isArray(v) ? 'list' : 'dict';
  throw new K6SummaryMissingMetricsError(`float() argument must be a string or a real number, not '${type}'`);
}

/**
 * lb's `K6Runner._extract_metric_value`: for "rate" a flat `value` wins, then the flat key,
 * then the key under `values`; undefined when none is there.
 */
function lbMetricValue(metric: unknown, key: string): number | undefined {
  if (!isRecord(metric)) return undefined;
  if (key === 'rate' && has(metric, 'value')) return pyFloatOf(metric.value);
  if (has(metric, key)) return pyFloatOf(metric[key]);
  const values = metric.values;
  if (isRecord(values) && has(values, key)) return pyFloatOf(values[key]);
  return undefined;
}

/** lb's three values of one function; a key is undefined when lb finds no value for it. */
function lbValues(metrics: Record<string, unknown>, id: string) {
  const success = lbMetricValue(metrics[`success_rate_${id}`], 'rate');
  const latency = lbMetricValue(metrics[`latency_${id}`], 'avg');
  const counter = metrics[`request_count_${id}`];
  const requests = lbMetricValue(counter, 'count') ?? lbMetricValue(counter, 'rate');
  return { success, latency, requests };
}

/** The configuration's functions in lb's metric_ids order (build_script sorts the pairs by name). */
function lbOrder(pairs: readonly ConfigPair[]): ConfigPair[] {
  return [...pairs].sort((a, b) => pyStrCompare(a.name, b.name));
}

/**
 * lb's `K6Runner.parse_summary`, exactly: throws K6SummaryMissingMetricsError with lb's message
 * ("Missing 'metrics' in k6 summary." / "Missing k6 summary metrics: figlet:latency, …") where
 * lb raises its ValueError; otherwise lb's values per function.
 */
export function parseLbSummary(summary: unknown, pairs: readonly ConfigPair[]): Record<string, LbSummaryMetrics> {
  const metrics = isRecord(summary) ? summary.metrics : undefined;
  if (!isRecord(metrics)) throw new K6SummaryMissingMetricsError("Missing 'metrics' in k6 summary.");
  const ordered = lbOrder(pairs);
  const ids = k6MetricIds(ordered.map((p) => p.name));
  const parsed: Record<string, LbSummaryMetrics> = {};
  const missing: string[] = [];
  for (const { name } of ordered) {
    const v = lbValues(metrics, ids.get(name)!);
    const absent = [
      v.success === undefined && 'success_rate',
      v.latency === undefined && 'latency',
      v.requests === undefined && 'request_count',
    ].filter((k): k is string => k !== false);
    if (absent.length) missing.push(...absent.map((k) => `${name}:${k}`));
    else parsed[name] = { success_rate: v.success!, avg_latency: v.latency!, request_count: v.requests! };
  }
  if (missing.length)
    throw new K6SummaryMissingMetricsError(`Missing k6 summary metrics: ${missing.join(', ')}`, missing);
  return parsed;
}

/** A percentile of one Trend, flat or nested under `values`; first key found wins. */
function stat(metric: unknown, ...keys: string[]): number | undefined {
  if (!isRecord(metric)) return undefined;
  const nested = isRecord(metric.values) ? metric.values : undefined;
  for (const source of [metric, nested]) {
    if (!source) continue;
    for (const key of keys) {
      if (!has(source, key)) continue;
      const v = source[key];
      // parseTolerantJson turns Python's bare NaN into null: keep it as NaN, not 0.
      return typeof v === 'number' ? v : NaN;
    }
  }
  return undefined;
}

/** lb's value where lb finds one; NaN where it finds none or cannot convert it (never throws). */
function lenient(read: () => number | undefined): number | undefined {
  try {
    return read();
  } catch {
    return NaN;
  }
}

/**
 * Lenient reading: lb's keys and precedence for success rate, average latency and request
 * count, plus the latency percentiles; a function without metrics gets NaN statistics and 0
 * requests. Never throws. The agent goes through parseIterationSummary instead.
 */
export function parseK6Summary(summary: unknown, pairs: readonly ConfigPair[]): ParsedK6Summary {
  const metrics = isRecord(summary) && isRecord(summary.metrics) ? summary.metrics : {};
  const ordered = lbOrder(pairs);
  const ids = k6MetricIds(ordered.map((p) => p.name));
  const functions = ordered.map(({ name, rate }): FunctionStats => {
    const id = ids.get(name)!;
    const counter = metrics[`request_count_${id}`];
    const trend = metrics[`latency_${id}`];
    const successRate = lenient(() => lbMetricValue(metrics[`success_rate_${id}`], 'rate')) ?? NaN;
    const avg = lenient(() => lbMetricValue(trend, 'avg')) ?? NaN;
    const counted = lenient(() => lbMetricValue(counter, 'count') ?? lbMetricValue(counter, 'rate'));
    const requests = counted !== undefined && Number.isFinite(counted) ? counted : 0;
    const get = (...keys: string[]) => stat(trend, ...keys) ?? NaN;
    return {
      name,
      rate,
      requests,
      successRate,
      latency: {
        avg,
        p50: get('med', 'p(50)'),
        p90: get('p(90)'),
        p95: get('p(95)'),
        p99: get('p(99)'),
        max: get('max'),
      },
      noSamples: !(requests > 0),
    };
  });
  return { functions, noSampleFunctions: functions.filter((f) => f.noSamples).map((f) => f.name) };
}

/**
 * What the agent reads after each iteration: lb's `parse_summary` decides (throws
 * K6SummaryMissingMetricsError where lb raises, so the configuration is skipped) and gives the
 * success rate, average latency and request count; the percentiles come from the lenient reading.
 */
export function parseIterationSummary(summary: unknown, pairs: readonly ConfigPair[]): ParsedK6Summary {
  const lb = parseLbSummary(summary, pairs);
  const functions = parseK6Summary(summary, pairs).functions.map((f): FunctionStats => {
    const v = lb[f.name]!;
    return {
      ...f,
      successRate: v.success_rate,
      requests: v.request_count,
      latency: { ...f.latency, avg: v.avg_latency },
      noSamples: !(v.request_count > 0),
    };
  });
  return { functions, noSampleFunctions: functions.filter((f) => f.noSamples).map((f) => f.name) };
}

/** Reads summary.json text; Python-written summaries may hold bare NaN. Throws on non-JSON. */
export function readK6SummaryText(text: string): unknown {
  return parseTolerantJson(text);
}
