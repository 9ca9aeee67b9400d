// A stored event: an LB_EVENT payload plus the run's monotonic `seq`, one JSON object per line
// of `<run_dir>/events.jsonl` (written last, so a reader can skip lines by seq cheaply). The
// server writes and replays these lines; the browser receives the same objects over SSE.
import { z } from 'zod';
import { LbEventSchema, type LbEvent } from './lb-event';

export type StoredEvent = LbEvent & { seq: number };
export const StoredEventSchema = LbEventSchema.extend({ seq: z.number().int().min(1) });

export function serializeStored(e: StoredEvent): string {
  return JSON.stringify(e) + '\n';
}

export function parseStoredLine(line: string): StoredEvent | null {
  if (!line) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return null;
  }
  const parsed = StoredEventSchema.safeParse(raw);
  return parsed.success ? (parsed.data as StoredEvent) : null;
}

// `seq` is the last key we write, so most lines can be skipped without a full parse.
const SEQ_AT_END = /"seq":(\d+)}$/;
export function quickSeq(line: string): number | null {
  const m = SEQ_AT_END.exec(line);
  return m ? Number(m[1]) : null;
}
