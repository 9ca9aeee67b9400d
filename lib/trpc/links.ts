// Transport: subscriptions over SSE (httpSubscriptionLink), everything else batched
// over HTTP. Framework-free so tests can drive it with a fake fetch.
import { httpBatchLink, httpSubscriptionLink, splitLink, type TRPCLink } from '@trpc/client';
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
      false: httpBatchLink({
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
