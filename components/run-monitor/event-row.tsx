// One log row. Memoised on the event object (events never change once stored), so a new
// batch renders only its own rows.
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
  role: 'row',
});

function EventRowImpl({ event: e, mode }: { event: StoredEvent; mode: LogMode }) {
  const level = (e.level || 'INFO').toUpperCase();
  if (mode === 'raw') {
    return (
      <div className="ev-row ev-raw" {...rowAttrs(e, level)}>
        <pre role="cell">{JSON.stringify(e)}</pre>
      </div>
    );
  }
  return (
    <div className={`ev-row ev-${level.toLowerCase()} ev-type-${e.type}`} {...rowAttrs(e, level)}>
      <span className="ev-seq" role="cell">
        {e.seq}
      </span>
      <span className="ev-time" role="cell">
        {formatClock(e.timestamp ? e.timestamp * 1000 : 0)}
      </span>
      <span className="ev-host" role="cell">
        {e.host}
      </span>
      <span className="ev-level" role="cell">
        {level}
      </span>
      <span className="ev-status" role="cell">
        {e.type === 'status' ? e.status : e.type}
      </span>
      <span className="ev-phase" role="cell">
        {e.phase ?? ''}
      </span>
      <span className="ev-msg" role="cell">
        {summarizeEvent(e)}
      </span>
    </div>
  );
}

export const EventRow = memo(EventRowImpl);
