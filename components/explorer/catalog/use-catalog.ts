'use client';
// The catalog as the page shows it. Refreshes can overlap (two files opened at once): only
// the latest one may replace what is shown.
import { useCallback, useRef, useState } from 'react';
import type { DuckDbConnector } from '@/components/explorer/engine/duckdb-connector';
import { errorText } from '@/components/explorer/engine/duckdb-error';
import type { CatalogTable } from './catalog';
import { readCatalog } from './read-catalog';

export interface CatalogState {
  tables: CatalogTable[];
  loading: boolean;
  error?: string;
  /** Bumped on every refresh so views reload their data. */
  generation: number;
}

export function useCatalog(connector: DuckDbConnector) {
  const [catalog, setCatalog] = useState<CatalogState>({ tables: [], loading: false, generation: 0 });
  const latest = useRef(0);

  const refreshCatalog = useCallback(async (): Promise<void> => {
    const mine = ++latest.current;
    const aliases = connector.catalogAliases();
    if (aliases.length === 0) {
      setCatalog((c) => ({ tables: [], loading: false, generation: c.generation + 1 }));
      return;
    }
    setCatalog((c) => ({ ...c, loading: true, error: undefined }));
    try {
      const tables = await readCatalog(connector, aliases);
      if (mine === latest.current) setCatalog((c) => ({ tables, loading: false, generation: c.generation + 1 }));
    } catch (e) {
      if (mine === latest.current)
        setCatalog((c) => ({ ...c, loading: false, error: errorText(e), generation: c.generation + 1 }));
    }
  }, [connector]);

  return { catalog, refreshCatalog };
}
