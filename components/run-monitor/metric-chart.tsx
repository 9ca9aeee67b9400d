'use client';
// One live line chart: a line per function (and per statistic, e.g. p50 solid, p95 dashed),
// a labelled marker where each configuration starts, a tooltip that names the configuration,
// and a legend whose entries hide or show their line.
// Animation off: a chart that re-animates every second is unreadable.
import { useState } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ConfigMarker, MetricRow } from '@/lib/run-digest/metric-series';
import { CHART_AXIS, CHART_GRID, CHART_TEXT, SERIES_COLORS } from '@/components/ui/chart-theme';

export const FN_COLORS = SERIES_COLORS;

export interface ChartLine {
  key: string;
  name: string;
  color: string;
  dashed?: boolean;
  /** A thin dotted line (p99, target rate). */
  dotted?: boolean;
  value: (row: MetricRow) => number | null;
}

export function MetricChart({
  id,
  title,
  unit,
  rows,
  lines,
  domain,
  markers = [],
}: {
  id: string;
  title: string;
  unit: string;
  rows: MetricRow[];
  lines: ChartLine[];
  domain?: [number, number | 'auto'];
  markers?: readonly ConfigMarker[];
}) {
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const toggle = (key: string) =>
    setHidden((h) => {
      const next = new Set(h);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  return (
    <figure
      className="chart"
      data-testid={`chart-${id}`}
      data-points={rows.reduce((n, r) => n + (r.gap ? 0 : 1), 0)}
      data-markers={markers.length}
    >
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={200}>
        <LineChart data={rows} margin={{ top: 4, right: 12, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke={CHART_GRID} />
          <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} unit="s" tick={{ fontSize: 11 }} />
          <YAxis unit={unit} tick={{ fontSize: 11 }} width={56} domain={domain ?? ['auto', 'auto']} />
          <Tooltip
            formatter={(v) => (typeof v === 'number' ? `${v.toFixed(1)}${unit}` : '—')}
            labelFormatter={(t, payload) => {
              const row = payload?.[0]?.payload as MetricRow | undefined;
              return `t = ${String(t)} s${row?.configLabel ? ` · ${row.configLabel}` : ''}`;
            }}
          />
          <Legend
            height={22}
            wrapperStyle={{ fontSize: 12, cursor: 'pointer' }}
            onClick={(entry) => {
              const line = lines.find((l) => l.name === entry.value);
              if (line) toggle(line.key);
            }}
          />
          {markers.map((m) => (
            <ReferenceLine
              key={`${m.t}:${m.configId ?? ''}`}
              x={m.t}
              stroke={CHART_AXIS}
              strokeDasharray="2 3"
              label={{ value: m.label, position: 'insideTopLeft', fontSize: 10, fill: CHART_TEXT }}
            />
          ))}
          {lines.map((l) => (
            <Line
              key={l.key}
              name={l.name}
              dataKey={l.value}
              hide={hidden.has(l.key)}
              stroke={l.color}
              strokeWidth={l.dotted ? 1 : 1.5}
              strokeDasharray={l.dashed ? '5 4' : l.dotted ? '1 3' : undefined}
              dot={false}
              isAnimationActive={false}
              connectNulls={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
