'use client';
// The event log's filter over the events older than those the browser holds: asked of the
// server (runs.eventsSearch), a bounded part of the run per call, newest first. `beforeSeq` is
// the oldest seq held (null: the browser holds the whole run, nothing to ask).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { StoredEvent } from '@/lib/contract/stored-event';
import type { EventFilter } from '@/lib/run-digest/event-filter';
import { useTRPCClient } from '@/lib/trpc/client';

const PAGE = 1000;
/** Typing in the search box asks once it pauses. */
const DEBOUNCE_MS = 250;

interface Found {
  key: string;
  /** Matches so far, oldest first. */
  events: StoredEvent[];
  /** Where the next call goes on; null once the run's start was searched. */
  next: number | null;
  loading: boolean;
  error: string | null;
}

export interface ServerSearch {
  events: readonly StoredEvent[];
  /** Older events remain unsearched (or the first answer is still on its way). */
  more: boolean;
  loading: boolean;
  error: string | null;
  searchFurther(): Promise<void>;
}

export function useServerSearch(runId: string, filter: EventFilter, beforeSeq: number | null): ServerSearch {
  const client = useTRPCClient();
  const key = beforeSeq === null ? '' : `${beforeSeq}\u0001${JSON.stringify(filter)}`;
  const current = useRef(key);
  const [found, setFound] = useState<Found | null>(null);

  const ask = useCallback(
    async (forKey: string, from: number, prior: StoredEvent[]) => {
      setFound({ key: forKey, events: prior, next: from, loading: true, error: null });
      try {
        const page = await client.runs.eventsSearch.query({ runId, filter, beforeSeq: from, limit: PAGE });
        if (current.current !== forKey) return; // the filter changed meanwhile
        setFound({
          key: forKey,
          events: [...page.events, ...prior],
          next: page.nextBeforeSeq,
          loading: false,
          error: null,
        });
      } catch (err) {
        if (current.current !== forKey) return;
        const error = err instanceof Error ? err.message : String(err);
        setFound({ key: forKey, events: prior, next: from, loading: false, error });
      }
    },
    [client, runId, filter],
  );

  useEffect(() => {
    current.current = key;
    if (beforeSeq === null) return;
    const t = setTimeout(() => void ask(key, beforeSeq, []), DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [key, beforeSeq, ask]);

  const mine = found?.key === key && key !== '' ? found : null;
  return {
    events: mine?.events ?? [],
    more: key !== '' && (mine === null || mine.next !== null),
    loading: key !== '' && (mine === null || mine.loading),
    error: mine?.error ?? null,
    searchFurther: async () => {
      if (mine && mine.next !== null && !mine.loading) await ask(key, mine.next, mine.events);
    },
  };
}
