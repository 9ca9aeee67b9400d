'use client';
// A finished run's page starts the explorer's DuckDB engine in idle time, so "Explore DuckDB"
// (a client-side navigation: the engine is a page-wide singleton) opens the catalog without
// waiting for the wasm to download and boot. Only when there is a file to explore.
import { useEffect } from 'react';

export function useWarmExplorer(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    const warm = () => {
      if (cancelled) return;
      void import('@/components/explorer/engine/duckdb-connector')
        .then((m) => m.getConnector().init())
        .catch(() => undefined); // the explorer retries and says why
    };
    const idle = typeof window.requestIdleCallback === 'function';
    const handle = idle ? window.requestIdleCallback(warm, { timeout: 5_000 }) : window.setTimeout(warm, 1_000);
    return () => {
      cancelled = true;
      if (idle) window.cancelIdleCallback(handle);
      else window.clearTimeout(handle);
    };
  }, [enabled]);
}
