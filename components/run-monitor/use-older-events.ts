'use client';
// "Show older" past what the browser holds: the page of events just before the oldest one held,
// read from the server by seq (runs.eventsPage), so the log extends back with no gap.
import { useCallback, useState } from 'react';
import { useTRPCClient } from '@/lib/trpc/client';
import type { RunEventLog } from './event-store';

export function useOlderEvents(runId: string, log: RunEventLog) {
  const client = useTRPCClient();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const loadOlder = useCallback(
    async (limit: number): Promise<boolean> => {
      const beforeSeq = log.events[0]?.seq ?? log.lastSeq + 1;
      setLoading(true);
      setError(null);
      try {
        const page = await client.runs.eventsPage.query({ runId, beforeSeq, limit });
        return log.addOlder(page.events) > 0;
      } catch (err) {
        setError(err instanceof Error ? err.message : String(err));
        return false;
      } finally {
        setLoading(false);
      }
    },
    [client, runId, log],
  );
  return { loadOlder, loading, error };
}
