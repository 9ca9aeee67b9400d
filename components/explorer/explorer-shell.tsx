'use client';
// The explorer's client boundary: everything that touches duckdb-wasm, CodeMirror and
// recharts is behind this dynamic import with SSR off, so no other page (and no server
// render) ever loads it. The engine is started here, in parallel with the UI chunk,
// because its start-up (~3 s) dominates the time to a usable page.
import dynamic from 'next/dynamic';
import { useEffect } from 'react';

const ExplorerApp = dynamic(() => import('./explorer-app'), {
  ssr: false,
  loading: () => <p data-testid="explorer-loading">Loading the explorer…</p>,
});

export interface ExplorerShellProps {
  src?: string;
  compare?: string;
}

export default function ExplorerShell(props: ExplorerShellProps) {
  useEffect(() => {
    void import('@/components/explorer/engine/duckdb-connector').then(({ getConnector }) =>
      getConnector()
        .init()
        .catch(() => undefined),
    );
  }, []);
  return <ExplorerApp {...props} />;
}
