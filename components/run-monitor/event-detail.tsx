'use client';
// The whole of one event, under the log: a log row is one line (its message cut to the
// width), so a click on it (or Enter in the log) shows everything the event carries, message
// first. Older / Newer step through the log's rows without the mouse; Escape closes it.
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { StoredEvent } from '@/lib/contract/stored-event';
import { summarizeEvent } from '@/lib/run-digest/event-filter';

export function EventDetail({
  event,
  onClose,
  onOlder,
  onNewer,
  focusOnOpen,
}: {
  event: StoredEvent;
  onClose: () => void;
  /** Null: no older (newer) row in the log. */
  onOlder: (() => void) | null;
  onNewer: (() => void) | null;
  /** Opened from the keyboard: focus moves here, so it is read out and its buttons are next. */
  focusOnOpen: boolean;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focusOnOpen) box.current?.focus({ preventScroll: true });
  }, [focusOnOpen]);
  const onKeyDown = (ev: KeyboardEvent<HTMLDivElement>) => {
    if (ev.key !== 'Escape') return;
    ev.preventDefault();
    onClose();
  };
  const steps = [
    ['Older', 'Show the older event', onOlder],
    ['Newer', 'Show the newer event', onNewer],
  ] as const;
  return (
    <div
      className="event-detail"
      data-testid="event-detail"
      data-seq={event.seq}
      ref={box}
      tabIndex={-1}
      role="group"
      aria-labelledby="event-detail-h"
      onKeyDown={onKeyDown}
    >
      <div className="panel-head">
        <strong id="event-detail-h">Event {event.seq}</strong>
        <span className="row-actions">
          {steps.map(([label, name, onStep]) => (
            <button
              key={label}
              type="button"
              className="button small"
              onClick={onStep ?? undefined}
              disabled={!onStep}
              aria-label={name}
            >
              {label}
            </button>
          ))}
          <button type="button" className="button small" onClick={onClose} aria-label="Close the event detail">
            Close
          </button>
        </span>
      </div>
      <p className="event-detail-msg">{summarizeEvent(event)}</p>
      <pre>{JSON.stringify(event, null, 2)}</pre>
    </div>
  );
}
