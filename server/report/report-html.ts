// The self-contained HTML report of a run: one file with inline CSS and SVG, no script, no
// request when opened (a strict CSP meta says so to the browser too), printable. What it
// holds: outcome and capacity, the capacity search (when the run used it), thresholds, the results table, latency/success by rate, the
// configuration in lb's shape, hosts and versions, the stop or failure reason, the event
// summary — and, with a second run, the comparison.
import 'server-only';
import { deltaText, type Comparison } from '@/lib/contract/compare';
import {
  capacityText,
  capacityValueText,
  OUTCOME_TEXT,
  OUTCOME_TONE,
  verdicts,
  type FunctionCapacity,
  type ResultRecord,
  type RunOutcome,
} from '@/lib/contract/run-results';
import { hasThresholds, type Thresholds } from '@/lib/contract/thresholds';
import type { RecordSource } from '@/server/results/record-source';
import type { EventSummary } from './event-summary';
import {
  bracketPair,
  searchBracketText,
  searchLineLabel,
  SEARCH_VERDICT_TEXT,
  type SearchDigest,
  type SearchLineDigest,
} from '@/lib/contract/capacity-search';
import { escapeHtml as e, htmlTable } from './html';
import { svgLineChart, type SvgSeries } from './svg-chart';

export interface ReportInput {
  generatedAt: Date;
  lbWebVersion: string;
  source: RecordSource;
  capacity: FunctionCapacity[];
  outcome: RunOutcome | null;
  events: EventSummary | null;
  comparison?: { against: RecordSource; result: Comparison };
}

const COLORS = ['#1d4ed8', '#c2410c', '#15803d', '#7e22ce', '#b91c1c', '#0e7490'];

const CSS = `
:root{--fg:#101828;--muted:#475467;--line:#d0d5dd;--red:#b42318;--green:#067647;--amber:#b54708}
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);margin:24px auto;max-width:1100px;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
.muted{color:var(--muted)}.badge{display:inline-block;padding:2px 10px;border-radius:10px;font-weight:600;font-size:13px}
.ok{background:#ecfdf3;color:var(--green)}.bad{background:#fef3f2;color:var(--red)}.warn{background:#fffaeb;color:var(--amber)}
table{border-collapse:collapse;width:100%;font-size:12.5px;margin:6px 0}th,td{border-bottom:1px solid #eaecf0;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f9fafb;font-weight:600}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.pass{color:var(--green)}.fail{color:var(--red);font-weight:600}.regression{color:var(--red);font-weight:600}.improvement{color:var(--green)}
pre{background:#f9fafb;border:1px solid #eaecf0;padding:8px;overflow:auto;font-size:12px;white-space:pre-wrap}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0}dt{color:var(--muted)}dd{margin:0}
svg.chart{max-width:100%;height:auto;font:11px system-ui,sans-serif;fill:var(--muted)}svg.chart .title{font-weight:600;fill:var(--fg);font-size:12px}
.charts{display:flex;flex-wrap:wrap;gap:12px}
svg.search{display:block;max-width:640px;width:100%;height:auto;font:10px system-ui,sans-serif;fill:var(--muted)}
.v-passed{color:var(--green)}.v-failed{color:var(--red);font-weight:600}.v-overloaded{color:var(--amber);font-weight:600}
@media print{body{margin:0;max-width:none;font-size:11px}h2{break-after:avoid}table,svg{break-inside:avoid}a{color:inherit;text-decoration:none}}
`;

