'use client';
import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { stripTokenFromAddressBar } from '@/lib/trpc/browser-token';
import { makeTRPCClient, TRPCProvider } from '@/lib/trpc/client';
import { getQueryClient } from '@/lib/trpc/query-client';

export function Providers({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  // useState, not a module singleton: the client must be created per browser tab, and
  // never shared between server renders.
  const [trpcClient] = useState(makeTRPCClient);
  useEffect(stripTokenFromAddressBar, []);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
