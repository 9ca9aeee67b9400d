// k6 summary parsing (FORMATS.md §7). Two shapes exist: `--summary-export` writes metric
// values flat (`value`, `avg`, `count`), handleSummary/newer k6 nests them under `values`
// (Rate as `rate`). Our built-in load driver writes the flat shape. Missing data → NaN.
import 'server-only';
import { parseTolerantJson } from '@/lib/contract/tolerant-json';
import type { ConfigPair } from './enumeration';
import { k6MetricIds } from './k6-script';

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
  requests: number;
  /** 0..1; NaN when no request was made. */
  successRate: number;
  latency: LatencyStats;
  /** True for rate 0 or when k6 reported no samples: stats are NaN, not zero. */
  noSamples: boolean;
}

export interface ParsedK6Summary {
  functions: FunctionStats[];
  noSampleFunctions: string[];
}

/** Every statistic NaN: a function without samples. Copy it before handing it out. */
export const NAN_LATENCY: Readonly<LatencyStats> = { avg: NaN, p50: NaN, p90: NaN, p95: NaN, p99: NaN, max: NaN };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A statistic of one metric, flat or nested under `values`; first key found wins. */
function stat(metric: unknown, ...keys: string[]): number | undefined {
  if (!isRecord(metric)) return undefined;
  const nested = isRecord(metric.values) ? metric.values : undefined;
  for (const source of [metric, nested]) {
    if (!source) continue;
    for (const key of keys) {
      if (!(key in source)) continue;
      const v = source[key];
      // parseTolerantJson turns Python's bare NaN into null: keep it as NaN, not 0.
      return typeof v === 'number' ? v : NaN;
    }
  }
  return undefined;
}

function latencyOf(metric: unknown): LatencyStats {
  const get = (...keys: string[]) => stat(metric, ...keys) ?? NaN;
  return {
    avg: get('avg'),
    p50: get('med', 'p(50)'),
    p90: get('p(90)'),
    p95: get('p(95)'),
    p99: get('p(99)'),
    max: get('max'),
  };
}

export function parseK6Summary(summary: unknown, pairs: ConfigPair[]): ParsedK6Summary {
  const metrics = isRecord(summary) && isRecord(summary.metrics) ? summary.metrics : {};
  const ids = k6MetricIds(pairs.map((p) => p.name));
  const functions = [...pairs]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(({ name, rate }): FunctionStats => {
      const id = ids.get(name)!;
      const success = metrics[`success_rate_${id}`];
      // Counter first; a Rate's passes + fails counts the same requests when the counter is absent.
      const passes = stat(success, 'passes');
      const fails = stat(success, 'fails');
      const fromRate = passes !== undefined && fails !== undefined ? passes + fails : undefined;
      const requests = stat(metrics[`request_count_${id}`], 'count') ?? fromRate ?? 0;
      if (rate <= 0 || !(requests > 0)) {
        return {
          name,
          rate,
          requests: Number.isFinite(requests) ? requests : 0,
          successRate: NaN,
          latency: { ...NAN_LATENCY },
          noSamples: true,
        };
      }
      return {
        name,
        rate,
        requests,
        successRate: stat(success, 'value', 'rate') ?? NaN,
        latency: latencyOf(metrics[`latency_${id}`]),
        noSamples: false,
      };
    });
  return { functions, noSampleFunctions: functions.filter((f) => f.noSamples).map((f) => f.name) };
}

/** Reads summary.json text; Python-written summaries may hold bare NaN. Throws on non-JSON. */
export function readK6SummaryText(text: string): unknown {
  return parseTolerantJson(text);
}

/** lb's K6ExecutionError for a summary it cannot read: the configuration is skipped. */
export class K6SummaryMissingMetricsError extends Error {
  constructor(readonly missing: string[]) {
    super(`missing k6 summary metrics: ${missing.length ? missing.join(', ') : "no 'metrics' in the summary"}`);
    this.name = 'K6SummaryMissingMetricsError';
  }
}

/**
 * lb's `parse_summary` check (services/k6_runner.py): every function of the configuration —
 * rate 0 included — must have its success rate (`value`/`rate`), average latency and request
 * count (`count`, else `rate`). Otherwise lb raises and the whole configuration is skipped
 * into skipped.csv; callers do the same with this error.
 */
export function assertLbSummaryMetrics(summary: unknown, pairs: readonly ConfigPair[]): void {
  if (!isRecord(summary) || !isRecord(summary.metrics)) throw new K6SummaryMissingMetricsError([]);
  const metrics = summary.metrics;
  const ids = k6MetricIds(pairs.map((p) => p.name));
  const missing: string[] = [];
  for (const name of pairs.map((p) => p.name).sort()) {
    const id = ids.get(name)!;
    if (stat(metrics[`success_rate_${id}`], 'value', 'rate') === undefined) missing.push(`${name}:success_rate`);
    if (stat(metrics[`latency_${id}`], 'avg') === undefined) missing.push(`${name}:latency`);
    if (stat(metrics[`request_count_${id}`], 'count', 'rate') === undefined) missing.push(`${name}:request_count`);
  }
  if (missing.length) throw new K6SummaryMissingMetricsError(missing);
}
