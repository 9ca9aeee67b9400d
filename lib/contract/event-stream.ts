// The run event stream's wire settings, shared by the tRPC router (server/api/trpc.ts) and the
// HTTP server that answers the stream itself (server/http/events-fast-path.ts): the server
// pings every 5 s; the client reconnects when it hears nothing for 12 s (more than two missed
// pings), resuming from the last seq it saw.
import { z } from 'zod';
import { RunIdSchema } from './run-tree';

export const SSE_PING_MS = 5_000;
export const SSE_RECONNECT_AFTER_INACTIVITY_MS = 12_000;

/** runs.events' input: the run and the last seq the client holds. */
export const RunEventsInputSchema = z.object({
  runId: RunIdSchema,
  lastEventId: z.string().regex(/^\d+$/).nullish(),
});
