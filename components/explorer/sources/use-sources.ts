'use client';
// The two file slots (main `run`, comparison `cmp`) and the catalog of what is attached.
// An open checks the header before anything reaches DuckDB; a bad file leaves the slot in
// `error` with a message, and whatever was open before is closed, never half-replaced.
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useCatalog } from '@/components/explorer/catalog/use-catalog';
import { getConnector } from '@/components/explorer/engine/duckdb-connector';
import { closeSlot, openFileInSlot, openUrlInSlot, type SlotControls } from './open-slot';
import { useSlots, type Slot } from './use-slots';

export function useSources(initial: { src?: string; compare?: string }) {
  const connector = getConnector();
  const { slots, setSlot, startRequest } = useSlots();
  const { catalog, refreshCatalog } = useCatalog(connector);
  const ctl = useMemo<SlotControls>(
    () => ({ connector, setSlot, startRequest, refreshCatalog }),
    [connector, setSlot, startRequest, refreshCatalog],
  );

  const openUrl = useCallback((slot: Slot, url: string) => openUrlInSlot(ctl, slot, url), [ctl]);
  const openFile = useCallback((slot: Slot, file: File) => openFileInSlot(ctl, slot, file), [ctl]);
  const close = useCallback((slot: Slot) => closeSlot(ctl, slot), [ctl]);
  useOpenPageUrls(initial, openUrl);

  return { slots, catalog, openUrl, openFile, close, refreshCatalog };
}

/** Opens the URLs of the page address once (strict mode runs effects twice in dev). */
function useOpenPageUrls(
  initial: { src?: string; compare?: string },
  openUrl: (slot: Slot, url: string) => Promise<void>,
): void {
  const opened = useRef(false);
  useEffect(() => {
    if (opened.current) return;
    opened.current = true;
    if (initial.src) void openUrl('run', initial.src);
    if (initial.compare) void openUrl('cmp', initial.compare);
  }, [initial.src, initial.compare, openUrl]);
}
