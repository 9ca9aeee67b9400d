'use client';
// The run's event log. The DOM holds at most `limit` rows (newest matching ones): a 10k-event
// run stays responsive, and "Show older" raises the cap on request. Follow-tail keeps the
// view pinned to the newest row and lets go as soon as the user scrolls up (a scroll right
// after a wheel, touch, key or pointer gesture); scrolls the layout causes (a narrower window
// rewraps rows) re-pin instead, so follow is not lost without the user asking.
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { RunEventLog } from './event-store';
import { DEFAULT_FILTER, visibleEvents, type EventFilter } from './event-filter';
import { EventRow, type LogMode } from './event-row';
import { EventLogToolbar } from './event-log-toolbar';

const PAGE = 1000;

export function EventLog({ log, count }: { log: RunEventLog; count: number }) {
  const [filter, setFilter] = useState<EventFilter>(DEFAULT_FILTER);
  const [mode, setMode] = useState<LogMode>('summary');
  const [follow, setFollow] = useState(true);
  const [limit, setLimit] = useState(PAGE);
  const scroller = useRef<HTMLDivElement>(null);
  const lastGesture = useRef(0);
  const markGesture = () => {
    lastGesture.current = Date.now();
  };

  // The log object is mutated in place; `count` (its length at this render) is what changes.
  const { rows, matched } = useMemo(() => visibleEvents(log.events, filter, limit, count), [log, count, filter, limit]);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (follow && el) el.scrollTop = el.scrollHeight;
  }, [rows, follow, mode]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
    if (follow && !atBottom) {
      if (Date.now() - lastGesture.current < 1000) setFollow(false);
      else el.scrollTop = el.scrollHeight;
    } else if (!follow && atBottom && el.scrollTop > 0) setFollow(true);
  };

  return (
    <section className="panel" aria-labelledby="events-h">
      <div className="panel-head">
        <h2 id="events-h">Events</h2>
        <span
          className="muted"
          data-testid="event-counts"
          data-total={log.events.length}
          data-last-seq={log.lastSeq}
          data-duplicates={log.duplicates}
        >
          {log.events.length} events · {matched} match · {rows.length} shown
          {' · '}
          <span
            data-testid="malformed-count"
            className={log.derived.malformed > 0 ? 'error-text' : undefined}
            title="LB_EVENT lines the controller could not parse (skipped, each reported as a WARNING event)"
          >
            {log.derived.malformed} malformed
          </span>
          {log.missing > 0 && (
            <>
              {' '}
              · <strong className="error-text">{log.missing} missing</strong>
            </>
          )}
        </span>
      </div>
      <EventLogToolbar
        filter={filter}
        onFilter={setFilter}
        mode={mode}
        onMode={setMode}
        follow={follow}
        onFollow={setFollow}
      />
      {matched > rows.length && (
        <button type="button" className="button small" onClick={() => setLimit((l) => l + PAGE)}>
          Show {Math.min(PAGE, matched - rows.length)} older of {matched - rows.length} hidden
        </button>
      )}
      <div
        className={`event-log ${mode === 'raw' ? 'raw' : ''}`}
        ref={scroller}
        onScroll={onScroll}
        onWheel={markGesture}
        onTouchMove={markGesture}
        onKeyDown={markGesture}
        onPointerDown={markGesture}
        role="table"
        aria-label="Run events"
        data-testid="event-log"
      >
        {rows.length === 0 ? (
          <p className="muted">{log.events.length === 0 ? 'Waiting for events…' : 'No event matches the filter.'}</p>
        ) : (
          rows.map((e) => <EventRow key={e.seq} event={e} mode={mode} />)
        )}
      </div>
    </section>
  );
}
