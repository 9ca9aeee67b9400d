// One input line (agent stream file, Ansible output, stdout) → the run's hub: parse, dedupe,
// count malformed lines, publish. Nothing here is fatal for the run.
import 'server-only';
import { eventIdentity, parseLbEventLine, type LbEvent } from '@/lib/contract/lb-event';
import type { StoredEvent } from '@/lib/contract/stored-event';
import type { RunEventHub } from './event-hub';

export interface IngestContext {
  runId: string;
  /** The host the line came from: fills an empty `host` and names the source of a malformed line. */
  host: string;
  /** Identities already seen. Bounded by the ingest (oldest evicted beyond DEDUPE_WINDOW). */
  dedupe: Set<string>;
  /** Fields added to the stored event (e.g. `src_offset`, the line's end offset in its stream). */
  extra?: Record<string, unknown>;
  /** Called synchronously with each new (not duplicate) event, before it is published. */
  onEvent?: (event: LbEvent) => void;
}

export type IngestResult =
  | { kind: 'published'; event: StoredEvent }
  | { kind: 'duplicate' }
  | { kind: 'malformed'; reason: string }
  | { kind: 'none' };

// lb repeats a line right after itself (retries, Ansible re-printing), never hours later; a
// window keeps the set from growing for the whole run.
export const DEDUPE_WINDOW = 10_000;

export async function ingestLine(hub: RunEventHub, line: string, ctx: IngestContext): Promise<IngestResult> {
  const parsed = parseLbEventLine(line);
  if (parsed.kind === 'none') return { kind: 'none' };
  if (parsed.kind === 'malformed') {
    await hub.recordMalformed(parsed.line, parsed.reason, { host: ctx.host, runId: ctx.runId });
    return { kind: 'malformed', reason: parsed.reason };
  }
  const event = parsed.event;
  if (!event.run_id) event.run_id = ctx.runId;
  if (!event.host) event.host = ctx.host;
  const id = eventIdentity(event);
  if (ctx.dedupe.has(id)) return { kind: 'duplicate' };
  ctx.dedupe.add(id);
  if (ctx.dedupe.size > DEDUPE_WINDOW) {
    const oldest = ctx.dedupe.values().next();
    if (!oldest.done) ctx.dedupe.delete(oldest.value);
  }
  ctx.onEvent?.(event);
  return { kind: 'published', event: await hub.publish(ctx.extra ? { ...event, ...ctx.extra } : event) };
}
