'use client';
// The comparison page: B against A (runs of the output root, or .duckdb files in it — lb's
// included), A defaulting to the baseline of B's workload. Capacity A vs B, a row per
// configuration × function with A → B and Δ % per figure, flagged beyond the tolerance;
// configurations only one side ran; latency by rate with A solid and B dashed.
import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/client';
import { compareHref, reportHref, runHref } from '@/components/ui/links';
import { OutcomeBadge } from '@/components/run-results/outcome-badge';
import {
  DEFAULT_TOLERANCE_PCT,
  metricLabel,
  type CapacityDelta,
  type CompareRow,
  type ComparedMetric,
  type MetricDelta,
} from '@/lib/contract/compare';
import { capacityValueText } from '@/lib/contract/run-results';
import type { RouterOutputs } from '@/components/ui/api-types';
import { CompareChart } from './compare-chart';

type Result = RouterOutputs['compare']['get'];
type Side = Result['a'];

const SHOWN: ComparedMetric[] = ['p50_ms', 'p95_ms', 'p99_ms', 'avg_ms', 'success_rate', 'cpu_usage_node'];
const FLAG_TEXT: Record<CompareRow['flag'], string> = {
  regression: 'regression',
  improvement: 'improvement',
  same: 'same',
  unknown: 'not comparable',
  only_a: 'only in A',
  only_b: 'only in B',
};

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const fmt = (v: unknown, metric: ComparedMetric) => {
  if (!finite(v)) return '—';
  const x = metric === 'success_rate' ? v * 100 : v;
  return Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(1);
};

function DeltaCell({ d }: { d: MetricDelta | undefined }) {
  if (!d || (!finite(d.a) && !finite(d.b))) return <td className="num muted">—</td>;
  const pct = finite(d.pct) ? ` (${d.pct >= 0 ? '+' : ''}${d.pct.toFixed(1)} %)` : '';
  return (
    <td className={`num flag-${d.flag}`} data-metric={d.metric} data-flag={d.flag}>
      {fmt(d.a, d.metric)} → {fmt(d.b, d.metric)}
      {pct}
    </td>
  );
}

function SideLine({ label, side, baseline }: { label: string; side: Side; baseline?: boolean }) {
  return (
    <p data-testid={`side-${label.toLowerCase()}`}>
      <strong>{label}</strong>:{' '}
      {side.kind === 'run' ? <a href={runHref(side.name)}>{side.name}</a> : <code>{side.ref}</code>}{' '}
      <OutcomeBadge outcome={side.outcome} />{' '}
      <span className="muted">
        {side.records} record(s) from {side.from}
        {side.workload ? ` · ${side.workload}` : ''}
        {side.runIds.length > 1 ? ` · ${side.runIds.length} runs in the file` : ''}
        {baseline ? ' · the baseline of this workload' : ''}
      </span>
    </p>
  );
}

