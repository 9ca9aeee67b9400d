'use client';
// "Results by configuration": one line per configuration × function, means over its
// iterations, repetitions and runs; missing measurements show as "—", never as 0.
import type { ConfigFunctionResult } from './peva-types';
import s from '@/components/explorer/explorer.module.css';

const fmt = (v: number | null, digits = 1) =>
  v === null ? '—' : v.toLocaleString('en-US', { maximumFractionDigits: digits });
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)} %`);

export default function ConfigTable({ results, label }: { results: ConfigFunctionResult[]; label: string }) {
  return (
    <div className={s.tableWrap}>
      <table className={s.table} data-testid={`config-table-${label}`}>
        <caption style={{ textAlign: 'left', fontWeight: 600, padding: '0.3rem' }}>
          Results by configuration — {label}
        </caption>
        <thead>
          <tr>
            <th>configuration</th>
            <th>config_id</th>
            <th>Σ rate</th>
            <th>function</th>
            <th>rate</th>
            <th>success</th>
            <th>p95 ms</th>
            <th>avg ms</th>
            <th>node CPU %</th>
            <th>runs</th>
            {/* Function overload only (success rate, replicas): the node's (CPU/RAM) is not in
                this share, so "overloaded 0 %" beside a run log saying OVERLOADED misled. */}
            <th title="share of executions where this function was overloaded (success rate under its minimum, or replicas at the threshold); node CPU/RAM overload is not counted">
              fn overloaded
            </th>
          </tr>
        </thead>
        <tbody>
          {results.map((r) => (
            <tr key={`${r.configId}-${r.functionName}`} data-testid="config-row" data-config={r.configId}>
              <td>{r.label}</td>
              <td>
                <code>{r.configId}</code>
              </td>
              <td className={s.num}>{r.sumRate}</td>
              <td>{r.functionName}</td>
              <td className={s.num}>{fmt(r.rate)}</td>
              <td className={s.num}>{pct(r.successRate)}</td>
              <td className={s.num}>{fmt(r.latencyP95Ms)}</td>
              <td className={s.num}>{fmt(r.latencyAvgMs)}</td>
              <td className={s.num}>{fmt(r.cpuNode)}</td>
              <td className={s.num}>{r.samples}</td>
              <td className={r.overloadedShare ? s.overloaded : undefined}>
                {r.overloadedShare === null ? '—' : pct(r.overloadedShare)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
