'use client';
// Requests/s (with the configuration's target), success rate and latency p50/p95/p99 per
// function, from the agent's metric events; a marker where each configuration starts.
import { memo } from 'react';
import type { ConfigMarker, MetricRow } from '@/lib/run-digest/metric-series';
import { FN_COLORS, MetricChart, type ChartLine } from './metric-chart';

type Stat = 'rps' | 'target' | 'successRate' | 'p50' | 'p95' | 'p99';

function linesFor(
  functions: readonly string[],
  stats: { stat: Stat; label?: string; dashed?: boolean; dotted?: boolean; scale?: number }[],
): ChartLine[] {
  return functions.flatMap((fn, i) =>
    stats.map(({ stat, label, dashed, dotted, scale = 1 }) => ({
      key: `${fn}:${stat}`,
      name: label ? `${fn} ${label}` : fn,
      color: FN_COLORS[i % FN_COLORS.length]!,
      dashed,
      dotted,
      value: (row: MetricRow) => {
        const v = row.fns[fn]?.[stat];
        return v == null ? null : v * scale;
      },
    })),
  );
}

function MetricChartsImpl({
  rows,
  functions,
  markers: allMarkers,
  ended,
}: {
  rows: MetricRow[];
  functions: readonly string[];
  markers: readonly ConfigMarker[];
  /** The run is over: no "fill in once load starts" promise. */
  ended: boolean;
  version: number;
}) {
  const samples = rows.reduce((n, r) => n + (r.gap ? 0 : 1), 0); // break rows are not samples
  // A throttled chart shows rows up to some sample: markers past it wait for their rows.
  const lastT = rows.at(-1)?.t ?? -1;
  const markers = allMarkers.filter((m) => m.t <= lastT);
  return (
    <section className="panel" aria-labelledby="charts-h">
      <div className="panel-head">
        <h2 id="charts-h">Live metrics</h2>
        <span className="muted">
          {samples === 0
            ? ended
              ? 'no load was measured in this run'
              : 'charts fill in once load starts (one sample per second)'
            : `${samples} samples · x = seconds since the first sample · click a legend entry to hide its line`}
        </span>
      </div>
      {rows.length > 0 && (
        <div className="charts">
          <MetricChart
            id="rps"
            title="Requests/s"
            unit=""
            rows={rows}
            domain={[0, 'auto']}
            markers={markers}
            lines={linesFor(functions, [{ stat: 'rps' }, { stat: 'target', label: 'target', dotted: true }])}
          />
          <MetricChart
            id="success"
            title="Success rate"
            unit="%"
            rows={rows}
            domain={[0, 100]}
            markers={markers}
            lines={linesFor(functions, [{ stat: 'successRate', scale: 100 }])}
          />
          <MetricChart
            id="latency"
            title="Latency p50 / p95 / p99"
            unit=" ms"
            rows={rows}
            domain={[0, 'auto']}
            markers={markers}
            lines={linesFor(functions, [
              { stat: 'p50', label: 'p50' },
              { stat: 'p95', label: 'p95', dashed: true },
              { stat: 'p99', label: 'p99', dotted: true },
            ])}
          />
        </div>
      )}
    </section>
  );
}

// Rows are appended in place; the version prop is what tells memo they changed.
export const MetricCharts = memo(
  MetricChartsImpl,
  (a, b) => a.version === b.version && a.rows === b.rows && a.ended === b.ended,
);
