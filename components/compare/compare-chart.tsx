'use client';
// Latency against rate for each function run alone, A solid and B dashed: where B bends away
// from A is where it regressed. p95 when both sides have it, else avg (lb's files have no p95
// without their k6 summary).
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { FN_COLORS } from '@/components/run-monitor/metric-chart';
import type { CompareRow, ComparedMetric } from '@/lib/contract/compare';
import { CHART_GRID } from '@/components/ui/chart-theme';

const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

export function latencyMetricOf(rows: readonly CompareRow[]): ComparedMetric {
  const hasP95 = rows.some((r) => finite(r.a?.p95_ms) || finite(r.b?.p95_ms));
  return hasP95 ? 'p95_ms' : 'avg_ms';
}

/** Points per rate of the configurations where the function ran alone. */
export function chartPoints(rows: readonly CompareRow[], metric: ComparedMetric) {
  const alone = rows.filter((r) => r.label === `${r.function}=${r.rate}`);
  const rates = [...new Set(alone.map((r) => r.rate))].sort((x, y) => x - y);
  return rates.map((rate) => {
    const point: Record<string, number | null> = { rate };
    for (const r of alone.filter((x) => x.rate === rate)) {
      const a = r.a?.[metric];
      const b = r.b?.[metric];
      point[`${r.function}:a`] = finite(a) ? a : null;
      point[`${r.function}:b`] = finite(b) ? b : null;
    }
    return point;
  });
}

export function CompareChart({ rows }: { rows: readonly CompareRow[] }) {
  const metric = latencyMetricOf(rows);
  const data = chartPoints(rows, metric);
  const functions = [...new Set(rows.map((r) => r.function))].sort();
  if (data.length === 0) return null;
  return (
    <figure className="chart" data-testid="compare-chart" data-points={data.length}>
      <figcaption>
        {metric === 'p95_ms' ? 'p95' : 'average'} latency by rate, each function alone — A solid, B dashed
      </figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={data} margin={{ top: 4, right: 12, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke={CHART_GRID} />
          <XAxis dataKey="rate" type="number" unit=" req/s" tick={{ fontSize: 11 }} domain={['dataMin', 'dataMax']} />
          <YAxis unit=" ms" tick={{ fontSize: 11 }} width={64} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? `${v.toFixed(1)} ms` : '—')} />
          <Legend height={22} wrapperStyle={{ fontSize: 12 }} />
          {functions.flatMap((fn, i) =>
            (['a', 'b'] as const).map((side) => (
              <Line
                key={`${fn}:${side}`}
                name={`${fn} ${side.toUpperCase()}`}
                dataKey={`${fn}:${side}`}
                stroke={FN_COLORS[i % FN_COLORS.length]}
                strokeDasharray={side === 'b' ? '5 4' : undefined}
                dot
                isAnimationActive={false}
                connectNulls
              />
            )),
          )}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
