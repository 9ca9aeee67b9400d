// Reads per-function samples out of execution_events.payload_json text. duckdb-wasm has
// no JSON functions offline (the extension is downloaded), so the page parses the text.
// Two row layouts exist: lb names columns after the function (`rate_function_figlet`,
// `medium_latency_function_figlet`, values formatted as strings, "nan" for missing); ours
// uses numbered slots (`function_1`, `rate_function_1`, `latency_p95_function_1`). Both
// are found by the `rate_function_<x>` key; the name is `function_<x>`'s value, else <x>.
import { parseTolerantJson } from '@/lib/contract/tolerant-json';
import type { FunctionSample } from './peva-types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A finite number from a number or numeric string ("0.950"); "nan", "", null → null. */
export function toNum(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  return null;
}

const firstNum = (row: Obj, keys: string[]) => {
  for (const k of keys) {
    const n = toNum(row[k]);
    if (n !== null) return n;
  }
  return null;
};

/** k6 metric id of a function name, as lb's script generator builds it (FORMATS.md §7). */
export function k6MetricId(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_]/g, '_') || 'fn';
  return /^[0-9]/.test(cleaned) ? `fn_${cleaned}` : cleaned;
}

/** A k6 summary metric value in either shape: flat (`p(95)`) or nested under `values`. */
function k6Value(summary: unknown, metric: string, key: string): number | null {
  const metrics = isObj(summary) && isObj(summary.metrics) ? summary.metrics : null;
  const m = metrics?.[metric];
  if (!isObj(m)) return null;
  if (key === 'rate' && 'value' in m) return toNum(m.value);
  const flat = toNum(m[key]);
  if (flat !== null) return flat;
  return isObj(m.values) ? toNum(m.values[key]) : null;
}

export interface EventRow {
  configId: string;
  runId: string;
  iteration: number;
  repetition: number;
  /** config_functions / config_rates JSON text, used when result_row lacks a rate. */
  configFunctions?: string | null;
  configRates?: string | null;
  payloadText: string | null;
}

function configPairs(ev: EventRow): Map<string, number> {
  const pairs = new Map<string, number>();
  try {
    const fns = ev.configFunctions ? parseTolerantJson(ev.configFunctions) : null;
    const rates = ev.configRates ? parseTolerantJson(ev.configRates) : null;
    if (Array.isArray(fns) && Array.isArray(rates)) {
      fns.forEach((f, i) => {
        const r = toNum(rates[i]);
        if (typeof f === 'string' && r !== null) pairs.set(f, r);
      });
    }
  } catch {
    /* malformed config columns: result_row alone decides */
  }
  return pairs;
}

/** Samples of one event; throws when payload_json is not JSON at all (counted by the caller). */
export function samplesFromEvent(ev: EventRow): FunctionSample[] {
  const payload = ev.payloadText ? parseTolerantJson(ev.payloadText) : null;
  const row = isObj(payload) && isObj(payload.result_row) ? payload.result_row : {};
  const metrics = isObj(payload) && isObj(payload.metrics) ? payload.metrics : {};
  const summary = isObj(payload) ? payload.summary : undefined;
  const pairs = configPairs(ev);
  const cpuNode = toNum(row.cpu_usage_node) ?? toNum(metrics.cpu_usage_node);
  const base = { configId: ev.configId, runId: ev.runId, iteration: ev.iteration, repetition: ev.repetition, cpuNode };

  const samples: FunctionSample[] = [];
  const seen = new Set<string>();
  for (const key of Object.keys(row)) {
    const m = /^rate_function_(.+)$/.exec(key);
    if (!m) continue;
    const x = m[1]!;
    const nameVal = row[`function_${x}`];
    // lb blanks every column of a function that is not in this configuration.
    if (nameVal === '' || nameVal === null) continue;
    const name = typeof nameVal === 'string' ? nameVal : x;
    const rate = toNum(row[key]) ?? pairs.get(name) ?? null;
    if (rate === null) continue;
    const id = k6MetricId(name);
    const overloaded = toNum(row[`overloaded_function_${x}`]);
    seen.add(name);
    samples.push({
      ...base,
      functionName: name,
      rate,
      successRate: toNum(row[`success_rate_function_${x}`]) ?? k6Value(summary, `success_rate_${id}`, 'rate'),
      latencyP95Ms:
        firstNum(row, [`latency_p95_function_${x}`, `p95_latency_function_${x}`]) ??
        k6Value(summary, `latency_${id}`, 'p(95)'),
      latencyAvgMs:
        firstNum(row, [`latency_avg_function_${x}`, `avg_latency_function_${x}`, `medium_latency_function_${x}`]) ??
        k6Value(summary, `latency_${id}`, 'avg'),
      overloaded: overloaded === null ? null : overloaded > 0,
    });
  }
  // A row without per-function columns (e.g. a skipped config) still places its functions.
  for (const [name, rate] of pairs) {
    if (seen.has(name)) continue;
    const id = k6MetricId(name);
    samples.push({
      ...base,
      functionName: name,
      rate,
      successRate: k6Value(summary, `success_rate_${id}`, 'rate'),
      latencyP95Ms: k6Value(summary, `latency_${id}`, 'p(95)'),
      latencyAvgMs: k6Value(summary, `latency_${id}`, 'avg'),
      overloaded: null,
    });
  }
  return samples;
}

/** Samples of many events; unreadable payloads are counted, never fatal. */
export function samplesFromEvents(events: readonly EventRow[]): { samples: FunctionSample[]; unreadable: number } {
  const samples: FunctionSample[] = [];
  let unreadable = 0;
  for (const ev of events) {
    try {
      samples.push(...samplesFromEvent(ev));
    } catch {
      unreadable++;
    }
  }
  return { samples, unreadable };
}
