// Chart data from the agent's metric events (one per second during load), built the same way
// on the server (the run's digest, whole run) and in the browser (the live tail after it):
// `data: { t, window_s, config, targets: { <fn>: rate },
//          functions: { <fn>: { rps, successRate, p50, p95, p99, requests, errors } } }`.
// Python-style NaN reaches us as null (formatLbEvent), so every figure may be null. The last
// window of a load (Stop, or the end of the duration) is shorter than a second: its rate was a
// false spike (12.6 req/s at Stop, 20.9 at the end of a 20 req/s configuration), so it is left out.
import type { StoredEvent } from '@/lib/contract/stored-event';

export interface FunctionSample {
  rps: number | null;
  successRate: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  requests: number | null;
  errors: number | null;
  /** The configuration's target rate for the function (req/s). */
  target: number | null;
}

export interface MetricRow {
  /** Seconds since the run's first metric sample (x axis). */
  t: number;
  seq: number;
  configId: string | null;
  /** "figlet=10, env=5" (events of older agents carry none). */
  configLabel: string | null;
  fns: Record<string, FunctionSample>;
  /** A break row (no figures): lines stop here instead of joining across a cooldown. */
  gap?: true;
  /** Samples averaged into this row (1 until a long run is downsampled). */
  n?: number;
  /** t of the row's last sample (a gap is measured from it, not from the averaged t). */
  tEnd?: number;
}

/** Samples come once a second during load; a longer silence is a cooldown or a new config. */
const MAX_GAP_S = 2.5;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A window shorter than this (s) is the partial last one of a load. */
export const FULL_WINDOW_S = 0.9;

export interface ParsedSample {
  at: number;
  /** Length of the window (s); null from agents that did not say (taken as full). */
  windowS: number | null;
  configLabel: string | null;
  fns: Record<string, FunctionSample>;
}

/** The per-function figures of a metric event, or null when it is not one (or malformed). */
export function metricSample(e: StoredEvent): ParsedSample | null {
  if (e.type !== 'metric' || !isRecord(e.data) || !isRecord(e.data.functions)) return null;
  const targets = isRecord(e.data.targets) ? e.data.targets : {};
  const fns: Record<string, FunctionSample> = {};
  for (const [name, raw] of Object.entries(e.data.functions)) {
    if (!isRecord(raw)) continue;
    fns[name] = {
      rps: num(raw.rps),
      successRate: num(raw.successRate),
      p50: num(raw.p50),
      p95: num(raw.p95),
      p99: num(raw.p99),
      requests: num(raw.requests),
      errors: num(raw.errors),
      target: num(targets[name]),
    };
  }
  // The event timestamp (epoch s) orders samples across iterations; data.t is the fallback.
  const at = num(e.timestamp) || num(e.data.t);
  if (at === null) return null;
  const configLabel = typeof e.data.config === 'string' ? e.data.config : null;
  return { at, windowS: num(e.data.window_s), configLabel, fns };
}

/** Where a configuration's load starts on the x axis (a labelled marker on every chart). */
export interface ConfigMarker {
  t: number;
  configId: string | null;
  label: string;
}

/** Everything a MetricSeries holds, as plain JSON (the digest persists and ships it). */
export interface MetricSeriesState {
  rows: MetricRow[];
  functions: string[];
  markers: ConfigMarker[];
  partialWindows: number;
  t0: number | null;
  /** Samples per row at most: 1, then doubled each time the run outgrows maxPoints. */
  span: number;
}

/**
 * About a point per pixel of a chart (they are 340–450 px wide): more points draw nothing more
 * and cost render time. Runs shorter than this many samples (~8 min of load) are drawn sample
 * by sample.
 */
export const MAX_POINTS = 500;

const AVERAGED = ['rps', 'successRate', 'p50', 'p95', 'p99', 'target'] as const;

function mean(a: number | null, na: number, b: number | null, nb: number): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return (a * na + b * nb) / (na + nb);
}

/** One row for two neighbouring rows of a segment: figures averaged, counters the latest. */
function mergeRows(a: MetricRow, b: MetricRow): MetricRow {
  const na = a.n ?? 1;
  const nb = b.n ?? 1;
  const fns: Record<string, FunctionSample> = {};
  for (const name of new Set([...Object.keys(a.fns), ...Object.keys(b.fns)])) {
    const x = a.fns[name];
    const y = b.fns[name];
    if (!x || !y) {
      fns[name] = (x ?? y)!;
      continue;
    }
    const m = { ...y };
    for (const k of AVERAGED) m[k] = mean(x[k], na, y[k], nb);
    // requests/errors are cumulative over the load: the later value is the row's.
    m.requests = y.requests ?? x.requests;
    m.errors = y.errors ?? x.errors;
    fns[name] = m;
  }
  return {
    t: Math.round(((a.t * na + b.t * nb) / (na + nb)) * 10) / 10,
    seq: b.seq,
    configId: b.configId,
    configLabel: b.configLabel,
    fns,
    n: na + nb,
    tEnd: b.tEnd ?? b.t,
  };
}

