'use client';
// How each function's capacity (and its p95 at a reference rate) moved across the runs of the
// output root, one chart per workload × function. A point opens its run; the baseline run of
// the workload is marked. The table under each chart says the same in text.
import { useRouter } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTRPC } from '@/lib/trpc/client';
import { CHART_AXIS, CHART_GRID, SERIES_COLORS } from '@/components/ui/chart-theme';
import { formatDateTime } from '@/components/ui/format';
import { runHref } from '@/components/ui/links';
import type { FunctionTrend } from '@/lib/contract/capacity-trend';

interface DotProps {
  cx?: number;
  cy?: number;
  payload?: { runId: string; baseline: boolean };
}

function TrendChart({ trend }: { trend: FunctionTrend }) {
  const router = useRouter();
  const data = trend.points.map((p, i) => ({ ...p, n: i + 1 }));
  const open = (runId: string) => router.push(runHref(runId));
  // Baseline runs get a ring; every dot opens its run.
  const dot = (color: string) =>
    function TrendDot({ cx, cy, payload }: DotProps) {
      if (cx === undefined || cy === undefined || !payload) return <g />;
      return (
        <g onClick={() => open(payload.runId)} style={{ cursor: 'pointer' }}>
          {payload.baseline && <circle cx={cx} cy={cy} r={8} fill="none" stroke={color} strokeWidth={1.5} />}
          <circle cx={cx} cy={cy} r={4} fill={color} />
        </g>
      );
    };
  return (
    <figure
      className="chart trend"
      data-testid="capacity-trend"
      data-function={trend.function}
      data-points={data.length}
    >
      <figcaption>
        <strong>{trend.function}</strong> <span className="muted">({trend.workload})</span>: capacity per run
        {trend.referenceRate !== null ? `, and p95 at ${trend.referenceRate} req/s` : ''} — a ring marks the baseline
      </figcaption>
      <ResponsiveContainer width="100%" height={200}>
        <LineChart data={data} margin={{ top: 6, right: 8, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke={CHART_GRID} />
          <XAxis dataKey="n" tick={{ fontSize: 11, fill: CHART_AXIS }} allowDecimals={false} />
          <YAxis yAxisId="cap" unit=" req/s" tick={{ fontSize: 11, fill: CHART_AXIS }} width={70} />
          <YAxis yAxisId="p95" orientation="right" unit=" ms" tick={{ fontSize: 11, fill: CHART_AXIS }} width={60} />
          <Tooltip
            labelFormatter={(_, items) => {
              const p = items?.[0]?.payload as (typeof data)[number] | undefined;
              return p ? `${p.runId}${p.baseline ? ' (baseline)' : ''}` : '';
            }}
          />
          <Legend height={22} wrapperStyle={{ fontSize: 12 }} />
          <Line
            yAxisId="cap"
            name="capacity (req/s)"
            dataKey="capacity"
            stroke={SERIES_COLORS[0]}
            dot={dot(SERIES_COLORS[0]!)}
            isAnimationActive={false}
            connectNulls
          />
          {trend.referenceRate !== null && (
            <Line
              yAxisId="p95"
              name={`p95 at ${trend.referenceRate} req/s (ms)`}
              dataKey="p95AtReference"
              stroke={SERIES_COLORS[1]}
              strokeDasharray="4 3"
              dot={dot(SERIES_COLORS[1]!)}
              isAnimationActive={false}
              connectNulls
            />
          )}
        </LineChart>
      </ResponsiveContainer>
      <table className="table compact" aria-label={`Capacity of ${trend.function} per run`}>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Run</th>
            <th scope="col">Started</th>
            <th scope="col" className="num">
              Capacity
            </th>
            {trend.referenceRate !== null && (
              <th scope="col" className="num">
                p95 at {trend.referenceRate} req/s
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {data.map((p) => (
            <tr key={p.runId} data-run-id={p.runId}>
              <td>{p.n}</td>
              <td>
                <a href={runHref(p.runId)}>{p.runId}</a>
                {p.baseline && <span className="badge badge-busy"> baseline</span>}
              </td>
              <td>{formatDateTime(p.startedAt)}</td>
              <td className="num">
                {p.capacity === null ? `below ${p.failsAt}` : `${p.capacity}`} req/s
                {p.failsAt === null && p.capacity !== null ? ' (held)' : ''}
              </td>
              {trend.referenceRate !== null && (
                <td className="num">{p.p95AtReference === null ? '—' : `${p.p95AtReference.toFixed(1)} ms`}</td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

export function CapacityTrend() {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.runs.capacityTrend.queryOptions(), refetchInterval: 30_000 });
  return (
    <section aria-labelledby="trend-h" className="overview-section">
      <h2 id="trend-h">Capacity trend</h2>
      {q.error ? (
        <p className="error-box" role="alert">
          Could not compute the trend: {q.error.message}
        </p>
      ) : !q.data ? (
        <p className="muted">Loading…</p>
      ) : q.data.length === 0 ? (
        <p className="muted" data-testid="no-trend">
          No finished run with a capacity yet: each run that ends adds a point here.
        </p>
      ) : (
        <div className="trend-grid">
          {q.data.map((t) => (
            <TrendChart key={`${t.workload}/${t.function}`} trend={t} />
          ))}
        </div>
      )}
    </section>
  );
}
