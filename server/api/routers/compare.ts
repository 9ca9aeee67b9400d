// Compare: B against A (runs of the output root or DuckDB files in it; A defaults to the
// baseline of B's workload), per configuration × function, with the tolerance given.
import 'server-only';
import { z } from 'zod';
import { DEFAULT_TOLERANCE_PCT } from '@/lib/contract/compare';
import { createTRPCRouter, publicProcedure } from '@/server/api/trpc';
import { compareSources } from '@/server/results/compare-sources';

/** A run id, or a .duckdb path relative to the output root. */
const SourceRefSchema = z.string().trim().min(1, 'a run id or a .duckdb file').max(500);

export const CompareInputSchema = z.object({
  a: SourceRefSchema.optional(),
  b: SourceRefSchema,
  tolerancePct: z.number().min(0).max(1000).default(DEFAULT_TOLERANCE_PCT),
});

export const compareRouter = createTRPCRouter({
  get: publicProcedure
    .input(CompareInputSchema)
    .query(({ ctx, input }) => compareSources(ctx.services.outputRoot, input, (w) => ctx.services.runs.baselineOf(w))),
});
