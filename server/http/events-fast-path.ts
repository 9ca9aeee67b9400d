// A run's live event stream (GET /api/trpc/runs.events) answered by our HTTP server in the
// exact SSE frames tRPC's httpSubscriptionLink reads, instead of through tRPC's and Next's web
// streams: there every message to every viewer costs several web-stream chunks and async-hook
// promise tracking, and 50 viewers of a 1000 events/s run saturated the server
// (docs/BENCHMARKS.md). Here each event is serialised once for all viewers and written to the
// socket in one piece; a fast run's events are coalesced into one write every SSE_COALESCE_MS
// per viewer, as one frame holding an array when the client asked for batches. Anything
// unusual (bad input, unknown run, an error) is left to the tRPC route, which answers it in its
// own format.
import 'server-only';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  RunEventsInputSchema,
  SSE_COALESCE_MS,
  SSE_PING_MS,
  SSE_RECONNECT_AFTER_INACTIVITY_MS,
} from '@/lib/contract/event-stream';
import type { StoredEvent } from '@/lib/contract/stored-event';
import { runPaths } from '@/server/runs/run-dir';
import { getRunManager } from '@/server/runs/run-service';
import { guardRequest } from '@/server/security/request-guard';
import { sendWebResponse, webRequestOf } from './artifact-fast-path';

const PATH = '/api/trpc/runs.events';

/** The stream's run and resume point, or null when the request is not one we answer here. */
export function eventsRequest(
  rawTarget: string,
  headers: Record<string, string | string[] | undefined>,
): { runId: string; lastEventId: number; batch: boolean } | null {
  const url = new URL(rawTarget, 'http://x');
  if (url.pathname !== PATH) return null;
  let input: unknown;
  try {
    input = JSON.parse(url.searchParams.get('input') ?? 'null');
  } catch {
    return null;
  }
  const parsed = RunEventsInputSchema.safeParse(input);
  if (!parsed.success) return null;
  // tRPC's order: the Last-Event-ID header, then ?lastEventId=, then the input's own.
  const header = headers['last-event-id'];
  const resume =
    (Array.isArray(header) ? header[0] : header) ??
    url.searchParams.get('lastEventId') ??
    url.searchParams.get('Last-Event-Id') ??
    parsed.data.lastEventId ??
    '0';
  if (!/^\d+$/.test(resume)) return null;
  return { runId: parsed.data.runId, lastEventId: Number(resume), batch: parsed.data.batch ?? false };
}

// One serialisation per event for every viewer (the hub hands all of them the same object).
const json = new WeakMap<StoredEvent, string>();
function eventJson(e: StoredEvent): string {
  let j = json.get(e);
  if (j === undefined) json.set(e, (j = JSON.stringify(e)));
  return j;
}
export function eventFrame(e: StoredEvent): string {
  return `data: ${eventJson(e)}\nid: ${e.seq}\n\n\n`;
}
/** A batch in one frame: the events as a JSON array, the last seq as id (where a reconnect resumes). */
export function batchFrame(batch: readonly StoredEvent[]): string {
  return `data: [${batch.map(eventJson).join(',')}]\nid: ${batch.at(-1)!.seq}\n\n\n`;
}
export const CONNECTED_FRAME = `event: connected\ndata: ${JSON.stringify({
  reconnectAfterInactivityMs: SSE_RECONNECT_AFTER_INACTIVITY_MS,
})}\n\n\n`;
export const PING_FRAME = 'event: ping\ndata: \n\n\n';
export const RETURN_FRAME = 'event: return\ndata: \n\n\n';

/** Answers the stream and resolves when it ends; false (nothing written) when tRPC should. */
export async function serveEventStream(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (req.method !== 'GET' || !req.url?.startsWith(PATH)) return false;
  const ask = eventsRequest(req.url, req.headers);
  if (!ask) return false;
  const manager = getRunManager();
  if (!existsSync(runPaths(manager.opts.outputRoot, ask.runId).journal)) return false;
  const { denied, setCookie } = guardRequest(webRequestOf(req));
  if (denied) {
    await sendWebResponse(res, denied, 'GET');
    return true;
  }
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    ...(setCookie ? { 'set-cookie': setCookie } : {}),
  });
  const abort = new AbortController();
  res.on('close', () => abort.abort());
  let lastWrite = Date.now();
  // Waiting for 'drain' ends with the connection (the abort fires on 'close', even one that
  // happened before the wait began), so a dropped viewer never holds its hub subscription.
  const write = async (frame: string) => {
    lastWrite = Date.now();
    if (!res.write(frame)) await once(res, 'drain', { signal: abort.signal }).catch(() => undefined);
  };
  // tRPC pings only when nothing else was sent for a ping interval.
  const ping = setInterval(() => {
    if (Date.now() - lastWrite >= SSE_PING_MS && !res.writableEnded) void write(PING_FRAME);
  }, SSE_PING_MS / 5);
  try {
    await write(CONNECTED_FRAME);
    const batches = manager.eventBatches(ask.runId, { lastEventId: ask.lastEventId, signal: abort.signal });
    for await (const batch of batches) {
      if (abort.signal.aborted) break;
      await write(ask.batch ? batchFrame(batch) : batch.map(eventFrame).join(''));
      // What arrives during the pause is taken as one batch (a slow run's next event is not delayed).
      const pause = lastWrite + SSE_COALESCE_MS - Date.now();
      if (pause > 0) await sleep(pause, undefined, { signal: abort.signal });
    }
    if (!abort.signal.aborted) await write(RETURN_FRAME);
  } catch {
    // The client reconnects from its last seq; an error frame would need tRPC's error shape.
  } finally {
    clearInterval(ping);
    res.end();
  }
  return true;
}
