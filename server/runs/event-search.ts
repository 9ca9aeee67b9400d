// The event log's filter over the part of a run the browser does not hold: events.jsonl read
// backwards from a seq, the same filter the browser applies (lib/run-digest/event-filter).
// One call reads at most SCAN_BYTES, so a search of a 1M-event run answers in bounded time
// and the browser asks for more where the last call stopped.
import 'server-only';
import { parseStoredLine, type StoredEvent } from '@/lib/contract/stored-event';
import { matchesFilter, type EventFilter } from '@/lib/run-digest/event-filter';
import { linesBackward, offsetOfSeq, openEvents } from './event-file-pages';

/** About 25 000 events of a typical run: well under a second on a slow disk. */
export const SCAN_BYTES = 8 * 1024 * 1024;

export interface EventsSearchPage {
  /** Matches, oldest first. */
  events: StoredEvent[];
  /** Continue before this seq (the oldest line read); null when the run's start was reached. */
  nextBeforeSeq: number | null;
}

export async function searchEventsBefore(
  file: string,
  filter: EventFilter,
  beforeSeq: number,
  limit: number,
  scanBytes = SCAN_BYTES,
): Promise<EventsSearchPage> {
  const fh = await openEvents(file);
  if (!fh) return { events: [], nextBeforeSeq: null };
  try {
    const end = await offsetOfSeq(fh, beforeSeq, (await fh.stat()).size);
    const events: StoredEvent[] = [];
    let oldest: { seq: number; start: number } | null = null;
    for await (const { line, start } of linesBackward(fh, end)) {
      const e = parseStoredLine(line);
      if (!e) continue;
      oldest = { seq: e.seq, start };
      if (matchesFilter(e, filter)) events.push(e);
      if (events.length === limit || end - start >= scanBytes) break;
    }
    const atStart = oldest === null || oldest.start === 0;
    return { events: events.reverse(), nextBeforeSeq: atStart ? null : oldest!.seq };
  } finally {
    await fh.close();
  }
}
