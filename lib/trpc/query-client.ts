import { QueryClient } from '@tanstack/react-query';

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // Live data arrives through subscriptions; a short staleTime avoids refetch storms
      // on every mount without hiding changes for long.
      queries: { staleTime: 5_000, retry: 1 },
    },
  });
}

let browserQueryClient: QueryClient | undefined;

/** One QueryClient per browser tab; a fresh one per server render so users never share a cache. */
export function getQueryClient(): QueryClient {
  if (typeof window === 'undefined') return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}
