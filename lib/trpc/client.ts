'use client';
// React bindings for the tRPC client. Components: `const trpc = useTRPC();
// useQuery(trpc.health.ping.queryOptions())`, `useSubscription(trpc.runs.events
// .subscriptionOptions({ runId }))`. Server components call `createCaller` instead.
import { createTRPCClient } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { AppRouter } from '@/server/api/root';
import { getBrowserToken } from './browser-token';
import { createLinks } from './links';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

function baseUrl(): string {
  if (typeof window !== 'undefined') return '';
  // Client components also render once on the server; talk to ourselves on loopback.
  return `http://127.0.0.1:${process.env.LBWEB_PORT ?? process.env.PORT ?? 3000}`;
}

export function makeTRPCClient() {
  return createTRPCClient<AppRouter>({
    links: createLinks({
      url: `${baseUrl()}/api/trpc`,
      getToken: () => (typeof window === 'undefined' ? (process.env.LBWEB_TOKEN ?? null) : getBrowserToken()),
    }),
  });
}
