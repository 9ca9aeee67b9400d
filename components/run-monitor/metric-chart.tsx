'use client';
// One live line chart: a line per function (and per statistic, e.g. p50 solid, p95 dashed),
// a labelled marker where each configuration starts, a tooltip that names the configuration,
// and a legend whose entries hide or show their line. Drawn as a few SVG paths
// (lib/run-digest/line-chart-geometry.ts), not with the chart library the rest of the app
// uses: the library re-laid out the whole chart for every sample and held the page's main
// thread long enough to delay a busy run's event log. No animation: a chart that re-animates
// every second is unreadable.
import { memo, useEffect, useMemo, useRef, useState, type PointerEvent } from 'react';
import type { ConfigMarker, MetricRow } from '@/lib/run-digest/metric-series';
import { linePath, linearScale, nearestRow, niceTicks, yDomain } from '@/lib/run-digest/line-chart-geometry';
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

const HEIGHT = 178;
const MARGIN = { top: 6, right: 12, bottom: 20, left: 56 };
const dashOf = (l: ChartLine) => (l.dashed ? '5 4' : l.dotted ? '1 3' : undefined);
const fmt = (v: number) => (Math.abs(v) >= 100 || Number.isInteger(v) ? String(Math.round(v)) : v.toFixed(1));

/** A vertical line across the plot (a configuration's marker, the hover cursor). */
function AxisLine({ x, height, dash }: { x: number; height: number; dash?: string }) {
  return <line x1={x} x2={x} y1={MARGIN.top} y2={MARGIN.top + height} stroke={CHART_AXIS} strokeDasharray={dash} />;
}

/** The figure's width, followed as the page resizes (the charts share a responsive grid). */
function useWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width] as const;
}

function MetricChartImpl({
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
  const [hover, setHover] = useState<number | null>(null);
  const [box, width] = useWidth();
  const toggle = (key: string) =>
    setHidden((h) => {
      const next = new Set(h);
      if (!next.delete(key)) next.add(key);
      return next;
    });

  const shown = useMemo(() => lines.filter((l) => !hidden.has(l.key)), [lines, hidden]);
  const plot = useMemo(() => {
    const w = Math.max(0, width - MARGIN.left - MARGIN.right);
    const h = HEIGHT - MARGIN.top - MARGIN.bottom;
    const t0 = rows[0]?.t ?? 0;
    const t1 = rows.at(-1)?.t ?? 0;
    function* values() {
      for (const r of rows) {
        if (r.gap) continue;
        for (const l of shown) {
          const v = l.value(r);
          if (v != null && Number.isFinite(v)) yield v;
        }
      }
    }
    const [y0, y1] = yDomain(values(), domain ?? ['auto', 'auto']);
    const x = linearScale(t0, t1, MARGIN.left, MARGIN.left + w);
    const y = linearScale(y0, y1, MARGIN.top + h, MARGIN.top);
    return {
      w,
      h,
      x,
      y,
      /** The t under a horizontal pixel (the inverse of x). */
      tAt: linearScale(MARGIN.left, MARGIN.left + w, t0, t1),
      xTicks: niceTicks(t0, t1, Math.max(2, Math.floor(w / 70))),
      yTicks: niceTicks(y0, y1, 4),
      paths: shown.map((l) => ({ line: l, d: linePath(rows, l.value, x, y) })),
    };
  }, [rows, shown, width, domain]);

  const onMove = (ev: PointerEvent<SVGSVGElement>) => {
    const rect = ev.currentTarget.getBoundingClientRect();
    const px = ev.clientX - rect.left;
    if (px < MARGIN.left || px > MARGIN.left + plot.w || rows.length === 0) return setHover(null);
    setHover(nearestRow(rows, plot.tAt(px)));
  };
  const hovered = hover !== null ? rows[hover] : undefined;

  return (
    <figure
      className="chart"
      data-testid={`chart-${id}`}
      data-points={rows.reduce((n, r) => n + (r.gap ? 0 : 1), 0)}
      data-markers={markers.length}
    >
      <figcaption>{title}</figcaption>
      <div className="line-chart" ref={box}>
        {width > 0 && (
          <svg
            width={width}
            height={HEIGHT}
            role="img"
            aria-label={`${title}: ${rows.length} points`}
            onPointerMove={onMove}
            onPointerLeave={() => setHover(null)}
          >
            <g stroke={CHART_GRID} strokeDasharray="3 3">
              {plot.yTicks.map((v) => (
                <line key={`y${v}`} x1={MARGIN.left} x2={MARGIN.left + plot.w} y1={plot.y(v)} y2={plot.y(v)} />
              ))}
              {plot.xTicks.map((t) => (
                <line key={`x${t}`} x1={plot.x(t)} x2={plot.x(t)} y1={MARGIN.top} y2={MARGIN.top + plot.h} />
              ))}
            </g>
            <g fill={CHART_TEXT} fontSize={11}>
              {plot.yTicks.map((v) => (
                <text key={`y${v}`} x={MARGIN.left - 4} y={plot.y(v) + 4} textAnchor="end">
                  {`${fmt(v)}${unit}`}
                </text>
              ))}
              {plot.xTicks.map((t) => (
                <text key={`x${t}`} x={plot.x(t)} y={HEIGHT - 6} textAnchor="middle">
                  {`${fmt(t)}s`}
                </text>
              ))}
            </g>
            {markers.map((m) => (
              <g key={`${m.t}:${m.configId ?? ''}`} className="chart-marker">
                <AxisLine x={plot.x(m.t)} height={plot.h} dash="2 3" />
                <text x={plot.x(m.t) + 3} y={MARGIN.top + 10} fontSize={10} fill={CHART_TEXT}>
                  {m.label}
                </text>
              </g>
            ))}
            <g fill="none">
              {plot.paths.map(({ line, d }) => (
                <path
                  key={line.key}
                  d={d}
                  stroke={line.color}
                  strokeWidth={line.dotted ? 1 : 1.5}
                  strokeDasharray={dashOf(line)}
                />
              ))}
            </g>
            {hovered && <AxisLine x={plot.x(hovered.t)} height={plot.h} />}
          </svg>
        )}
        {hovered && (
          <div
            className="chart-tooltip"
            role="status"
            style={{ left: Math.min(plot.x(hovered.t) + 8, Math.max(0, width - 190)) }}
          >
            <div>{`t = ${hovered.t} s${hovered.configLabel ? ` · ${hovered.configLabel}` : ''}`}</div>
            {shown.map((l) => {
              const v = hovered.gap ? null : l.value(hovered);
              return (
                <div key={l.key}>
                  <span style={{ color: l.color }} aria-hidden="true">
                    ■{' '}
                  </span>
                  {`${l.name}: ${typeof v === 'number' ? `${v.toFixed(1)}${unit}` : '—'}`}
                </div>
              );
            })}
          </div>
        )}
      </div>
      <ul className="chart-legend">
        {lines.map((l) => (
          <li key={l.key}>
            <button
              type="button"
              className="chart-legend-item"
              aria-pressed={!hidden.has(l.key)}
              onClick={() => toggle(l.key)}
              title={hidden.has(l.key) ? 'Show this line' : 'Hide this line'}
            >
              <svg width={16} height={8} aria-hidden="true">
                <line x1={0} x2={16} y1={4} y2={4} stroke={l.color} strokeWidth={2} strokeDasharray={dashOf(l)} />
              </svg>
              {l.name}
            </button>
          </li>
        ))}
      </ul>
    </figure>
  );
}

export const MetricChart = memo(MetricChartImpl);