/**
 * Rows for recharts, appended as events arrive. The whole run is kept: past `maxPoints`
 * rows (plus one per cooldown or configuration change), rows of the same configuration are averaged in pairs (and new samples join the
 * last row up to `span` samples), so a run of any length stays a bounded number of points.
 * Until then every row is one sample, exactly as the agent reported it.
 */
export class MetricSeries {
  readonly rows: MetricRow[] = [];
  readonly functions: string[] = [];
  readonly markers: ConfigMarker[] = [];
  /** Partial last windows left out of the rows (their rates are not per-second figures). */
  partialWindows = 0;
  private t0: number | null = null;
  private span = 1;
  private points = 0;
  /** Break rows: each starts a segment that is never averaged with its neighbour. */
  private gaps = 0;

  constructor(private readonly maxPoints = MAX_POINTS) {}

  static fromState(state: MetricSeriesState, maxPoints = MAX_POINTS): MetricSeries {
    const s = new MetricSeries(maxPoints);
    s.rows.push(...state.rows);
    s.functions.push(...state.functions);
    s.markers.push(...state.markers);
    s.partialWindows = state.partialWindows;
    s.t0 = state.t0;
    s.span = state.span;
    s.gaps = state.rows.reduce((n, r) => n + (r.gap ? 1 : 0), 0);
    s.points = state.rows.length - s.gaps;
    return s;
  }

  toState(): MetricSeriesState {
    return {
      rows: [...this.rows],
      functions: [...this.functions],
      markers: [...this.markers],
      partialWindows: this.partialWindows,
      t0: this.t0,
      span: this.span,
    };
  }

  /** A fresh copy of the rows up to the sample with this seq (what a throttled chart shows). */
  rowsThrough(seq: number): MetricRow[] {
    let end = this.rows.length;
    while (end > 0 && this.rows[end - 1]!.seq > seq) end--;
    return this.rows.slice(0, end);
  }

  add(e: StoredEvent): boolean {
    const s = metricSample(e);
    if (!s) return false;
    if (s.windowS !== null && s.windowS < FULL_WINDOW_S) {
      this.partialWindows++;
      return false;
    }
    this.t0 ??= s.at;
    for (const name of Object.keys(s.fns)) if (!this.functions.includes(name)) this.functions.push(name);
    const t = Math.round((s.at - this.t0) * 10) / 10;
    const configId = e.config_id ?? null;
    const last = this.rows[this.rows.length - 1];
    const row: MetricRow = { t, seq: e.seq, configId, configLabel: s.configLabel, fns: s.fns };
    const lastEnd = last ? (last.tEnd ?? last.t) : 0;
    const sameSegment = last !== undefined && !last.gap && t - lastEnd <= MAX_GAP_S && last.configId === configId;
    if (sameSegment && (last.n ?? 1) < this.span) {
      // A downsampled run: the sample joins the last row (a new object: charts compare by reference).
      this.rows[this.rows.length - 1] = mergeRows(last, row);
      return true;
    }
    // Without a break row a line drawn through a 10 s cooldown looked like a ramp of load
    // that never happened (charts draw with connectNulls off, so nulls cut the line).
    if (last && !sameSegment) {
      this.rows.push({
        t: Math.round(((last.t + t) / 2) * 100) / 100,
        seq: last.seq,
        configId: null,
        configLabel: null,
        fns: {},
        gap: true,
      });
      this.gaps++;
    }
    if (!last || last.configId !== configId) {
      // The sample closes the first second of load: the configuration started a second earlier.
      const start = Math.max(0, Math.round((t - (s.windowS ?? 1)) * 10) / 10);
      this.markers.push({ t: start, configId, label: s.configLabel ?? configId ?? 'configuration' });
    }
    this.rows.push(row);
    this.points++;
    // A segment keeps at least one row, so many short segments may exceed maxPoints: the bound
    // is maxPoints plus one row per segment (without it the span would double on every sample).
    if (this.points > this.maxPoints + this.gaps) this.compact();
    return true;
  }

  /** Halves the resolution: neighbouring rows of one segment are averaged in pairs. */
  private compact(): void {
    this.span *= 2;
    const out: MetricRow[] = [];
    let points = 0;
    for (const row of this.rows) {
      const prev = out[out.length - 1];
      if (
        !row.gap &&
        prev &&
        !prev.gap &&
        prev.configId === row.configId &&
        (prev.n ?? 1) + (row.n ?? 1) <= this.span
      ) {
        out[out.length - 1] = mergeRows(prev, row);
        continue;
      }
      out.push(row);
      if (!row.gap) points++;
    }
    this.rows.splice(0, this.rows.length, ...out);
    this.points = points;
  }
}
