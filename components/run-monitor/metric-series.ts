// Live chart data from the agent's metric events (one per second during load):
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

/** Rows for recharts, appended as events arrive; keeps the newest `maxRows`. */
export class MetricSeries {
  readonly rows: MetricRow[] = [];

  readonly functions: string[] = [];
  readonly markers: ConfigMarker[] = [];
  /** Partial last windows left out of the rows (their rates are not per-second figures). */
  partialWindows = 0;
  private t0: number | null = null;

  constructor(private readonly maxRows = 1200) {}

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
    // Without a break row a line drawn through a 10 s cooldown looked like a ramp of load
    // that never happened (charts draw with connectNulls off, so nulls cut the line).
    if (last && (t - last.t > MAX_GAP_S || last.configId !== configId)) {
      this.rows.push({
        t: Math.round(((last.t + t) / 2) * 100) / 100,
        seq: last.seq,
        configId: null,
        configLabel: null,
        fns: {},
        gap: true,
      });
    }
    if (!last || last.configId !== configId) {
      // The sample closes the first second of load: the configuration started a second earlier.
      const start = Math.max(0, Math.round((t - (s.windowS ?? 1)) * 10) / 10);
      this.markers.push({ t: start, configId, label: s.configLabel ?? configId ?? 'configuration' });
    }
    this.rows.push({ t, seq: e.seq, configId, configLabel: s.configLabel, fns: s.fns });
    if (this.rows.length > this.maxRows) {
      this.rows.splice(0, this.rows.length - this.maxRows);
      const first = this.rows[0]!.t;
      while (this.markers.length > 1 && this.markers[1]!.t <= first) this.markers.shift();
    }
    return true;
  }
}
