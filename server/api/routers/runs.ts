// Runs: start (config validated by the same schema as the New-run form), stop, look up,
// list, and the live LB_EVENT stream (tracked by seq, resumable with lastEventId).
import 'server-only';
import { z } from 'zod';
import { TRPCError, tracked } from '@trpc/server';
import { createTRPCRouter, mutationProcedure, publicProcedure } from '@/server/api/trpc';
import { PevaConfigSchema } from '@/lib/contract/peva-config';
import { RunIdSchema } from '@/server/runs/run-dir';
import { getRunManager } from '@/server/runs/run-service';
import type { ConfigValidationError, RunNotFoundError } from '@/server/runs/config-errors';
import { listRunFiles } from '@/server/security/run-files';
import { getEnv } from '@/server/config/env';
import { summarizeRun } from '@/server/runs/run-summary';
import { DEFAULT_PROVIDER, ProviderKindSchema } from '@/lib/contract/provider-kind';

export const StartRunInputSchema = z.object({
  config: PevaConfigSchema,
  provider: ProviderKindSchema.default(DEFAULT_PROVIDER),
  runId: RunIdSchema.optional(),
});

const RunRefSchema = z.object({ runId: RunIdSchema });

// By name, not instanceof: the manager may come from another bundle of the same module
// (Next bundles route handlers and instrumentation separately; the manager is shared).
const isNamed = <T extends Error>(err: unknown, name: string): err is T => err instanceof Error && err.name === name;

function mapError(err: unknown): never {
  if (err instanceof TRPCError) throw err;
  if (isNamed<RunNotFoundError>(err, 'RunNotFoundError'))
    throw new TRPCError({ code: 'NOT_FOUND', message: err.message });
  if (isNamed<ConfigValidationError>(err, 'ConfigValidationError')) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: err.message,
      cause: { issues: err.errors.map((e) => ({ message: e.message, path: e.path ? e.path.split('.') : [] })) },
    });
  }
  if (isNamed(err, 'ZodError')) throw new TRPCError({ code: 'BAD_REQUEST', message: (err as Error).message });
  throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: (err as Error).message });
}

export const runsRouter = createTRPCRouter({
  list: publicProcedure.query(async () => {
    const { runs, skipped } = await getRunManager().listRuns().catch(mapError);
    return { runs: runs.map(summarizeRun), skipped };
  }),

  get: publicProcedure.input(RunRefSchema).query(({ input }) => getRunManager().getRun(input.runId).catch(mapError)),

  start: mutationProcedure
    .input(StartRunInputSchema)
    .mutation(({ input }) =>
      getRunManager().startRun({ config: input.config, provider: input.provider, runId: input.runId }).catch(mapError),
    ),

  stop: mutationProcedure
    .input(RunRefSchema)
    .mutation(({ input }) => getRunManager().stopRun(input.runId).catch(mapError)),

  artifacts: publicProcedure
    .input(RunRefSchema)
    .query(({ input }) => listRunFiles(getEnv().LBWEB_OUTPUT_ROOT, input.runId).catch(mapError)),

  events: publicProcedure
    .input(RunRefSchema.extend({ lastEventId: z.string().regex(/^\d+$/).nullish() }))
    .subscription(async function* ({ input, signal }) {
      const manager = getRunManager();
      await manager.getRun(input.runId).catch(mapError);
      const lastEventId = input.lastEventId ? Number(input.lastEventId) : 0;
      for await (const e of manager.events(input.runId, { lastEventId, signal })) {
        yield tracked(String(e.seq), e);
      }
    }),
});
