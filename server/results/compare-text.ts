// `lb-web compare` in words: a line per configuration × function with B against A, the flags,
// capacity per function, and what only one side ran.
import 'server-only';
import { deltaText, type CompareRow, type Comparison, type MetricDelta } from '@/lib/contract/compare';
import { capacityValueText } from '@/lib/contract/run-results';

const FLAG_TEXT: Record<CompareRow['flag'], string> = {
  regression: 'REGRESSION',
  improvement: 'improvement',
  same: 'same',
  unknown: 'not comparable',
  only_a: 'only in A',
  only_b: 'only in B',
};

/** The figures a row is read by: p95 (avg when a side has no percentiles: lb's files), success, node CPU. */
function headline(r: CompareRow): MetricDelta[] {
  const latency =
    r.deltas.find((d) => d.metric === 'p95_ms' && d.flag !== 'unknown') ?? r.deltas.find((d) => d.metric === 'avg_ms');
  return [latency, ...r.deltas.filter((d) => d.metric === 'success_rate' || d.metric === 'cpu_usage_node')].filter(
    (d): d is MetricDelta => d !== undefined && d.flag !== 'unknown',
  );
}

export function comparisonLines(cmp: Comparison, names: { a: string; b: string }): string[] {
  const lines = [`A = ${names.a}`, `B = ${names.b}`, `tolerance ${cmp.tolerancePct} %`, ''];
  const width = Math.max(13, ...cmp.rows.map((r) => r.label.length));
  for (const r of cmp.rows) {
    const figures = r.flag === 'only_a' || r.flag === 'only_b' ? '' : headline(r).map(deltaText).join(' · ');
    lines.push(`${r.label.padEnd(width)}  ${r.function.padEnd(12)}  ${FLAG_TEXT[r.flag].padEnd(12)}  ${figures}`);
    if (r.flag === 'regression') for (const why of r.reasons) lines.push(`${''.padEnd(width)}    ↳ ${why}`);
  }
  lines.push('');
  for (const c of cmp.capacity)
    lines.push(
      `capacity ${c.function}: A ${capacityValueText(c.a)} · B ${capacityValueText(c.b)} — ${FLAG_TEXT[c.flag]}`,
    );
  if (cmp.onlyA.length) lines.push(`only in A: ${cmp.onlyA.join('; ')}`);
  if (cmp.onlyB.length) lines.push(`only in B: ${cmp.onlyB.join('; ')}`);
  lines.push(`${cmp.regressions} regression(s), ${cmp.improvements} improvement(s) beyond ${cmp.tolerancePct} %`);
  return lines;
}
