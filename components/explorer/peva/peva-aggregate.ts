// Per-configuration results (the "Results by configuration" table and the charts) from
// either source: typed rows already grouped by SQL, or samples parsed from payload_json.
// Means skip missing values (NaN/null), so one bad Prometheus read does not blank a row.
import { toNum } from './peva-payload';
import type { ConfigFunctionResult, FunctionSample } from './peva-types';
import { RESULTS_TABLE } from '@/lib/contract/memory-tables';

type Partial = Omit<ConfigFunctionResult, 'label' | 'sumRate'>;

function mean(values: Array<number | null>): number | null {
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (v !== null && Number.isFinite(v)) {
      sum += v;
      n++;
    }
  }
  return n > 0 ? sum / n : null;
}

/** Adds each configuration's label ("env:10 + figlet:20") and Σ rate; sorts by Σ rate. */
export function finishResults(partials: readonly Partial[]): ConfigFunctionResult[] {
  const byConfig = new Map<string, Partial[]>();
  for (const p of partials) byConfig.set(p.configId, [...(byConfig.get(p.configId) ?? []), p]);
  const out: ConfigFunctionResult[] = [];
  for (const [, group] of byConfig) {
    const sorted = [...group].sort((a, b) => a.functionName.localeCompare(b.functionName));
    const label = sorted.map((p) => `${p.functionName}:${p.rate ?? '?'}`).join(' + ');
    const sumRate = sorted.reduce((a, p) => a + (p.rate ?? 0), 0);
    for (const p of sorted) out.push({ ...p, label, sumRate });
  }
  return out.sort(
    (a, b) => a.sumRate - b.sumRate || a.label.localeCompare(b.label) || a.functionName.localeCompare(b.functionName),
  );
}

/** Groups samples by configuration × function and averages them. */
export function aggregateSamples(samples: readonly FunctionSample[]): ConfigFunctionResult[] {
  const groups = new Map<string, FunctionSample[]>();
  for (const s of samples) {
    const key = `${s.configId}\u0000${s.functionName}`;
    const g = groups.get(key);
    if (g) g.push(s);
    else groups.set(key, [s]);
  }
  const partials: Partial[] = [];
  for (const g of groups.values()) {
    const first = g[0]!;
    const flags = g.map((s) => s.overloaded).filter((o): o is boolean => o !== null);
    partials.push({
      configId: first.configId,
      functionName: first.functionName,
      rate: mean(g.map((s) => s.rate)),
      successRate: mean(g.map((s) => s.successRate)),
      latencyP95Ms: mean(g.map((s) => s.latencyP95Ms)),
      latencyAvgMs: mean(g.map((s) => s.latencyAvgMs)),
      cpuNode: mean(g.map((s) => s.cpuNode)),
      samples: g.length,
      overloadedShare: flags.length > 0 ? flags.filter(Boolean).length / flags.length : null,
    });
  }
  return finishResults(partials);
}

/** SQL-side NaN-safe mean of a column that may be DOUBLE, INTEGER or text in other writers' files. */
const safeAvg = (col: string) =>
  `avg(CASE WHEN isfinite(TRY_CAST(${col} AS DOUBLE)) THEN TRY_CAST(${col} AS DOUBLE) END)`;

/** Groups our typed table in DuckDB: a few hundred rows reach the page, not every execution. */
export function typedResultsSql(catalog: string): string {
  return `SELECT config_id::VARCHAR AS config_id, function_name::VARCHAR AS function_name,
  ${safeAvg('rate')} AS rate, ${safeAvg('success_rate')} AS success_rate,
  ${safeAvg('latency_p95_ms')} AS latency_p95_ms, ${safeAvg('latency_avg_ms')} AS latency_avg_ms,
  ${safeAvg('cpu_usage_node')} AS cpu_node, count(*) AS samples,
  avg(CASE WHEN TRY_CAST(overloaded_function AS DOUBLE) > 0 THEN 1.0
           WHEN overloaded_function IS NOT NULL THEN 0.0 END) AS overloaded_share
FROM ${catalog}.${RESULTS_TABLE} GROUP BY ALL ORDER BY 1, 2`;
}

/** Columns the typed path needs; without them the views fall back to payload_json. */
export const TYPED_REQUIRED_COLUMNS = [
  'config_id',
  'function_name',
  'rate',
  'success_rate',
  'latency_p95_ms',
  'cpu_usage_node',
];

/** Rows of typedResultsSql (column name → value) into results. */
export function resultsFromTypedRows(rows: ReadonlyArray<Record<string, unknown>>): ConfigFunctionResult[] {
  return finishResults(
    rows.map((r) => ({
      configId: String(r.config_id ?? ''),
      functionName: String(r.function_name ?? ''),
      rate: toNum(r.rate),
      successRate: toNum(r.success_rate),
      latencyP95Ms: toNum(r.latency_p95_ms),
      latencyAvgMs: toNum(r.latency_avg_ms),
      cpuNode: toNum(r.cpu_node),
      samples: toNum(r.samples) ?? 0,
      overloadedShare: toNum(r.overloaded_share),
    })),
  );
}
