'use client';
// Schema version, sessions with their status, configurations and events of one file.
import type { PevaData } from './peva-types';
import s from '@/components/explorer/explorer.module.css';
import { RESULTS_TABLE } from '@/lib/contract/memory-tables';

export default function SummaryStrip({ label, data }: { label: string; data: PevaData }) {
  const { summary } = data;
  const sessions =
    summary.sessions.length > 0
      ? summary.sessions.map((x) => `${x.runId}: ${x.status ?? '?'}`).join(', ')
      : summary.eventRunIds.length > 0
        ? `${summary.eventRunIds.join(', ')} (no run_sessions rows: lb does not write them)`
        : 'none';
  return (
    <div className={s.strip} data-testid={`summary-${label}`}>
      <div className={s.stat}>
        <span>{label} · schema</span>
        <b data-testid="schema-version">{summary.schemaVersion ?? 'unknown'}</b>
      </div>
      <div className={s.stat} style={{ flex: 1 }}>
        <span>sessions</span>
        <b style={{ fontSize: '0.9rem' }} data-testid="sessions">
          {sessions}
        </b>
      </div>
      <div className={s.stat}>
        <span>configurations</span>
        <b data-testid="configurations">{summary.configurations}</b>
      </div>
      <div className={s.stat}>
        <span>events{summary.skipped ? ` (${summary.skipped} skipped)` : ''}</span>
        <b data-testid="events">{summary.events.toLocaleString('en-US')}</b>
      </div>
      <div className={s.stat}>
        <span>results from</span>
        <b style={{ fontSize: '0.9rem' }} data-testid="results-origin">
          {data.origin === RESULTS_TABLE
            ? 'typed table'
            : data.origin === 'payload_json'
              ? 'payload_json (parsed here)'
              : 'no events'}
        </b>
      </div>
    </div>
  );
}
