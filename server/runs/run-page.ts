// What the run page reads besides the live stream: a snapshot (the digest of the whole run and
// its newest events, consistent with each other: the events end at the digest's last seq, where
// the stream resumes) and pages of older events by seq. Neither reads more of events.jsonl than
// it returns, plus what the digest had not folded in yet.
import 'server-only';
import { existsSync } from 'node:fs';
import type { EventsPage, RunSnapshot } from '@/lib/run-digest/run-digest';
import { runPaths } from './run-dir';
import { RunNotFoundError } from './run-errors';
import { digestTracker } from './run-digest-store';
import { eventsBefore, openEvents, readEventsPage } from './event-file-pages';
import { searchEventsBefore, type EventsSearchPage } from './event-search';
import type { EventFilter } from '@/lib/run-digest/event-filter';

function eventsFile(outputRoot: string, runId: string): string {
  const paths = runPaths(outputRoot, runId);
  if (!existsSync(paths.journal)) throw new RunNotFoundError(runId);
  return paths.events;
}

export async function runSnapshot(outputRoot: string, runId: string, tail: number): Promise<RunSnapshot> {
  const file = eventsFile(outputRoot, runId);
  const { state, offset } = await digestTracker(file).current();
  const fh = await openEvents(file);
  if (!fh) return { digest: state, events: [] };
  try {
    // Read back from the digest's end, not the file's: a line appended since belongs to the stream.
    return { digest: state, events: (await eventsBefore(fh, offset, tail)).events };
  } finally {
    await fh.close();
  }
}

export function runEventsPage(
  outputRoot: string,
  runId: string,
  beforeSeq: number,
  limit: number,
): Promise<EventsPage> {
  return readEventsPage(eventsFile(outputRoot, runId), beforeSeq, limit);
}

export function runEventsSearch(
  outputRoot: string,
  runId: string,
  filter: EventFilter,
  beforeSeq: number,
  limit: number,
): Promise<EventsSearchPage> {
  return searchEventsBefore(eventsFile(outputRoot, runId), filter, beforeSeq, limit);
}
