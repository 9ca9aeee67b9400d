// A line chart as an SVG string, for the HTML report: no script, no font or style from outside
// the file, readable when printed. Points with a non-finite value are left out of their line.
import 'server-only';
import { escapeHtml } from './html';

export interface SvgSeries {
  name: string;
  color: string;
  dashed?: boolean;
  points: Array<[number, number]>;
}

export interface SvgChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: SvgSeries[];
  width?: number;
  height?: number;
}

/** About five round tick values covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

const label = (v: number) => (Math.abs(v) >= 1000 ? v.toExponential(1) : String(Number(v.toPrecision(4))));

export function svgLineChart(spec: SvgChartSpec): string {
  const width = spec.width ?? 640;
  const height = spec.height ?? 260;
  const m = { top: 28, right: 16, bottom: 42, left: 56 };
  const series = spec.series.map((s) => ({
    ...s,
    points: s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y)),
  }));
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) return '';
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const yMax = Math.max(...ys);
  const y1 = yMax > 0 ? yMax * 1.05 : 1;
  const xSpan = x1 > x0 ? x1 - x0 : 1;
  const px = (x: number) => m.left + ((x - (x1 > x0 ? x0 : x0 - 0.5)) / xSpan) * (width - m.left - m.right);
  const py = (y: number) => height - m.bottom - (y / y1) * (height - m.top - m.bottom);
  const grid = niceTicks(0, y1)
    .map(
      (t) =>
        `<line x1="${m.left}" x2="${width - m.right}" y1="${py(t).toFixed(1)}" y2="${py(t).toFixed(1)}" stroke="#e4e7ec"/>` +
        `<text x="${m.left - 6}" y="${(py(t) + 4).toFixed(1)}" text-anchor="end">${label(t)}</text>`,
    )
    .join('');
  const xTicks = [...new Set(xs)].length <= 12 ? [...new Set(xs)].sort((a, b) => a - b) : niceTicks(x0, x1);
  const xAxis = xTicks
    .map((t) => `<text x="${px(t).toFixed(1)}" y="${height - m.bottom + 16}" text-anchor="middle">${label(t)}</text>`)
    .join('');
  const lines = series
    .map((s) => {
      const pts = [...s.points].sort((a, b) => a[0] - b[0]);
      const d = pts.map(([x, y], i) => `${i ? 'L' : 'M'}${px(x).toFixed(1)},${py(y).toFixed(1)}`).join('');
      const dots = pts
        .map(([x, y]) => `<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="2.5" fill="${s.color}"/>`)
        .join('');
      return `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.6"${s.dashed ? ' stroke-dasharray="5 4"' : ''}/>${dots}`;
    })
    .join('');
  const legend = series
    .map(
      (s, i) =>
        `<g transform="translate(${m.left + i * 130},${height - 10})"><line x1="0" x2="18" y1="-4" y2="-4" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 4"' : ''}/><text x="22" y="0">${escapeHtml(s.name)}</text></g>`,
    )
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(spec.title)}" class="chart">` +
    `<text x="${m.left}" y="16" class="title">${escapeHtml(spec.title)}</text>` +
    `<text x="12" y="${m.top + (height - m.top - m.bottom) / 2}" transform="rotate(-90 12 ${m.top + (height - m.top - m.bottom) / 2})" text-anchor="middle">${escapeHtml(spec.yLabel)}</text>` +
    `<text x="${width - m.right}" y="${height - m.bottom + 30}" text-anchor="end">${escapeHtml(spec.xLabel)}</text>` +
    grid +
    xAxis +
    lines +
    legend +
    '</svg>'
  );
}
