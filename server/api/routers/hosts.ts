// Hosts: status of the pair, and background provision / verify / destroy with progress.
import 'server-only';
import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import { createTRPCRouter, mutationProcedure, publicProcedure } from '@/server/api/trpc';
import { getProvider } from '@/server/hosts/providers';
import { hostOperations } from '@/server/hosts/host-operations';
import { DEFAULT_PROVIDER, ProviderKindSchema, type ProviderKind } from '@/lib/contract/provider-kind';

export const ProviderInputSchema = z.object({ provider: ProviderKindSchema.default(DEFAULT_PROVIDER) });

function provider(kind: ProviderKind) {
  try {
    return getProvider(kind);
  } catch (err) {
    throw new TRPCError({ code: 'PRECONDITION_FAILED', message: (err as Error).message });
  }
}

/** Whether a provider can be used on this machine, and why not (never an error: pages ask on load). */
function availability(kind: ProviderKind): {
  kind: ProviderKind;
  available: boolean;
  reason: string | null;
} {
  try {
    getProvider(kind);
    return { kind, available: true, reason: null };
  } catch (err) {
    return { kind, available: false, reason: (err as Error).message };
  }
}

export const hostsRouter = createTRPCRouter({
  providers: publicProcedure.query(() => [availability('local'), availability('multipass')]),

  status: publicProcedure.input(ProviderInputSchema).query(async ({ input }) => {
    const status = await provider(input.provider).status();
    return { ...status, operation: hostOperations(input.provider).latest() };
  }),

  operation: publicProcedure.input(ProviderInputSchema).query(({ input }) => hostOperations(input.provider).latest()),

  provision: mutationProcedure
    .input(ProviderInputSchema)
    .mutation(({ input }) => hostOperations(input.provider).start('provision', provider(input.provider))),

  verify: mutationProcedure
    .input(ProviderInputSchema)
    .mutation(({ input }) => hostOperations(input.provider).start('verify', provider(input.provider))),

  destroy: mutationProcedure
    .input(ProviderInputSchema)
    .mutation(({ input }) => hostOperations(input.provider).start('destroy', provider(input.provider))),
});
