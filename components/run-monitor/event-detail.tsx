'use client';
// The whole of one event, under the log: a log row is one line (its message cut to the
// width), so a click on it shows everything the event carries, message first.
import type { StoredEvent } from '@/lib/contract/stored-event';
import { summarizeEvent } from '@/lib/run-digest/event-filter';

export function EventDetail({ event, onClose }: { event: StoredEvent; onClose: () => void }) {
  return (
    <div className="event-detail" data-testid="event-detail" data-seq={event.seq}>
      <div className="panel-head">
        <strong>Event {event.seq}</strong>
        <button type="button" className="button small" onClick={onClose} aria-label="Close the event detail">
          Close
        </button>
      </div>
      <p className="event-detail-msg">{summarizeEvent(event)}</p>
      <pre>{JSON.stringify(event, null, 2)}</pre>
    </div>
  );
}