const num = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : '—');
const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}` : '—');
const ts = (v: unknown) => {
  if (typeof v === 'number') return new Date(v * 1000).toISOString();
  return typeof v === 'string' ? v : '—';
};

function outcomeSection(input: ReportInput): string {
  const o = input.outcome;
  const badge = o
    ? `<span class="badge ${OUTCOME_TONE[o.kind]}" id="outcome" data-outcome="${e(o.kind)}">${e(OUTCOME_TEXT[o.kind])}</span> <span class="muted">${e(o.detail)}</span>`
    : `<span class="badge warn" id="outcome">no outcome</span> <span class="muted">${
        input.source.kind === 'duckdb'
          ? 'a DuckDB memory file has no run journal: capacity below is computed from its rows'
          : 'the run has not ended, or lb-web did not drive it'
      }</span>`;
  const caps = input.capacity.length
    ? `<ul id="capacity">${input.capacity.map((c) => `<li>${e(capacityText(c))}</li>`).join('')}</ul>`
    : '<p class="muted">No capacity: no configuration was recorded.</p>';
  const run = input.source.run;
  const reason = run?.error ? `<p class="fail">Failure: ${e(run.error)}</p>` : '';
  const stopped = run?.stopRequested ? '<p class="muted">A stop was requested (STOP file).</p>' : '';
  return `<h2>Outcome and capacity</h2><p>${badge}</p>${reason}${stopped}<h3>Capacity per function</h3>${caps}`;
}

function thresholdsSection(t: Thresholds | null): string {
  if (!hasThresholds(t ?? undefined))
    return '<h2>Thresholds</h2><p class="muted">None set: capacity counts overloads only.</p>';
  const rows = Object.entries(t!).map(([fn, limits]) => [
    e(fn === '*' ? '* (every function)' : fn),
    e(
      Object.entries(limits)
        .map(([k, v]) => `${k} ${String(v)}`)
        .join(', '),
    ),
  ]);
  return `<h2>Thresholds</h2>${htmlTable(['function', 'limits'], rows)}`;
}

function resultsSection(records: readonly ResultRecord[], thresholds: Thresholds | null): string {
  if (records.length === 0) return '<h2>Results</h2><p class="muted">No configuration was recorded.</p>';
  const rows = records.flatMap((r) => {
    const v = verdicts(r, thresholds ?? undefined);
    return r.functions
      .filter((f) => f.rate > 0)
      .map((f) => {
        const verdict = v.find((x) => x.function === f.function);
        const judged = hasThresholds(thresholds ?? undefined) && verdict;
        return [
          e(r.label),
          `${r.iteration}`,
          e(f.function),
          `${f.rate}`,
          num(f.requests, 0),
          pct(f.success_rate),
          num(f.p50_ms),
          num(f.p95_ms),
          num(f.p99_ms),
          num(f.max_ms),
          num(r.cpu_usage_node),
          num(f.replicas, 0),
          f.overloaded || r.overloaded_node ? 'yes' : 'no',
          judged
            ? verdict.pass
              ? '<span class="pass">✓</span>'
              : `<span class="fail">✗ ${e(verdict.failures.join('; '))}</span>`
            : '—',
        ];
      });
  });
  const head = [
    'configuration',
    'iter',
    'function',
    'rate',
    'requests',
    'success %',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'max ms',
    'node CPU % (one core)',
    'replicas',
    'overloaded',
    'threshold',
  ];
  return `<h2>Results (${records.length} iteration${records.length === 1 ? '' : 's'})</h2>${htmlTable(head, rows, 'id="results"')}`;
}

/** Per function alone: latency and success by rate (mean over iterations). */
function chartsSection(records: readonly ResultRecord[]): string {
  const byFn = new Map<string, Map<number, ResultRecord['functions']>>();
  for (const r of records) {
    if (r.functions.filter((f) => f.rate > 0).length !== 1) continue;
    const f = r.functions.find((x) => x.rate > 0)!;
    const rates = byFn.get(f.function) ?? new Map<number, ResultRecord['functions']>();
    rates.set(f.rate, [...(rates.get(f.rate) ?? []), f]);
    byFn.set(f.function, rates);
  }
  if (byFn.size === 0) return '';
  const mean = (xs: number[]) => {
    const ok = xs.filter(Number.isFinite);
    return ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : Number.NaN;
  };
  const fns = [...byFn.keys()].sort();
  const series = (pick: (f: ResultRecord['functions'][number]) => number, label: string, dashed = false): SvgSeries[] =>
    fns.map((fn, i) => ({
      name: `${fn}${label}`,
      color: COLORS[i % COLORS.length]!,
      dashed,
      points: [...byFn.get(fn)!.entries()].map(([rate, fs]) => [rate, mean(fs.map(pick))] as [number, number]),
    }));
  const latency = svgLineChart({
    title: 'Latency by rate (each function alone): p95 solid, avg dashed',
    xLabel: 'req/s',
    yLabel: 'ms',
    series: [...series((f) => f.p95_ms, ' p95'), ...series((f) => f.avg_ms, ' avg', true)],
  });
  const success = svgLineChart({
    title: 'Success rate by rate (each function alone)',
    xLabel: 'req/s',
    yLabel: '%',
    series: series((f) => f.success_rate * 100, ''),
  });
  return `<h2>By rate</h2><div class="charts">${latency}${success}</div>`;
}

function comparisonSection(c: NonNullable<ReportInput['comparison']>, self: RecordSource): string {
  const { result } = c;
  const head = ['configuration', 'function', 'B vs A', 'why'];
  const rows = result.rows
    .filter((r) => r.flag !== 'same' && r.flag !== 'unknown')
    .map((r) => [
      e(r.label),
      e(r.function),
      `<span class="${e(r.flag)}">${e(r.flag.replace('_', ' '))}</span>`,
      e(
        (r.flag === 'improvement' ? r.deltas.filter((d) => d.flag === 'improvement').map(deltaText) : r.reasons).join(
          '; ',
        ),
      ),
    ]);
  const caps = result.capacity.map((x) => [
    e(x.function),
    e(capacityValueText(x.a)),
    e(capacityValueText(x.b)),
    `<span class="${e(x.flag)}">${e(x.flag)}</span>`,
  ]);
  return (
    `<h2>Comparison</h2><p>A = ${e(c.against.name)} (${e(c.against.from)}), B = ${e(self.name)} (this report). ` +
    `<strong id="regressions" data-count="${result.regressions}">${result.regressions} regression(s)</strong>, ${result.improvements} improvement(s) beyond ${result.tolerancePct} %.</p>` +
    htmlTable(['function', 'capacity A', 'capacity B', 'B vs A'], caps) +
    (rows.length
      ? htmlTable(head, rows, 'id="comparison"')
      : '<p class="muted">No configuration changed beyond the tolerance.</p>') +
    (result.onlyA.length ? `<p>Only in A: ${e(result.onlyA.join('; '))}</p>` : '') +
    (result.onlyB.length ? `<p>Only in B: ${e(result.onlyB.join('; '))}</p>` : '')
  );
}

function hostsSection(input: ReportInput): string {
  const run = input.source.run;
  const m = run?.journal.metadata;
  const items: Array<[string, unknown]> = [
    ['run', run?.runId ?? input.source.name],
    ['state', run?.state ?? run?.stateText ?? '—'],
    ['started', ts(run?.createdAt)],
    ['ended', ts(run?.endedAt)],
    ['provider', run?.provider ?? '—'],
    ['runner host', run?.runnerHost ?? '—'],
    ['k3s host', m?.k3s_host ?? '—'],
    ['gateway', m?.gateway_url ?? '—'],
    ['Prometheus', m?.prometheus_url ?? '—'],
    ['load driver', input.events?.loadDriver ?? '—'],
    ['records from', input.source.from],
    ['lb-web', input.lbWebVersion],
    ['report generated', input.generatedAt.toISOString()],
  ];
  return `<h2>Hosts and versions</h2><dl>${items.map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v ?? '—')}</dd>`).join('')}</dl>`;
}

