// Runs: start (config validated by the same schema as the New-run form), stop, look up,
// list, and the live LB_EVENT stream (tracked by seq, resumable with lastEventId).
import 'server-only';
import { RunEventsInputSchema } from '@/lib/contract/event-stream';
import { RunsQuerySchema } from '@/lib/contract/runs-filter';
import { z } from 'zod';
import { tracked } from '@trpc/server';
import { StartRunRequestSchema } from '@/lib/contract/peva-config';
import { entrypointProblem, policySettingsOf } from '@/lib/contract/policy-settings';
import { getEnv } from '@/server/config/env';
import { ThresholdsSchema } from '@/lib/contract/thresholds';
import { DEFAULT_PROVIDER, ProviderKindSchema } from '@/lib/contract/provider-kind';
import { RunIdSchema } from '@/lib/contract/run-tree';
import { createTRPCRouter, mutationProcedure, publicProcedure } from '@/server/api/trpc';
import { toTRPCError } from '@/server/api/errors';
import { listRunFiles } from '@/server/security/run-files';
import { ArtifactPreviewInputSchema } from '@/lib/contract/artifact-preview';
import { previewArtifact } from '@/server/security/artifact-preview';
import { EventsPageInputSchema, EventsSearchInputSchema, RunSnapshotInputSchema } from '@/lib/contract/run-digest';
import { runEventsPage, runEventsSearch, runSnapshot } from '@/server/runs/run-page';

export const StartRunInputSchema = StartRunRequestSchema.safeExtend({
  provider: ProviderKindSchema.default(DEFAULT_PROVIDER),
  runId: RunIdSchema.optional(),
  /** Runs of more than LIMITS.configurations configurations must be confirmed. */
  allowManyConfigurations: z.boolean().default(false),
  /** Pass/fail limits, outside lb's config (lib/contract/thresholds.ts). */
  thresholds: ThresholdsSchema.optional(),
}).superRefine(refuseCustomPolicy);

const PreflightInputSchema = StartRunRequestSchema.safeExtend({
  provider: ProviderKindSchema.default(DEFAULT_PROVIDER),
}).superRefine(refuseCustomPolicy);

const RunRefSchema = z.object({ runId: RunIdSchema });

/**
 * The policy entrypoint, checked before anything starts: lb's format, and a custom policy (code
 * the runner imports from its workdir) only when the server was started with
 * LBWEB_ALLOW_CUSTOM_POLICIES=1, and only in the shape the runner can load (policy-loader.ts).
 */
function refuseCustomPolicy(input: { config: unknown }, ctx: z.RefinementCtx): void {
  const { entrypoint } = policySettingsOf(input.config);
  const problem = entrypointProblem(entrypoint, getEnv().LBWEB_ALLOW_CUSTOM_POLICIES);
  if (problem) ctx.addIssue({ code: 'custom', path: ['config', 'algorithm_entrypoint'], message: problem });
}

export const runsRouter = createTRPCRouter({
  /** A page of the runs list, filtered on the server (the catalog: runs-catalog.ts). */
  list: publicProcedure.input(RunsQuerySchema).query(({ ctx, input }) => ctx.services.runs.overview(input)),

  /** The first 256 KiB of a CSV/JSON/text artifact, parsed for the run page's preview. */
  artifactPreview: publicProcedure
    .input(ArtifactPreviewInputSchema)
    .query(({ ctx, input }) => previewArtifact(ctx.services.outputRoot, input.runId, input.path)),

  /** Capacity and p95 at a reference rate per function across runs (the home page's trend). */
  capacityTrend: publicProcedure.query(({ ctx }) => ctx.services.runs.capacityTrends()),

  /** Polled by the runs list: it fetches `list` again only when this changes. */
  listVersion: publicProcedure.query(({ ctx }) => ctx.services.runs.listVersion()),

  setBaseline: mutationProcedure
    .input(RunRefSchema.extend({ on: z.boolean() }))
    .mutation(({ ctx, input }) => ctx.services.runs.setBaseline(input.runId, input.on)),

  /** Moves a run that is over into `<output_root>/.lbweb/trash/` (nothing is unlinked). */
  delete: mutationProcedure.input(RunRefSchema).mutation(({ ctx, input }) => ctx.services.runs.deleteRun(input.runId)),

  emptyTrash: mutationProcedure.mutation(({ ctx }) => ctx.services.runs.emptyTrash()),

  get: publicProcedure.input(RunRefSchema).query(({ ctx, input }) => ctx.services.runs.getRun(input.runId)),

  start: mutationProcedure.input(StartRunInputSchema).mutation(({ ctx, input }) =>
    ctx.services.runs.startRun({
      config: input.config,
      provider: input.provider,
      runId: input.runId,
      allowManyConfigurations: input.allowManyConfigurations,
      strictConfig: input.strictConfig,
      thresholds: input.thresholds,
    }),
  ),

  /** A POST (the config can be long): reads the runner's memory and the gateway, starts nothing. */
  preflight: mutationProcedure
    .input(PreflightInputSchema)
    .mutation(({ ctx, input }) =>
      ctx.services.runs.preflight({ config: input.config, strictConfig: input.strictConfig, provider: input.provider }),
    ),

  stop: mutationProcedure.input(RunRefSchema).mutation(({ ctx, input }) => ctx.services.runs.stopRun(input.runId)),

  artifacts: publicProcedure
    .input(RunRefSchema)
    .query(({ ctx, input }) => listRunFiles(ctx.services.outputRoot, input.runId)),

  /** The run page's first load: the whole run's digest and its newest events (then `events` from there). */
  snapshot: publicProcedure
    .input(RunSnapshotInputSchema)
    .query(({ ctx, input }) => runSnapshot(ctx.services.outputRoot, input.runId, input.tail)),

  /** Older events for the event log: the `limit` just before `beforeSeq`. */
  eventsPage: publicProcedure
    .input(EventsPageInputSchema)
    .query(({ ctx, input }) => runEventsPage(ctx.services.outputRoot, input.runId, input.beforeSeq, input.limit)),

  /** The event log's filter over older events than the browser holds (bounded read per call). */
  eventsSearch: publicProcedure
    .input(EventsSearchInputSchema)
    .query(({ ctx, input }) =>
      runEventsSearch(ctx.services.outputRoot, input.runId, input.filter, input.beforeSeq, input.limit),
    ),

  events: publicProcedure.input(RunEventsInputSchema).subscription(async function* ({ ctx, input, signal }) {
    const lastEventId = input.lastEventId ? Number(input.lastEventId) : 0;
    // A subscription's errors surface while iterating, past the error middleware.
    try {
      const batches = ctx.services.runs.eventBatches(input.runId, { lastEventId, signal });
      for await (const batch of batches) {
        if (input.batch) yield tracked(String(batch.at(-1)!.seq), batch);
        else for (const e of batch) yield tracked(String(e.seq), e);
      }
    } catch (err) {
      throw toTRPCError(err);
    }
  }),
});
