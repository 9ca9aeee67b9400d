// One result row per configuration × iteration from the runners that shared its load.
// Requests and failures add up; the average latency is weighted by requests; percentiles come
// from the runners' merged latency histograms (exact to the histogram's 1 % buckets) — the
// built-in driver ships one per function. When a runner has none (k6 gives only its summary),
// the percentile is the request-weighted mean of the runners' percentiles, an approximation
// said in `percentiles: 'weighted_mean'`: percentiles themselves cannot be combined exactly.
// Node CPU/RAM and replicas measure the cluster, not the runners: the leading runner's values.
// Browser-safe.
import { z } from 'zod';
import { LatencyHistogramSchema, histogramPercentile, mergeHistograms } from './latency-histogram';
import { ResultDataSchema } from './run-results';
import { RunnerShareSchema } from './runner-share';

/** The limits of lb's overload rules that depend on what the runners measured. */
export const ShareOverloadLimitsSchema = z.object({
  success_rate_function_min: z.number(),
  success_rate_node_min: z.number(),
  replicas_overload_threshold: z.number(),
});
export type ShareOverloadLimits = z.infer<typeof ShareOverloadLimitsSchema>;

/** `data` of a `share_result` event beside lb-web's usual result fields. */
export const ShareResultDataSchema = z.object({
  share: RunnerShareSchema,
  result: ResultDataSchema,
  /** Per function: the runner's latency histogram (absent with k6). */
  histograms: z.record(z.string(), LatencyHistogramSchema).optional(),
  /** Node CPU or RAM over the overload limits (the node part of lb's rule that shares cannot change). */
  node_limits_exceeded: z.boolean(),
  /** The run's overload limits (the agent's config): the merge applies them to the combined figures. */
  limits: ShareOverloadLimitsSchema,
});
export type ShareResultData = z.infer<typeof ShareResultDataSchema>;
type ResultData = z.output<typeof ResultDataSchema>;
type ResultFunction = ResultData['functions'][number];

export interface ShareInput {
  host: string;
  data: ShareResultData;
}

export interface MergedResult {
  result: ResultData;
  merge: {
    runners: { host: string; index: number; requests: number }[];
    percentiles: 'histogram' | 'weighted_mean';
  };
}

const finite = (v: number) => (Number.isFinite(v) ? v : 0);

/** Request-weighted mean of `pick` over the parts with requests; NaN when none has any. */
function weighted(parts: readonly ResultFunction[], pick: (f: ResultFunction) => number): number {
  let sum = 0;
  let weight = 0;
  for (const f of parts) {
    const n = finite(f.requests);
    const v = pick(f);
    if (n > 0 && Number.isFinite(v)) {
      sum += v * n;
      weight += n;
    }
  }
  return weight > 0 ? sum / weight : Number.NaN;
}

function mergeFunction(
  name: string,
  parts: readonly { fn: ResultFunction; histogram?: z.infer<typeof LatencyHistogramSchema> }[],
  limits: ShareOverloadLimits,
): { fn: ResultFunction; exact: boolean } {
  const fns = parts.map((p) => p.fn);
  const loaded = parts.filter((p) => finite(p.fn.requests) > 0);
  const exact = loaded.length > 0 && loaded.every((p) => p.histogram);
  const merged = exact ? mergeHistograms(loaded.map((p) => p.histogram!)) : null;
  const pct = (p: number, field: 'p50_ms' | 'p95_ms' | 'p99_ms') =>
    merged ? histogramPercentile(merged, p) : weighted(fns, (f) => f[field]);
  const successRate = weighted(fns, (f) => f.success_rate);
  const replicas = Math.max(...fns.map((f) => (Number.isFinite(f.replicas) ? f.replicas : -Infinity)));
  const rep = Number.isFinite(replicas) ? replicas : Number.NaN;
  const maxes = fns.map((f) => f.max_ms).filter(Number.isFinite);
  return {
    exact: exact || loaded.length === 0,
    fn: {
      function: name,
      rate: fns[0]!.rate,
      requests: fns.reduce((a, f) => a + finite(f.requests), 0),
      success_rate: successRate,
      avg_ms: weighted(fns, (f) => f.avg_ms),
      p50_ms: pct(50, 'p50_ms'),
      p95_ms: pct(95, 'p95_ms'),
      p99_ms: pct(99, 'p99_ms'),
      max_ms: maxes.length ? Math.max(...maxes) : Number.NaN,
      replicas: rep,
      // lb's function rule on the combined figures (NaN is never over a limit).
      overloaded: successRate < limits.success_rate_function_min || rep >= limits.replicas_overload_threshold,
    },
  };
}

/**
 * Merges the shares of one configuration × iteration; the lowest index (the lead when it is
 * there) gives the node figures and the limits.
 */
export function mergeShares(shares: readonly ShareInput[]): MergedResult {
  if (shares.length === 0) throw new Error('no share to merge');
  const ordered = [...shares].sort((a, b) => a.data.share.index - b.data.share.index);
  const lead = ordered[0]!.data;
  const { limits } = lead;
  const names = lead.result.functions.map((f) => f.function);
  let exact = true;
  const functions = names.map((name) => {
    const parts = ordered.flatMap((s) => {
      const fn = s.data.result.functions.find((f) => f.function === name);
      return fn ? [{ fn, histogram: s.data.histograms?.[name] }] : [];
    });
    const m = mergeFunction(name, parts, limits);
    exact &&= m.exact;
    return m.fn;
  });
  // lb's node rule: the mean success rate (NaN propagates), CPU/RAM (the lead's), any function.
  const meanSuccess = functions.length ? functions.reduce((a, f) => a + f.success_rate, 0) / functions.length : 1;
  const overloadedNode =
    lead.node_limits_exceeded || meanSuccess < limits.success_rate_node_min || functions.some((f) => f.overloaded);
  return {
    result: { ...lead.result, functions, overloaded_node: overloadedNode },
    merge: {
      runners: ordered.map((s) => ({
        host: s.host,
        index: s.data.share.index,
        requests: s.data.result.functions.reduce((a, f) => a + finite(f.requests), 0),
      })),
      percentiles: exact ? 'histogram' : 'weighted_mean',
    },
  };
}
