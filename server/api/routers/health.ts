// Liveness, plus a demo subscription that proves SSE resume end to end (the run event
// stream uses the same tracked/lastEventId contract).
import 'server-only';
import { sleep } from '@/server/process/sleep';
import { tracked } from '@trpc/server';
import { z } from 'zod';
import packageJson from '@/package.json';
import { createTRPCRouter, publicProcedure } from '@/server/api/trpc';

const startedAt = Date.now();

export const TicksInputSchema = z.object({
  count: z.number().int().min(1).max(10_000).default(10),
  intervalMs: z.number().int().min(1).max(60_000).default(500),
  /** Filled in by httpSubscriptionLink on reconnect from the last `tracked` id. */
  lastEventId: z.string().regex(/^\d+$/, 'lastEventId must be a tick number').nullish(),
});

export const healthRouter = createTRPCRouter({
  ping: publicProcedure.query(() => ({
    ok: true as const,
    version: packageJson.version,
    uptimeS: Math.round((Date.now() - startedAt) / 1000),
  })),

  ticks: publicProcedure.input(TicksInputSchema).subscription(async function* ({ input, signal }) {
    // Resume strictly after the last tick the client saw: no gap, no duplicate.
    const from = input.lastEventId ? Number(input.lastEventId) + 1 : 1;
    for (let n = from; n <= input.count; n++) {
      if (n > from) await sleep(input.intervalMs, signal);
      if (signal?.aborted) return;
      yield tracked(String(n), { n });
    }
  }),
});
