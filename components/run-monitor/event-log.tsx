'use client';
// The run's event log. It holds at most `limit` rows (the newest matching ones) and draws only
// the rows in view (log-window.ts): every row is one line, so a 20k-row log costs the DOM of
// ~100 rows and a live tail at 1 000 events/s inserts only the rows that scroll into view.
// "Show older" raises the cap on request, fetching the page before the oldest event held from
// the server once the browser has shown all it holds. A filter covers the events held here
// and, through the server, the older ones. Follow-tail keeps the view pinned to the newest row
// and lets go as soon as the user scrolls up (a scroll right after a wheel, touch, key or
// pointer gesture); scrolls the page causes re-pin instead, so follow is not lost without the
// user asking. Not following, the row at the top of the view stays there while rows are
// added or dropped above it. A click on a row shows the whole event under the log.
import {
  memo,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import type { RunEventLog } from './event-store';
import type { StoredEvent } from '@/lib/contract/stored-event';
import { DEFAULT_FILTER, isUnfiltered, type EventFilter } from '@/lib/run-digest/event-filter';
import { useOlderEvents } from './use-older-events';
import { useServerSearch } from './use-server-search';
import { EventRow, type LogMode } from './event-row';
import { EventLogToolbar } from './event-log-toolbar';
import { EventDetail } from './event-detail';
import { ROW_PX, anchorAt, anchoredScroll, logWindow, type ScrollAnchor } from './log-window';
import { useLogSelection } from './use-log-selection';

const PAGE = 1000;
/** The log box's height before it is measured (the stylesheet's `.event-log` height). */
const INITIAL_VIEW_PX = 420;
/** Within this many px of the bottom counts as at the bottom (follow resumes there). */
const BOTTOM_SLACK_PX = 24;

/**
 * The rendered rows, each placed at its index: a row keeps its place while the window moves
 * (only rows entering the view are laid out and painted). Re-rendered only when the window or
 * the mode changes, not on every scroll. `recycle` (following a fast tail): each row is keyed by
 * its slot (index mod the window's length) and stays at that slot in the DOM, so a row leaving
 * the window hands its element to the row entering — its text and place change — instead of one
 * element removed and one created per row: half the script and a fifth of the style work per
 * frame at 1 000 events/s (docs/BENCHMARKS.md). The DOM order is then not the line order; it
 * is again as soon as the tail slows or the user scrolls.
 */
const LogRows = memo(function LogRows({
  rows,
  start,
  mode,
  recycle,
  selected,
}: {
  rows: StoredEvent[];
  start: number;
  mode: LogMode;
  recycle: boolean;
  selected: number | null;
}) {
  const row = (key: number, e: StoredEvent, k: number) => (
    <EventRow key={key} event={e} mode={mode} top={(start + k) * ROW_PX} selected={e.seq === selected} />
  );
  if (!recycle) return rows.map((e, k) => row(e.seq, e, k));
  const n = rows.length;
  const slots = new Array<ReactNode>(n);
  for (let k = 0; k < n; k++) slots[(start + k) % n] = row((start + k) % n, rows[k]!, k);
  return slots;
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
  // Re-rendered when the stream adds events (`version`) or a page of older ones came (`paged`).
  const [, setPaged] = useState(0);
  const events = log.events;
  const unfiltered = isUnfiltered(filter);
  const onServer = log.olderOnServer;
  const firstHeld = events[0]?.seq ?? log.lastSeq + 1;
  const search = useServerSearch(runId, filter, !unfiltered && onServer > 0 ? firstHeld : null);
  const held = log.visible(filter, limit);
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

  // Scroll state in rows, not px: a scroll re-renders only when the first row in view changes.
  const [topRow, setTopRow] = useState(0);
  const [viewPx, setViewPx] = useState(INITIAL_VIEW_PX);
  const anchor = useRef<ScrollAnchor | null>(null);
  const win = logWindow(rows.length, topRow * ROW_PX, viewPx, follow);
  const windowRows = useMemo(() => rows.slice(win.start, win.end), [rows, win.start, win.end]);
  const totalPx = rows.length * ROW_PX;

  useEffect(() => {
    const el = scroller.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setViewPx(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Following: pinned to the bottom, computed from the row count (no layout read). Not
  // following: the anchored row stays at the top of the view; following just turned off (the
  // checkbox), the row at the top of the view now becomes the anchor.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (follow) {
      el.scrollTop = totalPx;
      anchor.current = null;
      return;
    }
    if (!anchor.current) {
      anchor.current = anchorAt(rows, el.scrollTop);
      setTopRow(Math.floor(el.scrollTop / ROW_PX));
      return;
    }
    const to = anchoredScroll(rows, anchor.current);
    if (Math.abs(el.scrollTop - to) >= 1) el.scrollTop = to;
  }, [rows, totalPx, follow, mode]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const top = el.scrollTop;
    const atBottom = totalPx - top - viewPx < BOTTOM_SLACK_PX;
    if (follow && !atBottom) {
      if (Date.now() - lastGesture.current < 1000) setFollow(false);
      else {
        el.scrollTop = totalPx;
        return;
      }
    } else if (follow)
      return; // pinned at the bottom: the window does not depend on the scroll
    else if (atBottom && top > 0) setFollow(true);
    anchor.current = anchorAt(rows, top);
    setTopRow(Math.floor(top / ROW_PX));
  };

  const selection = useLogSelection(rows, log.events, scroller, follow, viewPx);
  const onKeyDown = (ev: KeyboardEvent<HTMLDivElement>) => {
    if (!selection.onKeyDown(ev)) markGesture();
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
        style={{ '--ev-row': `${ROW_PX}px` } as CSSProperties}
        ref={scroller}
        onScroll={onScroll}
        onWheel={markGesture}
        onTouchMove={markGesture}
        onKeyDown={onKeyDown}
        onPointerDown={markGesture}
        onClick={selection.onClick}
        // A scrolling region of text lines, not a live region: read out at 1 000 events/s it
        // would drown everything else.
        role="region"
        aria-label="Run events"
        // A scrolling box: keyboard users scroll it once it has focus.
        tabIndex={0}
        data-testid="event-log"
        // What the log holds (most of it is not in the DOM): tests and tools read these.
        data-rows={rows.length}
        data-first-seq={rows[0]?.seq ?? 0}
        data-last-seq={rows.at(-1)?.seq ?? 0}
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
          <div className="ev-space" style={{ height: totalPx }}>
            <LogRows
              rows={windowRows}
              start={win.start}
              mode={mode}
              recycle={follow && log.fastTail}
              selected={selection.selected}
            />
          </div>
        )}
      </div>
      {selection.detail && <EventDetail {...selection.detail} />}
    </section>
  );
}
