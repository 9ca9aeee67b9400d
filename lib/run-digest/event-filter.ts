// What the event log shows: level threshold, event type, free-text search, and the
// one-line summary of an event. Pure; the log component only renders the result, and the
// server applies the same filter to the events the browser does not hold (runs.eventsSearch).
import type { StoredEvent } from '@/lib/contract/stored-event';
import { metricSample } from './metric-series';

export const LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR'] as const;
export type MinLevel = 'ALL' | (typeof LEVELS)[number];
export type TypeFilter = 'all' | 'status' | 'log' | 'metric';

export interface EventFilter {
  minLevel: MinLevel;
  type: TypeFilter;
  search: string;
}

export const DEFAULT_FILTER: EventFilter = { minLevel: 'ALL', type: 'all', search: '' };

// Python's logging names, plus the aliases lb's records use.
const LEVEL_RANK: Record<string, number> = {
  DEBUG: 10,
  INFO: 20,
  WARN: 30,
  WARNING: 30,
  ERROR: 40,
  CRITICAL: 50,
  FATAL: 50,
};

export function levelRank(level: string | undefined): number {
  return LEVEL_RANK[(level ?? 'INFO').toUpperCase()] ?? 20;
}

const fmt = (v: number | null, digits: number, unit = '') => (v === null ? '—' : `${v.toFixed(digits)}${unit}`);

/** One line per event; metric samples are spelled out per function. */
export function summarizeEvent(e: StoredEvent): string {
  const s = metricSample(e);
  if (s) {
    const parts = Object.entries(s.fns).map(
      ([fn, m]) =>
        `${fn}: ${fmt(m.rps, 1)} req/s, ${m.successRate === null ? '—' : `${(m.successRate * 100).toFixed(1)}%`} ok, p50 ${fmt(m.p50, 1, ' ms')}, p95 ${fmt(m.p95, 1, ' ms')}`,
    );
    return parts.length ? parts.join(' · ') : 'metric sample (no functions)';
  }
  const where = [e.config_id, e.iteration !== undefined ? `iter ${e.iteration}` : undefined].filter(Boolean).join(' ');
  return where && !e.message.includes(where) ? `${e.message} (${where})` : e.message;
}

// The searchable text of an event never changes: compute it once.
const haystacks = new WeakMap<StoredEvent, string>();
function haystack(e: StoredEvent): string {
  let h = haystacks.get(e);
  if (h === undefined) {
    h = [
      summarizeEvent(e),
      e.host,
      e.workload,
      e.status,
      e.type,
      e.level,
      e.phase ?? '',
      e.config_id ?? '',
      e.error_type ?? '',
    ]
      .join('\u0001')
      .toLowerCase();
    haystacks.set(e, h);
  }
  return h;
}

export function isUnfiltered(f: EventFilter): boolean {
  return f.type === 'all' && f.minLevel === 'ALL' && f.search.trim() === '';
}

export function matchesFilter(e: StoredEvent, f: EventFilter): boolean {
  if (f.type !== 'all' && e.type !== f.type) return false;
  if (f.minLevel !== 'ALL' && levelRank(e.level) < levelRank(f.minLevel)) return false;
  const q = f.search.trim().toLowerCase();
  return q === '' || haystack(e).includes(q);
}

/** Unfiltered, the oldest row the log holds moves in steps of this many seqs (see visibleEvents). */
export const CUT_STEP = 500;

/**
 * The newest `limit` events matching the filter, oldest first, and how many matched in
 * all: the log holds at most `limit` rows however long the run is. Unfiltered, the cut falls
 * on a multiple of CUT_STEP seqs (up to CUT_STEP − 1 rows over `limit`): a live log at its
 * limit drops its oldest rows once every CUT_STEP events, not a few on every frame, and its
 * rows keep their places (the log places each row by its index) in between.
 */
export function visibleEvents(
  events: readonly StoredEvent[],
  f: EventFilter,
  limit: number,
  /** How many of `events` to consider (the log grows while a render is in flight). */
  count = events.length,
): { rows: StoredEvent[]; matched: number } {
  const end = Math.min(count, events.length);
  if (isUnfiltered(f)) {
    let start = Math.max(0, end - limit);
    const step = start < end ? stepOf(events[start]!) : 0;
    while (start > 0 && stepOf(events[start - 1]!) === step) start--;
    return { rows: events.slice(start, end), matched: end };
  }
  const rows: StoredEvent[] = [];
  let matched = 0;
  for (let i = end - 1; i >= 0; i--) {
    const e = events[i]!;
    if (!matchesFilter(e, f)) continue;
    matched++;
    if (rows.length < limit) rows.push(e);
  }
  return { rows: rows.reverse(), matched };
}

const stepOf = (e: StoredEvent) => Math.floor(e.seq / CUT_STEP);