function configSection(config: unknown): string {
  if (config === null || config === undefined) return '';
  // lb's shape: the settings under plugin_settings.peva_faas, as lb's config file holds them.
  const lbShape = { plugin_settings: { peva_faas: config } };
  return `<h2>Configuration (lb's shape)</h2><pre id="config">${e(JSON.stringify(lbShape, null, 2))}</pre>`;
}

const SEARCH_FILL = { passed: '#067647', failed: '#b42318', overloaded: '#b54708' } as const;

/** One line of the search: its rate range, the tried rates by verdict (shape and colour), the bracket as a band. */
function searchStrip(l: SearchLineDigest): string {
  const W = 640;
  const pad = 14;
  const y = 24;
  const lo = l.rates[0] ?? 0;
  const hi = l.rates.at(-1) ?? lo + 1;
  const x = (r: number) => (pad + ((r - lo) / Math.max(1e-9, hi - lo)) * (W - 2 * pad)).toFixed(1);
  const from = Number(x(l.capacity ?? lo));
  const to = Number(x(l.failsAt ?? hi));
  const band = `<rect x="${Math.min(from, to)}" y="${y - 9}" width="${Math.max(2, Math.abs(to - from)).toFixed(1)}" height="18" rx="3" fill="${l.bracketed ? '#ecfdf3' : '#eff8ff'}" stroke="${l.bracketed ? '#abefc6' : '#b2ddff'}"/>`;
  const ticks = l.rates
    .map((r) => `<line x1="${x(r)}" x2="${x(r)}" y1="${y - 3}" y2="${y + 3}" stroke="#d0d5dd"/>`)
    .join('');
  const points = l.tried
    .map((t, i) => {
      const cx = Number(x(t.rate));
      const fill = SEARCH_FILL[t.verdict];
      const mark =
        t.verdict === 'passed'
          ? `<circle cx="${cx}" cy="${y}" r="5" fill="${fill}"/>`
          : t.verdict === 'failed'
            ? `<rect x="${cx - 4.5}" y="${y - 4.5}" width="9" height="9" fill="${fill}"/>`
            : `<path d="M ${cx} ${y - 6} L ${cx + 6} ${y + 4.5} L ${cx - 6} ${y + 4.5} Z" fill="${fill}"/>`;
      return `<g data-rate="${t.rate}" data-verdict="${t.verdict}">${mark}<text x="${cx}" y="${y - 11}" text-anchor="middle">${i + 1}</text></g>`;
    })
    .join('');
  return (
    `<svg class="search" viewBox="0 0 ${W} 46" role="img" aria-label="${e(`${searchLineLabel(l)}: ${searchBracketText(l)}`)}">` +
    `${band}<line x1="${pad}" x2="${W - pad}" y1="${y}" y2="${y}" stroke="#98a2b3"/>${ticks}${points}` +
    `<text x="${pad}" y="44">${lo}</text><text x="${W - pad}" y="44" text-anchor="end">${hi} req/s</text></svg>`
  );
}

