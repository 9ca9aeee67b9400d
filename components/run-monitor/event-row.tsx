// One log row: one line (the log places rows by index × its row height, log-window.ts), the
// message cut at the log's width (a click shows the whole event). Memoised on the event object
// (events never change once stored), so a new batch renders only its own rows. The columns are
// inline text padded to fixed widths in the log's monospace font, not a grid per row: a row's
// layout and paint are the live tail's main cost, and inline text lays out in about half the
// time of a 7-cell grid (docs/BENCHMARKS.md). Raw mode is the event's JSON on one line (the
// log scrolls sideways).
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

/** `top`: the row's place in the log, in px (its index × the row height); `selected`: the detail shows it. */
function EventRowImpl({
  event: e,
  mode,
  top,
  selected,
}: {
  event: StoredEvent;
  mode: LogMode;
  top: number;
  selected: boolean;
}) {
  const level = (e.level || 'INFO').toUpperCase();
  const mark = selected ? ' ev-selected' : '';
  if (mode === 'raw') {
    return (
      <div
        className={`ev-row ev-raw${mark}`}
        style={{ top }}
        aria-current={selected || undefined}
        {...rowAttrs(e, level)}
      >
        {JSON.stringify(e)}
      </div>
    );
  }
  // Four spans of one text node each (seq and clock; host; level, type and phase; message):
  // every node is a layout object, and a live tail lays out each row that scrolls into view.
  return (
    <div
      className={`ev-row ev-${level.toLowerCase()} ev-type-${e.type}${mark}`}
      style={{ top }}
      aria-current={selected || undefined}
      {...rowAttrs(e, level)}
    >
      <span className="ev-when">{`${column(String(e.seq), 7, true)} ${formatClock(e.timestamp ? e.timestamp * 1000 : 0)} `}</span>
      <span className="ev-host" title={e.host.length > 14 ? e.host : undefined}>
        {`${column(e.host, 14)} `}
      </span>
      {/* "config_done" (11 characters) fits. */}
      <span className="ev-level">{`${column(level, 8)} ${column(e.type === 'status' ? e.status : e.type, 8)} ${column(e.phase ?? '', 11)} `}</span>
      <span className="ev-msg">{summarizeEvent(e)}</span>
    </div>
  );
}

export const EventRow = memo(EventRowImpl);
