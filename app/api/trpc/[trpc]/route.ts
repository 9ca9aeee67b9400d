// tRPC over the fetch adapter: queries/mutations (httpBatchLink) and SSE subscriptions
// (httpSubscriptionLink). Node runtime: routers reach the filesystem and child processes.
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '@/server/api/root';
import { createTRPCContext } from '@/server/api/trpc';
import { denyUnlessAuthorized } from '@/server/security/request-guard';
import { limitBody } from '@/server/security/body-limit';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

async function handler(incoming: Request): Promise<Response> {
  // proxy.ts already gates every request; this keeps the API closed even if it does not run.
  const denied = denyUnlessAuthorized(incoming);
  if (denied) return denied;
  const req = await limitBody(incoming);
  if (req instanceof Response) return req;
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: () => createTRPCContext({ headers: req.headers, signal: req.signal }),
    onError({ path, error }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`tRPC ${path ?? '<no path>'} failed:`, error);
    },
  });
}

export { handler as GET, handler as POST };
