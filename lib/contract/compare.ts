// Two runs (or two DuckDB files, lb-written ones included) side by side: per configuration ×
// function, A's and B's figures (mean over iterations), the delta and delta %, flagged as a
// regression or improvement of B against A beyond a tolerance; capacity per function A vs B;
// configurations only one side ran. Browser-safe: the comparison page, `lb-web compare` and the
// HTML report all use this.
import { capacityPerFunction, type FunctionCapacity, type ResultRecord } from './run-results';
import type { Thresholds } from './thresholds';

export const DEFAULT_TOLERANCE_PCT = 10;

export const COMPARED_METRICS = ['p50_ms', 'p95_ms', 'p99_ms', 'avg_ms', 'success_rate', 'cpu_usage_node'] as const;
export type ComparedMetric = (typeof COMPARED_METRICS)[number];

/** Which way is worse, and the smallest absolute change that can be flagged (noise floor). */
const METRIC_RULES: Record<ComparedMetric, { worse: 'higher' | 'lower'; minAbs: number; label: string; unit: string }> =
  {
    p50_ms: { worse: 'higher', minAbs: 1, label: 'p50', unit: ' ms' },
    p95_ms: { worse: 'higher', minAbs: 1, label: 'p95', unit: ' ms' },
    p99_ms: { worse: 'higher', minAbs: 1, label: 'p99', unit: ' ms' },
    avg_ms: { worse: 'higher', minAbs: 1, label: 'avg', unit: ' ms' },
    success_rate: { worse: 'lower', minAbs: 0.001, label: 'success', unit: '' },
    cpu_usage_node: { worse: 'higher', minAbs: 1, label: 'node CPU', unit: ' %' },
  };
export const metricLabel = (m: ComparedMetric) => METRIC_RULES[m].label;
export const metricUnit = (m: ComparedMetric) => METRIC_RULES[m].unit;

export type DeltaFlag = 'regression' | 'improvement' | 'same' | 'unknown';
export type RowFlag = DeltaFlag | 'only_a' | 'only_b';

export interface SideFigures extends Record<ComparedMetric, number> {
  iterations: number;
  requests: number;
  /** The function or the node overloaded in any iteration. */
  overloaded: boolean;
}

export interface MetricDelta {
  metric: ComparedMetric;
  a: number;
  b: number;
  delta: number;
  /** Null when A is 0 (no relative change). */
  pct: number | null;
  flag: DeltaFlag;
}

export interface CompareRow {
  key: string;
  config_id: string;
  label: string;
  function: string;
  rate: number;
  a: SideFigures | null;
  b: SideFigures | null;
  deltas: MetricDelta[];
  flag: RowFlag;
  /** Why the row is flagged, in words ("p95 12 → 15 ms (+25.0 %)", "overloaded in B"). */
  reasons: string[];
}

export interface CapacityDelta {
  function: string;
  a: FunctionCapacity | null;
  b: FunctionCapacity | null;
  flag: RowFlag;
}

export interface Comparison {
  tolerancePct: number;
  rows: CompareRow[];
  capacity: CapacityDelta[];
  /** Labels of configurations only one side recorded. */
  onlyA: string[];
  onlyB: string[];
  regressions: number;
  improvements: number;
}

const mean = (values: number[]): number => {
  const finite = values.filter(Number.isFinite);
  return finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : Number.NaN;
};

interface Group {
  config_id: string;
  label: string;
  function: string;
  rate: number;
  figures: SideFigures;
}

/** One group per configuration × loaded function, figures averaged over its iterations. */
function groups(records: readonly ResultRecord[]): Map<string, Group> {
  const acc = new Map<
    string,
    { g: Omit<Group, 'figures'>; rows: Array<Record<ComparedMetric | 'requests', number> & { ov: boolean }> }
  >();
  for (const r of records) {
    for (const f of r.functions) {
      if (!(f.rate > 0)) continue;
      const key = `${r.config_id}|${f.function}`;
      const entry = acc.get(key) ?? {
        g: { config_id: r.config_id, label: r.label, function: f.function, rate: f.rate },
        rows: [],
      };
      entry.rows.push({
        p50_ms: f.p50_ms,
        p95_ms: f.p95_ms,
        p99_ms: f.p99_ms,
        avg_ms: f.avg_ms,
        success_rate: f.success_rate,
        cpu_usage_node: r.cpu_usage_node,
        requests: f.requests,
        ov: f.overloaded || r.overloaded_node,
      });
      acc.set(key, entry);
    }
  }
  const out = new Map<string, Group>();
  for (const [key, { g, rows }] of acc) {
    const figures = Object.fromEntries(COMPARED_METRICS.map((m) => [m, mean(rows.map((x) => x[m]))])) as Record<
      ComparedMetric,
      number
    >;
    out.set(key, {
      ...g,
      figures: {
        ...figures,
        iterations: rows.length,
        requests: mean(rows.map((x) => x.requests)),
        overloaded: rows.some((x) => x.ov),
      },
    });
  }
  return out;
}

