// The run event stream's wire settings, shared by the tRPC router (server/api/trpc.ts) and the
// HTTP server that answers the stream itself (server/http/events-fast-path.ts): the server
// pings every 5 s; the client reconnects when it hears nothing for 12 s (more than two missed
// pings), resuming from the last seq it saw.
import { z } from 'zod';
import { RunIdSchema } from './run-tree';

export const SSE_PING_MS = 5_000;
export const SSE_RECONNECT_AFTER_INACTIVITY_MS = 12_000;

/**
 * runs.events' input: the run and the last seq the client holds. `batch`: each data frame
 * carries an array of events in seq order (its id is the last one's seq) instead of one event;
 * the browser's reader asks for it, tRPC's own client reads the default.
 */
export const RunEventsInputSchema = z.object({
  runId: RunIdSchema,
  lastEventId: z.string().regex(/^\d+$/).nullish(),
  batch: z.boolean().optional(),
});

/**
 * A stream that has just written waits this long before taking what came next, so a fast run's
 * events leave in one write (one syscall, one browser message) per viewer every few ms instead
 * of one per event; a slow run's event still leaves at once.
 */
export const SSE_COALESCE_MS = 4;
