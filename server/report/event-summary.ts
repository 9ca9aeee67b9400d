// What a run's event log says, in a few lines for the report: counts by type and level, its
// warnings and errors (the first ones), the load driver, and the time span. Streamed: a long
// run's events.jsonl holds every per-second metric event.
import 'server-only';
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tryParseJson } from '@/lib/contract/tolerant-json';
import type { SearchDigest } from '@/lib/contract/capacity-search';
import { StoredEventSchema, type StoredEvent } from '@/lib/contract/stored-event';
import { CapacitySearchLog } from '@/lib/run-digest/capacity-search-log';

export interface EventSummary {
  total: number;
  byType: Record<string, number>;
  byLevel: Record<string, number>;
  /** WARNING/ERROR messages, first NOTABLE_KEPT of them. */
  notable: Array<{ level: string; message: string; host: string }>;
  notableTotal: number;
  loadDriver: string | null;
  firstTs: number | null;
  lastTs: number | null;
  /** The capacity search as it went (its `policy` events folded as the run page does); null for another policy. */
  search: SearchDigest | null;
}

const NOTABLE_KEPT = 30;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export async function summarizeEvents(file: string): Promise<EventSummary | null> {
  if (!existsSync(file)) return null;
  const s: EventSummary = {
    total: 0,
    byType: {},
    byLevel: {},
    notable: [],
    notableTotal: 0,
    loadDriver: null,
    firstTs: null,
    lastTs: null,
    search: null,
  };
  const search = new CapacitySearchLog();
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    const e = tryParseJson(line);
    if (!isRecord(e)) continue;
    s.total++;
    const type = typeof e.type === 'string' ? e.type : 'status';
    const level = typeof e.level === 'string' ? e.level : 'INFO';
    s.byType[type] = (s.byType[type] ?? 0) + 1;
    s.byLevel[level] = (s.byLevel[level] ?? 0) + 1;
    if (typeof e.timestamp === 'number') {
      s.firstTs ??= e.timestamp;
      s.lastTs = e.timestamp;
    }
    const message = typeof e.message === 'string' ? e.message : '';
    if (message.startsWith('load driver: ')) s.loadDriver = message.slice('load driver: '.length);
    if (level === 'WARNING' || level === 'ERROR' || level === 'CRITICAL') {
      s.notableTotal++;
      if (s.notable.length < NOTABLE_KEPT) s.notable.push({ level, message, host: String(e.host ?? '') });
    }
    if (e.phase === 'policy') {
      const stored = StoredEventSchema.safeParse(e);
      if (stored.success) search.add(stored.data as StoredEvent);
    }
  }
  s.search = search.toState();
  return s;
}
