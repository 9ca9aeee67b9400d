'use client';
// Requests/s, success rate and latency p50/p95 per function, from the agent's metric events.
import { memo } from 'react';
import type { MetricRow } from './metric-series';
import { FN_COLORS, MetricChart, type ChartLine } from './metric-chart';

type Stat = 'rps' | 'successRate' | 'p50' | 'p95';

function linesFor(
  functions: readonly string[],
  stats: { stat: Stat; label?: string; dashed?: boolean; scale?: number }[],
): ChartLine[] {
  return functions.flatMap((fn, i) =>
    stats.map(({ stat, label, dashed, scale = 1 }) => ({
      key: `${fn}:${stat}`,
      name: label ? `${fn} ${label}` : fn,
      color: FN_COLORS[i % FN_COLORS.length]!,
      dashed,
      value: (row: MetricRow) => {
        const v = row.fns[fn]?.[stat];
        return v == null ? null : v * scale;
      },
    })),
  );
}

function MetricChartsImpl({ rows, functions }: { rows: MetricRow[]; functions: readonly string[]; version: number }) {
  const samples = rows.reduce((n, r) => n + (r.gap ? 0 : 1), 0); // break rows are not samples
  return (
    <section className="panel" aria-labelledby="charts-h">
      <div className="panel-head">
        <h2 id="charts-h">Live metrics</h2>
        <span className="muted">
          {samples === 0
            ? 'charts fill in once load starts (one sample per second)'
            : `${samples} samples · x = seconds since the first sample`}
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
            lines={linesFor(functions, [{ stat: 'rps' }])}
          />
          <MetricChart
            id="success"
            title="Success rate"
            unit="%"
            rows={rows}
            domain={[0, 100]}
            lines={linesFor(functions, [{ stat: 'successRate', scale: 100 }])}
          />
          <MetricChart
            id="latency"
            title="Latency p50 / p95"
            unit=" ms"
            rows={rows}
            domain={[0, 'auto']}
            lines={linesFor(functions, [
              { stat: 'p50', label: 'p50' },
              { stat: 'p95', label: 'p95', dashed: true },
            ])}
          />
        </div>
      )}
    </section>
  );
}

// Rows are appended in place; the version prop is what tells memo they changed.
export const MetricCharts = memo(MetricChartsImpl, (a, b) => a.version === b.version && a.rows === b.rows);
