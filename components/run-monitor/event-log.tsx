'use client';
// The run's event log. The DOM holds at most `limit` rows (newest matching ones): a 10k-event
// run stays responsive, and "Show older" raises the cap on request, fetching the page before
// the oldest event held from the server once the browser has shown all it holds. A filter
// covers the events held here and, through the server, the older ones. Follow-tail keeps the
// view pinned to the newest row and lets go as soon as the user scrolls up (a scroll right
// after a wheel, touch, key or pointer gesture); scrolls the layout causes (a narrower window
// rewraps rows) re-pin instead, so follow is not lost without the user asking.
import { memo, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { RunEventLog } from './event-store';
import type { StoredEvent } from '@/lib/contract/stored-event';
import {
  DEFAULT_FILTER,
  isUnfiltered,
  rowGroups,
  visibleEvents,
  type EventFilter,
} from '@/lib/run-digest/event-filter';
import { useOlderEvents } from './use-older-events';
import { useServerSearch } from './use-server-search';
import { EventRow, type LogMode } from './event-row';
import { EventLogToolbar } from './event-log-toolbar';

const PAGE = 1000;

type Group = ReturnType<typeof rowGroups>[number];

// A group's rows by its first event (events never change once stored): the same first row,
// length and last row mean the same rows, so the array from the previous render is reused.
const groupCache = new WeakMap<StoredEvent, StoredEvent[]>();

/**
 * rowGroups, with the same rows array for a group whose rows did not change: a live tail
 * changes only its newest group per frame, and the memoised groups before it skip rendering.
 */
function stableGroups(rows: readonly StoredEvent[]): Group[] {
  return rowGroups(rows).map((g) => {
    const first = g.rows[0]!;
    const old = groupCache.get(first);
    if (old && old.length === g.rows.length && old.at(-1) === g.rows.at(-1)) return { key: g.key, rows: old };
    groupCache.set(first, g.rows);
    return g;
  });
}

const EventGroup = memo(function EventGroup({ rows, mode }: { rows: StoredEvent[]; mode: LogMode }) {
  return (
    <div className="ev-group">
      {rows.map((e) => (
        <EventRow key={e.seq} event={e} mode={mode} />
      ))}
    </div>
  );
});

export function EventLog({ runId, log }: { runId: string; log: RunEventLog; version: number }) {
  const [filter, setFilter] = useState<EventFilter>(DEFAULT_FILTER);
  const [mode, setMode] = useState<LogMode>('summary');
  const [follow, setFollow] = useState(true);
  const [limit, setLimit] = useState(PAGE);
  const scroller = useRef<HTMLDivElement>(null);
  const lastGesture = useRef(0);
  const markGesture = () => {
    lastGesture.current = Date.now();
  };

  const older = useOlderEvents(runId, log);
  // Re-rendered when the stream adds events (`version`) or a page of older ones came (`paged`);
  // log.view is a fresh array after each change, the same one otherwise.
  const [, setPaged] = useState(0);
  const events = log.view;
  const unfiltered = isUnfiltered(filter);
  const onServer = log.olderOnServer;
  const firstHeld = events[0]?.seq ?? log.lastSeq + 1;
  const search = useServerSearch(runId, filter, !unfiltered && onServer > 0 ? firstHeld : null);
  const held = useMemo(() => visibleEvents(events, filter, limit), [events, filter, limit]);
  const rows = useMemo(() => {
    if (held.rows.length >= limit || search.events.length === 0) return held.rows;
    const older = search.events.filter((e) => e.seq < firstHeld);
    return [...older.slice(Math.max(0, older.length - (limit - held.rows.length))), ...held.rows];
  }, [held, search.events, firstHeld, limit]);
  const matched = held.matched + search.events.filter((e) => e.seq < firstHeld).length;
  const hiddenHere = matched - rows.length;
  const hidden = hiddenHere + (unfiltered ? onServer : 0);
  const showOlder = async () => {
    if (hiddenHere < PAGE && unfiltered && onServer > 0) {
      if (await older.loadOlder(PAGE)) setPaged((n) => n + 1);
    } else if (hiddenHere < PAGE && search.more) await search.searchFurther();
    setLimit((l) => l + PAGE);
  };

  const groups = useMemo(() => stableGroups(rows), [rows]);

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
          data-total={log.total}
          data-held={log.events.length}
          data-first-seq={log.events[0]?.seq ?? 0}
          data-last-seq={log.lastSeq}
          data-duplicates={log.duplicates}
        >
          {log.total} events{log.total > log.events.length ? ` (${log.events.length} loaded)` : ''} · {matched}
          {search.more ? '+' : ''} match
          {' · '}
          {rows.length} shown
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
      {!unfiltered && onServer > 0 && (
        <p className="muted" data-testid="filter-scope" data-searching={search.loading}>
          {search.loading
            ? `Searching the ${onServer} older events on the server…`
            : search.more
              ? 'Older events not searched yet: "Show older" searches further back.'
              : 'The whole run was searched.'}
        </p>
      )}
      {search.error && (
        <p className="error-text" role="alert">
          Searching older events failed: {search.error}
        </p>
      )}
      {(hidden > 0 || (search.more && !search.loading)) && (
        <button
          type="button"
          className="button small"
          onClick={() => void showOlder()}
          disabled={older.loading || search.loading}
          data-testid="show-older"
        >
          {hidden > 0
            ? `Show ${Math.min(PAGE, hidden)} older of ${hidden} hidden${search.more ? ' (more may match)' : ''}`
            : 'Search older events'}
        </button>
      )}
      {older.error && (
        <p className="error-text" role="alert">
          Older events could not be loaded: {older.error}
        </p>
      )}
      <div
        className={`event-log ${mode === 'raw' ? 'raw' : ''}`}
        ref={scroller}
        onScroll={onScroll}
        onWheel={markGesture}
        onTouchMove={markGesture}
        onKeyDown={markGesture}
        onPointerDown={markGesture}
        // A scrolling region of text lines, not a live region: read out at 1 000 events/s it
        // would drown everything else.
        role="region"
        aria-label="Run events"
        // A scrolling box: keyboard users scroll it once it has focus.
        tabIndex={0}
        data-testid="event-log"
      >
        {rows.length === 0 ? (
          <p className="muted">
            {log.total === 0
              ? 'Waiting for events…'
              : search.loading
                ? 'Searching older events…'
                : 'No event matches the filter.'}
          </p>
        ) : (
          groups.map((g) => <EventGroup key={g.key} rows={g.rows} mode={mode} />)
        )}
      </div>
    </section>
  );
}
