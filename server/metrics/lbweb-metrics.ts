// lb-web's own metrics in Prometheus's text format (GET /metrics): what an operator watches
// on the Prometheus they already run. Counters and the histogram live on globalThis because
// Next loads a server module once per bundle (route handlers, instrumentation): every copy
// must count into the same numbers. Gauges are read at scrape time from their owners.
import 'server-only';

const COUNTERS = {
  lbweb_events_ingested_total: 'LB_EVENTs stored and delivered (all runs) since the server started',
  lbweb_malformed_lines_total: 'LB_EVENT lines that could not be parsed (kept in the run log)',
  lbweb_collect_failures_total: 'Artifacts a collect could not copy from a runner',
  lbweb_runs_driven_total: 'Runs this server drove (started here or re-attached after a restart)',
} as const;
export type CounterName = keyof typeof COUNTERS;

const HISTOGRAMS = {
  lbweb_stop_latency_seconds: {
    help: 'From a Stop request to the run reaching a terminal state',
    buckets: [0.25, 0.5, 1, 2, 5, 10, 30, 60, 120],
  },
} as const;
export type HistogramName = keyof typeof HISTOGRAMS;

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}
interface State {
  counters: Record<CounterName, number>;
  histograms: Record<HistogramName, Histogram>;
}

const KEY = Symbol.for('lb-web.metrics');
const g = globalThis as typeof globalThis & { [KEY]?: State };
const state = (): State =>
  (g[KEY] ??= {
    counters: Object.fromEntries(Object.keys(COUNTERS).map((k) => [k, 0])) as Record<CounterName, number>,
    histograms: Object.fromEntries(
      Object.entries(HISTOGRAMS).map(([k, h]) => [k, { counts: h.buckets.map(() => 0), sum: 0, count: 0 }]),
    ) as unknown as Record<HistogramName, Histogram>,
  });

export function incCounter(name: CounterName, by = 1): void {
  state().counters[name] += by;
}

export function observe(name: HistogramName, value: number): void {
  const h = state().histograms[name];
  HISTOGRAMS[name].buckets.forEach((le, i) => {
    if (value <= le) h.counts[i]! += 1;
  });
  h.sum += value;
  h.count += 1;
}

export interface Gauge {
  name: string;
  help: string;
  value: number;
}

const num = (v: number) => (Number.isFinite(v) ? String(v) : v > 0 ? '+Inf' : v < 0 ? '-Inf' : 'NaN');

/** The exposition text (format 0.0.4): counters, histograms, then the given gauges. */
export function renderMetrics(gauges: readonly Gauge[]): string {
  const s = state();
  const out: string[] = [];
  for (const [name, help] of Object.entries(COUNTERS)) {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`, `${name} ${num(s.counters[name as CounterName])}`);
  }
  for (const [name, def] of Object.entries(HISTOGRAMS)) {
    const h = s.histograms[name as HistogramName];
    out.push(`# HELP ${name} ${def.help}`, `# TYPE ${name} histogram`);
    def.buckets.forEach((le, i) => out.push(`${name}_bucket{le="${le}"} ${h.counts[i]}`));
    out.push(`${name}_bucket{le="+Inf"} ${h.count}`, `${name}_sum ${num(h.sum)}`, `${name}_count ${h.count}`);
  }
  for (const gauge of gauges) {
    out.push(`# HELP ${gauge.name} ${gauge.help}`, `# TYPE ${gauge.name} gauge`, `${gauge.name} ${num(gauge.value)}`);
  }
  return `${out.join('\n')}\n`;
}

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
