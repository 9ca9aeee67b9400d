'use client';
// Past queries with duration and rows (or the error); clicking one puts it back in the editor.
import { rowsText, type HistoryEntry } from './use-query-runner';
import s from '@/components/explorer/explorer.module.css';

export default function QueryHistory({ entries, onPick }: { entries: HistoryEntry[]; onPick(sql: string): void }) {
  if (entries.length === 0) return null;
  return (
    <details className={s.history} open data-testid="query-history">
      <summary style={{ padding: '0.3rem 0.5rem', cursor: 'pointer' }}>History ({entries.length})</summary>
      <ol>
        {entries.map((h) => (
          <li
            key={h.id}
            onClick={() => onPick(h.sql)}
            title={h.sql}
            data-testid="history-entry"
            data-kind={h.kind ?? 'ok'}
          >
            <code>{h.sql.replace(/\s+/g, ' ')}</code>
            <span className={h.error ? s.historyError : undefined}>
              {h.error
                ? h.kind === 'timeout'
                  ? 'timed out'
                  : h.kind === 'cancelled'
                    ? 'cancelled'
                    : 'error'
                : `${rowsText(h.rowCount ?? 0)}${h.truncated ? '+' : ''}`}
            </span>
            <span>{h.durationMs} ms</span>
          </li>
        ))}
      </ol>
    </details>
  );
}