/** The capacity search: per line the strip and where the capacity stands, then every step with the bracket after it. */
function searchSection(search: SearchDigest | null | undefined): string {
  if (!search) return '';
  const lines = search.lines
    .map(
      (l) =>
        `<div class="search-line" data-line="${e(l.line)}" data-capacity="${l.capacity ?? ''}" data-fails-at="${l.failsAt ?? ''}" data-bracketed="${l.bracketed}">` +
        `<p><strong>${e(searchLineLabel(l))}</strong> — ${e(searchBracketText(l))}</p>${searchStrip(l)}</div>`,
    )
    .join('');
  const rows = search.lines.flatMap((l) =>
    l.steps.map((st, i) => [
      e(searchLineLabel(l)),
      `${i + 1}`,
      `${st.rate}`,
      `<span class="v-${st.verdict}">${e(SEARCH_VERDICT_TEXT[st.verdict])}</span>`,
      e(bracketPair(st)),
      e(st.reason),
    ]),
  );
  return (
    `<h2>Capacity search</h2><p class="muted">Bisection per line between the highest rate within thresholds and the lowest that failed` +
    `${search.done ? '' : ' (the search had not ended)'}; ● within thresholds, ■ failed threshold, ▲ overloaded; numbers: the order tried.</p>` +
    `<div id="capacity-search">${lines}</div>` +
    htmlTable(['line', 'step', 'rate', 'verdict', 'bracket after', 'why'], rows, 'id="search-steps"')
  );
}

function eventsSection(s: EventSummary | null): string {
  if (!s) return '';
  const counts = (o: Record<string, number>) =>
    Object.entries(o)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
  const notable = s.notable.length
    ? htmlTable(
        ['level', 'host', 'message'],
        s.notable.map((n) => [e(n.level), e(n.host), e(n.message)]),
      ) +
      (s.notableTotal > s.notable.length ? `<p class="muted">… and ${s.notableTotal - s.notable.length} more.</p>` : '')
    : '<p class="muted">No warning or error.</p>';
  const span = s.firstTs && s.lastTs ? ` over ${Math.round(s.lastTs - s.firstTs)} s` : '';
  return `<h2>Events</h2><p>${s.total} events${span}: ${e(counts(s.byType))}; levels ${e(counts(s.byLevel))}.</p>${notable}`;
}

export function renderReport(input: ReportInput): string {
  const title = `lb-web report — ${input.source.name}`;
  const body = [
    `<h1>${e(title)}</h1><p class="muted">PEVA-FAAS run report · ${e(input.generatedAt.toISOString())}</p>`,
    outcomeSection(input),
    searchSection(input.events?.search),
    thresholdsSection(input.source.thresholds),
    input.comparison ? comparisonSection(input.comparison, input.source) : '',
    chartsSection(input.source.records),
    resultsSection(input.source.records, input.source.thresholds),
    hostsSection(input),
    configSection(input.source.run?.config ?? null),
    eventsSection(input.events),
  ].join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title><style>${CSS}</style></head>
<body>
${body}
</body></html>
`;
}
