// Chart series from per-configuration results: per function (latency p95 / success rate
// vs that function's rate) and per node (CPU vs the configuration's Σ rate, one point per
// configuration). A `source` tag keeps two files apart when they are compared.
import type { ConfigFunctionResult } from './peva-types';

export interface ChartPoint {
  x: number;
  y: number;
  configId: string;
  label: string;
  /** The point's y is the mean latency because the file has no p95 for it. */
  fallback?: boolean;
}

export interface ChartSeries {
  key: string;
  name: string;
  source: string;
  points: ChartPoint[];
}

export type FunctionMetric = 'latency' | 'success';

const byX = (a: ChartPoint, b: ChartPoint) => a.x - b.x;

/** One series per function; a configuration contributes one point to each of its functions. */
export function functionSeries(
  results: readonly ConfigFunctionResult[],
  metric: FunctionMetric,
  source: string,
): ChartSeries[] {
  const series = new Map<string, ChartPoint[]>();
  for (const r of results) {
    if (r.rate === null) continue;
    let y: number | null;
    let fallback = false;
    if (metric === 'success') y = r.successRate;
    else {
      y = r.latencyP95Ms;
      // lb records only the mean latency; show it rather than nothing, and say so.
      if (y === null && r.latencyAvgMs !== null) {
        y = r.latencyAvgMs;
        fallback = true;
      }
    }
    if (y === null) continue;
    const pts = series.get(r.functionName) ?? [];
    pts.push({ x: r.rate, y, configId: r.configId, label: r.label, ...(fallback ? { fallback } : {}) });
    series.set(r.functionName, pts);
  }
  return [...series.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([fn, points]) => ({
      key: `${source}:${fn}`,
      name: source ? `${source} · ${fn}` : fn,
      source,
      points: points.sort(byX),
    }));
}

/** Node CPU vs Σ rate: exactly one point per configuration that has a CPU reading. */
export function nodeCpuSeries(results: readonly ConfigFunctionResult[], source: string): ChartSeries {
  const perConfig = new Map<string, ChartPoint>();
  for (const r of results) {
    if (r.cpuNode === null || perConfig.has(r.configId)) continue;
    perConfig.set(r.configId, { x: r.sumRate, y: r.cpuNode, configId: r.configId, label: r.label });
  }
  return {
    key: `${source}:node`,
    name: source ? `${source} · node CPU` : 'node CPU',
    source,
    points: [...perConfig.values()].sort(byX),
  };
}
