'use client';
// One scatter chart (points joined per series) for any number of series; comparing two
// files puts baseline and new in the same chart, told apart by shape and dash.
import { CartesianGrid, Legend, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartSeries } from './peva-chart-data';
import s from '@/components/explorer/explorer.module.css';
import { SERIES_COLORS } from '@/components/ui/chart-theme';

const COLORS = SERIES_COLORS;

interface Props {
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  series: ChartSeries[];
  note?: string;
  /** Y axis range; 'auto' both ends by default. A rate chart needs [0, 1]: with one point
   *  'auto' padded a success rate of 1 to an axis from -1 to 3. */
  yDomain?: [number | 'auto', number | 'auto'];
}

export default function PevaChart({ id, title, xLabel, yLabel, series, note, yDomain = ['auto', 'auto'] }: Props) {
  const points = series.reduce((a, x) => a + x.points.length, 0);
  // Same function, same color in both files; the second file gets triangles and dashes.
  const fnNames = [...new Set(series.map((x) => x.name.split(' · ').pop() ?? x.name))];
  const sources = [...new Set(series.map((x) => x.source))];
  return (
    <figure
      className={s.chart}
      data-testid={`chart-${id}`}
      data-points={points}
      data-series={series.length}
      style={{ margin: 0 }}
    >
      <h3>{title}</h3>
      {points === 0 ? (
        <p className={s.status}>No data for this chart in the file.</p>
      ) : (
        <ResponsiveContainer width="100%" height={280}>
          <ScatterChart margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              type="number"
              dataKey="x"
              name={xLabel}
              label={{ value: xLabel, position: 'insideBottom', offset: -12 }}
              domain={['auto', 'auto']}
            />
            <YAxis
              type="number"
              dataKey="y"
              name={yLabel}
              label={{ value: yLabel, angle: -90, position: 'insideLeft' }}
              domain={yDomain}
            />
            <Tooltip
              cursor={{ strokeDasharray: '3 3' }}
              formatter={(v) => (typeof v === 'number' ? v.toFixed(2) : String(v))}
              labelFormatter={() => ''}
            />
            <Legend verticalAlign="top" height={28} />
            {series.map((x) => {
              const fn = x.name.split(' · ').pop() ?? x.name;
              const color = COLORS[fnNames.indexOf(fn) % COLORS.length];
              const second = sources.indexOf(x.source) === 1;
              // A function measured at the same rate in several configurations (alone and
              // paired) would zigzag if joined: those series are drawn as points only.
              const joinable = new Set(x.points.map((p) => p.x)).size === x.points.length;
              return (
                <Scatter
                  key={x.key}
                  name={x.name}
                  data={x.points}
                  fill={color}
                  line={joinable ? { stroke: color, strokeDasharray: second ? '5 4' : undefined } : false}
                  shape={second ? 'triangle' : 'circle'}
                  isAnimationActive={false}
                />
              );
            })}
          </ScatterChart>
        </ResponsiveContainer>
      )}
      {note && <figcaption className={s.status}>{note}</figcaption>}
    </figure>
  );
}
