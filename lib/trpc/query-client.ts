import { QueryClient } from '@tanstack/react-query';

const FINAL_CODES = new Set(['NOT_FOUND', 'BAD_REQUEST', 'FORBIDDEN', 'UNAUTHORIZED', 'PRECONDITION_FAILED']);

function isFinalAnswer(err: unknown): boolean {
  const code = (err as { data?: { code?: unknown } } | null)?.data?.code;
  return typeof code === 'string' && FINAL_CODES.has(code);
}

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // Live data arrives through subscriptions; a short staleTime avoids refetch storms
      // on every mount without hiding changes for long.
      // One retry for what may pass (a dropped connection, a server error), none for an answer
      // that will not change (not found, bad input, forbidden).
      queries: { staleTime: 5_000, retry: (failures, err) => failures < 1 && !isFinalAnswer(err) },
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