function CapacityTable({ capacity }: { capacity: CapacityDelta[] }) {
  if (capacity.length === 0) return null;
  return (
    <table className="table" data-testid="compare-capacity">
      <thead>
        <tr>
          <th>function</th>
          <th>capacity A</th>
          <th>capacity B</th>
          <th>B vs A</th>
        </tr>
      </thead>
      <tbody>
        {capacity.map((c) => (
          <tr key={c.function} data-flag={c.flag}>
            <td>{c.function}</td>
            <td>{capacityValueText(c.a)}</td>
            <td>{capacityValueText(c.b)}</td>
            <td className={`flag-${c.flag}`}>{FLAG_TEXT[c.flag]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RowsTable({ rows }: { rows: CompareRow[] }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label="Compared configurations">
      <table className="table compact" data-testid="compare-rows">
        <thead>
          <tr>
            <th>configuration</th>
            <th>function</th>
            {SHOWN.map((m) => (
              <th key={m} className="num">
                {metricLabel(m)}
                {m === 'success_rate' ? ' %' : m === 'cpu_usage_node' ? ' %' : ' ms'} A → B
              </th>
            ))}
            <th>overloaded A / B</th>
            <th>B vs A</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.key}
              data-testid="compare-row"
              data-flag={r.flag}
              data-label={r.label}
              data-function={r.function}
            >
              <td>{r.label}</td>
              <td>{r.function}</td>
              {SHOWN.map((m) => (
                <DeltaCell key={m} d={r.deltas.find((d) => d.metric === m)} />
              ))}
              <td>
                {r.a ? (r.a.overloaded ? 'yes' : 'no') : '—'} / {r.b ? (r.b.overloaded ? 'yes' : 'no') : '—'}
              </td>
              <td className={`flag-${r.flag}`} title={r.reasons.join('; ')}>
                {FLAG_TEXT[r.flag]}
                {r.flag === 'regression' && <small className="muted"> {r.reasons.join('; ')}</small>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Configurations one side ran and the other did not. */
function OnlyIn({ side, labels }: { side: 'A' | 'B'; labels: string[] }) {
  if (labels.length === 0) return null;
  return (
    <p data-testid={`only-${side.toLowerCase()}`}>
      Only in {side}: {labels.join('; ')}
    </p>
  );
}

function Picker({ a, b, tol }: { a?: string; b?: string; tol: number }) {
  const router = useRouter();
  const trpc = useTRPC();
  const runs = useQuery(trpc.runs.list.queryOptions());
  const [va, setA] = useState(a ?? '');
  const [vb, setB] = useState(b ?? '');
  const [vt, setT] = useState(String(tol));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const t = Number(vt);
    if (!vb.trim()) return;
    router.push(compareHref(vb.trim(), va.trim() || undefined, Number.isFinite(t) && t >= 0 ? t : undefined));
  };
  return (
    <form className="toolbar" onSubmit={submit} data-testid="compare-picker">
      <datalist id="run-ids">
        {runs.data?.runs.map((r) => (
          <option key={r.runId} value={r.runId}>
            {r.workload}
            {r.baseline ? ' (baseline)' : ''}
          </option>
        ))}
      </datalist>
      <label>
        A (baseline)
        <input
          list="run-ids"
          value={va}
          onChange={(e) => setA(e.target.value)}
          placeholder="run id, file.duckdb, or empty: the baseline"
        />
      </label>
      <label>
        B
        <input
          list="run-ids"
          value={vb}
          onChange={(e) => setB(e.target.value)}
          placeholder="run id or <run>/memory/…/peva_faas.duckdb"
        />
      </label>
      <label>
        Tolerance %
        <input
          type="number"
          min={0}
          max={1000}
          step="any"
          value={vt}
          onChange={(e) => setT(e.target.value)}
          data-testid="tolerance"
        />
      </label>
      <button type="submit" className="button primary">
        Compare
      </button>
    </form>
  );
}

export function CompareView({ a, b, tol }: { a?: string; b?: string; tol?: number }) {
  const trpc = useTRPC();
  const tolerancePct = tol ?? DEFAULT_TOLERANCE_PCT;
  const q = useQuery({
    ...trpc.compare.get.queryOptions({ a, b: b ?? '', tolerancePct }),
    enabled: Boolean(b),
    retry: false,
  });
  return (
    <div className="compare">
      <Picker a={a} b={b} tol={tolerancePct} />
      {!b && <p className="muted">Pick B (and A, or mark a baseline on the Runs page), or select two runs there.</p>}
      {q.isPending && b && <p className="muted">Reading both sides…</p>}
      {q.error && (
        <p className="error-box" role="alert" data-testid="compare-error">
          {q.error.message}
        </p>
      )}
      {q.data && (
        <>
          <SideLine label="A" side={q.data.a} baseline={q.data.aIsBaseline} />
          <SideLine label="B" side={q.data.b} />
          <p
            data-testid="compare-summary"
            data-regressions={q.data.comparison.regressions}
            data-improvements={q.data.comparison.improvements}
            className={q.data.comparison.regressions > 0 ? 'error-box' : 'ok-box'}
          >
            <strong>{q.data.comparison.regressions} regression(s)</strong>, {q.data.comparison.improvements}{' '}
            improvement(s) of B against A beyond {q.data.comparison.tolerancePct} % (latency, success, node CPU,
            overload; changes under 1 ms / 1 CPU point are noise).{' '}
            <a href={reportHref(q.data.b.ref, q.data.a.ref)} download data-testid="compare-report">
              Download report
            </a>
          </p>
          <CapacityTable capacity={q.data.comparison.capacity} />
          <CompareChart rows={q.data.comparison.rows} />
          <RowsTable rows={q.data.comparison.rows} />
          <OnlyIn side="A" labels={q.data.comparison.onlyA} />
          <OnlyIn side="B" labels={q.data.comparison.onlyB} />
        </>
      )}
    </div>
  );
}
