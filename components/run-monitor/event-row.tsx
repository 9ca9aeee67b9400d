// One log row. Memoised on the event object (events never change once stored), so a new
// batch renders only its own rows. The columns are inline text padded to fixed widths in the
// log's monospace font, not a grid per row: at 1 000 events/s a row's layout and paint are the
// page's main cost, and inline text lays out in about half the time of a 7-cell grid
// (docs/BENCHMARKS.md).
import { memo } from 'react';
import type { StoredEvent } from '@/lib/contract/stored-event';
import { formatClock } from '@/components/ui/format';
import { summarizeEvent } from '@/lib/run-digest/event-filter';

export type LogMode = 'summary' | 'raw';

/** What tests and the filter toolbar select rows by; the same in raw and summary mode. */
const rowAttrs = (e: StoredEvent, level: string) => ({
  'data-seq': e.seq,
  'data-level': level,
  'data-host': e.host,
  'data-type': e.type,
  'data-status': e.status,
  'data-phase': e.phase,
});

/** `text` in exactly `width` characters: padded, or cut with an ellipsis. */
export function column(text: string, width: number, alignRight = false): string {
  if (text.length > width) return `${text.slice(0, width - 1)}…`;
  return alignRight ? text.padStart(width) : text.padEnd(width);
}

function EventRowImpl({ event: e, mode }: { event: StoredEvent; mode: LogMode }) {
  const level = (e.level || 'INFO').toUpperCase();
  if (mode === 'raw') {
    return (
      <div className="ev-row ev-raw" {...rowAttrs(e, level)}>
        <pre>{JSON.stringify(e)}</pre>
      </div>
    );
  }
  return (
    <div className={`ev-row ev-${level.toLowerCase()} ev-type-${e.type}`} {...rowAttrs(e, level)}>
      <span className="ev-seq">{column(String(e.seq), 7, true)} </span>
      <span className="ev-time">{formatClock(e.timestamp ? e.timestamp * 1000 : 0)} </span>
      <span className="ev-host" title={e.host.length > 14 ? e.host : undefined}>
        {column(e.host, 14)}{' '}
      </span>
      <span className="ev-level">{column(level, 8)} </span>
      <span className="ev-status">{column(e.type === 'status' ? e.status : e.type, 8)} </span>
      {/* "config_done" (11 characters) fits. */}
      <span className="ev-phase">{column(e.phase ?? '', 11)} </span>
      <span className="ev-msg">{summarizeEvent(e)}</span>
    </div>
  );
}

export const EventRow = memo(EventRowImpl);
