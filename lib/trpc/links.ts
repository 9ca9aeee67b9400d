// Transport: subscriptions over SSE (httpSubscriptionLink), everything else batched over HTTP
// with each answer streamed as soon as it is ready (httpBatchStreamLink): a slow call batched
// with quick ones — the status of an SSH host that does not answer waits out its connect
// timeout — must not hold the others back. Framework-free so tests can drive it with a fake fetch.
import { httpBatchStreamLink, httpSubscriptionLink, splitLink, type TRPCLink } from '@trpc/client';
import type { AppRouter } from '@/server/api/root';

export interface LinkOptions {
  /** Base URL of the tRPC endpoint, e.g. '/api/trpc' or 'http://127.0.0.1:3000/api/trpc'. */
  url: string;
  getToken?: () => string | null;
  fetch?: typeof fetch;
}

/** EventSource cannot set headers, so the token rides in the query string for SSE. */
export function withTokenParam(url: string, token: string | null): string {
  if (!token) return url;
  return `${url}${url.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`;
}

export function createLinks(opts: LinkOptions): TRPCLink<AppRouter>[] {
  const getToken = opts.getToken ?? (() => null);
  return [
    splitLink({
      condition: (op) => op.type === 'subscription',
      true: httpSubscriptionLink({ url: () => withTokenParam(opts.url, getToken()) }),
      false: httpBatchStreamLink({
        url: opts.url,
        fetch: opts.fetch,
        headers() {
          const token = getToken();
          return token ? { authorization: `Bearer ${token}` } : {};
        },
      }),
    }),
  ];
}
