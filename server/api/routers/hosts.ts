// Hosts: status of the pair, and background provision / verify / destroy with progress.
import 'server-only';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_PROVIDER, PROVIDER_KINDS, ProviderKindSchema } from '@/lib/contract/provider-kind';
import { createTRPCRouter, mutationProcedure, publicProcedure } from '@/server/api/trpc';
import type { ApiServices } from '@/server/api/services';
import { SshPairSchema } from '@/lib/contract/ssh-hosts';
import { describePair, readSshPair, removeSshPair, saveSshPair } from '@/server/hosts/ssh/ssh-hosts-file';

const sshRoot = (services: ApiServices) => path.join(services.hostsRoot, 'ssh');

export const ProviderInputSchema = z.object({ provider: ProviderKindSchema.default(DEFAULT_PROVIDER) });

/** Whether a provider can be used on this machine, and why not (never an error: pages ask on load). */
function availability(services: ApiServices, kind: (typeof PROVIDER_KINDS)[number]) {
  try {
    services.provider(kind);
    return { kind, available: true, reason: null };
  } catch (err) {
    return { kind, available: false, reason: (err as Error).message };
  }
}

export const hostsRouter = createTRPCRouter({
  providers: publicProcedure.query(({ ctx }) => PROVIDER_KINDS.map((kind) => availability(ctx.services, kind))),

  status: publicProcedure.input(ProviderInputSchema).query(async ({ ctx, input }) => {
    const status = await ctx.services.provider(input.provider).status();
    return { ...status, operation: ctx.services.operations(input.provider).latest() };
  }),

  operation: publicProcedure
    .input(ProviderInputSchema)
    .query(({ ctx, input }) => ctx.services.operations(input.provider).latest()),

  provision: mutationProcedure
    .input(ProviderInputSchema)
    .mutation(({ ctx, input }) =>
      ctx.services.operations(input.provider).start('provision', ctx.services.provider(input.provider)),
    ),

  verify: mutationProcedure
    .input(ProviderInputSchema)
    .mutation(({ ctx, input }) =>
      ctx.services.operations(input.provider).start('verify', ctx.services.provider(input.provider)),
    ),

  /** The saved SSH pair for the Hosts form (paths and names only: no password is ever stored here). */
  sshPair: publicProcedure.query(({ ctx }) => readSshPair(sshRoot(ctx.services))),

  saveSshPair: mutationProcedure
    .input(SshPairSchema)
    .mutation(async ({ ctx, input }) => describePair(await saveSshPair(sshRoot(ctx.services), input))),

  removeSshPair: mutationProcedure.mutation(async ({ ctx }) => ({
    removed: await removeSshPair(sshRoot(ctx.services)),
  })),

  destroy: mutationProcedure
    .input(ProviderInputSchema)
    .mutation(({ ctx, input }) =>
      ctx.services.operations(input.provider).start('destroy', ctx.services.provider(input.provider)),
    ),
});
