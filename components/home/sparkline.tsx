// A tiny line of the last minute's total request rate: inline SVG (no chart library for a
// card), with its figures in words for screen readers.
export function Sparkline({ values, label }: { values: readonly number[]; label: string }) {
  const w = 160;
  const h = 36;
  if (values.length < 2) return <svg width={w} height={h} role="img" aria-label={`${label}: no samples yet`} />;
  const max = Math.max(...values, 1);
  const step = w / (values.length - 1);
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(h - 2 - (v / max) * (h - 4)).toFixed(1)}`);
  const last = values.at(-1)!;
  return (
    <svg
      width={w}
      height={h}
      role="img"
      aria-label={`${label}: ${values.length} samples, last ${last.toFixed(1)} req/s, peak ${max.toFixed(1)} req/s`}
      className="sparkline"
    >
      <polyline points={points.join(' ')} fill="none" stroke="var(--series-1)" strokeWidth="1.5" />
    </svg>
  );
}