export function metricDelta(metric: ComparedMetric, a: number, b: number, tolerancePct: number): MetricDelta {
  if (!Number.isFinite(a) || !Number.isFinite(b))
    return { metric, a, b, delta: Number.NaN, pct: null, flag: 'unknown' };
  const delta = b - a;
  const pct = a !== 0 ? (delta / Math.abs(a)) * 100 : delta === 0 ? 0 : null;
  const rule = METRIC_RULES[metric];
  const beyond = Math.abs(delta) >= rule.minAbs && (pct === null || Math.abs(pct) > tolerancePct);
  if (!beyond) return { metric, a, b, delta, pct, flag: 'same' };
  const worse = rule.worse === 'higher' ? delta > 0 : delta < 0;
  return { metric, a, b, delta, pct, flag: worse ? 'regression' : 'improvement' };
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));

/** "p95 12.0 → 15.0 ms (+25.0 %)". */
export function deltaText(d: MetricDelta): string {
  const scale = d.metric === 'success_rate' ? 100 : 1;
  const unit = d.metric === 'success_rate' ? ' %' : metricUnit(d.metric);
  const pct = d.pct === null ? '' : ` (${d.pct >= 0 ? '+' : ''}${d.pct.toFixed(1)} %)`;
  return `${metricLabel(d.metric)} ${fmt(d.a * scale)} → ${fmt(d.b * scale)}${unit}${pct}`;
}

function rowFlag(deltas: MetricDelta[], a: SideFigures, b: SideFigures): { flag: DeltaFlag; reasons: string[] } {
  const reasons: string[] = [];
  let regression = false;
  let improvement = false;
  for (const d of deltas) {
    if (d.flag === 'regression') {
      regression = true;
      reasons.push(deltaText(d));
    }
    if (d.flag === 'improvement') improvement = true;
  }
  if (b.overloaded && !a.overloaded) {
    regression = true;
    reasons.push('overloaded in B, not in A');
  }
  if (a.overloaded && !b.overloaded) improvement = true;
  if (regression) return { flag: 'regression', reasons };
  if (improvement) {
    const better = deltas.filter((d) => d.flag === 'improvement').map(deltaText);
    return {
      flag: 'improvement',
      reasons: a.overloaded && !b.overloaded ? [...better, 'no longer overloaded'] : better,
    };
  }
  return { flag: deltas.every((d) => d.flag === 'unknown') ? 'unknown' : 'same', reasons };
}

function capacityFlag(a: FunctionCapacity | null, b: FunctionCapacity | null): RowFlag {
  if (!a) return 'only_b';
  if (!b) return 'only_a';
  // Below the lowest tested rate counts as 0; held up to the highest as that rate.
  const ca = a.capacity ?? 0;
  const cb = b.capacity ?? 0;
  return cb < ca ? 'regression' : cb > ca ? 'improvement' : 'same';
}

const byLabel = (x: { label: string; function: string }, y: { label: string; function: string }) =>
  x.label < y.label ? -1 : x.label > y.label ? 1 : x.function < y.function ? -1 : x.function > y.function ? 1 : 0;

/**
 * B against A (A is the baseline). Capacity uses the same thresholds on both sides: B's when it
 * has some, else A's, so a changed limit is not read as a changed system.
 */
export function compareRecords(
  a: readonly ResultRecord[],
  b: readonly ResultRecord[],
  opts: { tolerancePct?: number; thresholds?: Thresholds } = {},
): Comparison {
  const tolerancePct = opts.tolerancePct ?? DEFAULT_TOLERANCE_PCT;
  const ga = groups(a);
  const gb = groups(b);
  const rows: CompareRow[] = [];
  for (const key of new Set([...ga.keys(), ...gb.keys()])) {
    const x = ga.get(key);
    const y = gb.get(key);
    const base = (x ?? y)!;
    const common = { key, config_id: base.config_id, label: base.label, function: base.function, rate: base.rate };
    if (!x || !y) {
      rows.push({
        ...common,
        a: x?.figures ?? null,
        b: y?.figures ?? null,
        deltas: [],
        flag: x ? 'only_a' : 'only_b',
        reasons: [],
      });
      continue;
    }
    const deltas = COMPARED_METRICS.map((m) => metricDelta(m, x.figures[m], y.figures[m], tolerancePct));
    rows.push({ ...common, a: x.figures, b: y.figures, deltas, ...rowFlag(deltas, x.figures, y.figures) });
  }
  rows.sort(byLabel);
  const capA = capacityPerFunction(a, opts.thresholds);
  const capB = capacityPerFunction(b, opts.thresholds);
  const fns = [...new Set([...capA, ...capB].map((c) => c.function))].sort();
  const capacity = fns.map((fn) => {
    const ca = capA.find((c) => c.function === fn) ?? null;
    const cb = capB.find((c) => c.function === fn) ?? null;
    return { function: fn, a: ca, b: cb, flag: capacityFlag(ca, cb) };
  });
  const labels = (rs: CompareRow[], flag: RowFlag) => [
    ...new Set(rs.filter((r) => r.flag === flag).map((r) => r.label)),
  ];
  return {
    tolerancePct,
    rows,
    capacity,
    onlyA: labels(rows, 'only_a'),
    onlyB: labels(rows, 'only_b'),
    regressions:
      rows.filter((r) => r.flag === 'regression').length + capacity.filter((c) => c.flag === 'regression').length,
    improvements:
      rows.filter((r) => r.flag === 'improvement').length + capacity.filter((c) => c.flag === 'improvement').length,
  };
}
