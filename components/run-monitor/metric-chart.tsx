'use client';
// One live line chart: a line per function (and per statistic, e.g. p50 solid, p95 dashed).
// Animation off: a chart that re-animates every second is unreadable.
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricRow } from './metric-series';

export const FN_COLORS = ['#1d4ed8', '#c2410c', '#15803d', '#7e22ce', '#b91c1c', '#0e7490', '#a16207', '#be185d'];

export interface ChartLine {
  key: string;
  name: string;
  color: string;
  dashed?: boolean;
  value: (row: MetricRow) => number | null;
}

export function MetricChart({
  id,
  title,
  unit,
  rows,
  lines,
  domain,
}: {
  id: string;
  title: string;
  unit: string;
  rows: MetricRow[];
  lines: ChartLine[];
  domain?: [number, number | 'auto'];
}) {
  return (
    <figure className="chart" data-testid={`chart-${id}`} data-points={rows.reduce((n, r) => n + (r.gap ? 0 : 1), 0)}>
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={200}>
        <LineChart data={rows} margin={{ top: 4, right: 12, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e4e7ec" />
          <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} unit="s" tick={{ fontSize: 11 }} />
          <YAxis unit={unit} tick={{ fontSize: 11 }} width={56} domain={domain ?? ['auto', 'auto']} />
          <Tooltip
            formatter={(v) => (typeof v === 'number' ? `${v.toFixed(1)}${unit}` : '—')}
            labelFormatter={(t) => `t = ${String(t)} s`}
          />
          <Legend height={22} wrapperStyle={{ fontSize: 12 }} />
          {lines.map((l) => (
            <Line
              key={l.key}
              name={l.name}
              dataKey={l.value}
              stroke={l.color}
              strokeDasharray={l.dashed ? '5 4' : undefined}
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
