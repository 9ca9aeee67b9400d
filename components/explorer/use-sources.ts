'use client';
// The two file slots (main `run`, comparison `cmp`) and the catalog of what is attached.
// An open checks the header before anything reaches DuckDB; a bad file leaves the slot in
// `error` with a message, and whatever was open before is closed, never half-replaced.
import { useCallback, useEffect, useRef, useState } from 'react';
import { rowObjects } from './arrow-values';
import { buildCatalog, columnsSql, countsSql, objectsSql, withCounts, type CatalogTable } from './catalog';
import { bufferSource, fileSource, type AttachedSource } from './attached-source';
import { getConnector } from './duckdb-connector';
import { duckdbErrorText } from './duckdb-error';
import { loadUrl, probeFile, runIdFromUrl, type SourceProblem } from './source-loader';
import { virtualFileName } from './sql-text';

export type Slot = 'run' | 'cmp';
export interface SlotState {
  phase: 'empty' | 'loading' | 'ready' | 'error';
  name?: string;
  origin?: 'url' | 'file';
  url?: string;
  size?: number;
  version?: number;
  problem?: SourceProblem;
  /** From the open request to the catalog being shown, ms. */
  openMs?: number;
}
export interface CatalogState {
  tables: CatalogTable[];
  loading: boolean;
  error?: string;
  /** Bumped on every refresh so views reload their data. */
  generation: number;
}

let fileCounter = 0;
const errorText = (e: unknown) => duckdbErrorText(e instanceof Error ? e.message : String(e));

export function useSources(initial: { src?: string; compare?: string }) {
  const connector = getConnector();
  const [slots, setSlots] = useState<Record<Slot, SlotState>>({ run: { phase: 'empty' }, cmp: { phase: 'empty' } });
  const [catalog, setCatalog] = useState<CatalogState>({ tables: [], loading: false, generation: 0 });
  const seq = useRef<Record<Slot, number>>({ run: 0, cmp: 0 });
  const catalogSeq = useRef(0);

  const setSlot = useCallback((slot: Slot, s: SlotState) => setSlots((prev) => ({ ...prev, [slot]: s })), []);

  const refreshCatalog = useCallback(async (): Promise<void> => {
    const mine = ++catalogSeq.current;
    const aliases = connector.attachedAliases();
    if (aliases.length === 0) {
      setCatalog((c) => ({ tables: [], loading: false, generation: c.generation + 1 }));
      return;
    }
    setCatalog((c) => ({ ...c, loading: true, error: undefined }));
    try {
      const [objs, cols] = await Promise.all([
        connector.query(objectsSql(aliases)).result,
        connector.query(columnsSql(aliases)).result,
      ]);
      let tables = buildCatalog(rowObjects(objs.columns, objs.rows), rowObjects(cols.columns, cols.rows));
      const sql = countsSql(tables);
      if (sql) {
        const counts = await connector.query(sql).result;
        tables = withCounts(tables, rowObjects(counts.columns, counts.rows));
      }
      if (mine === catalogSeq.current) setCatalog((c) => ({ tables, loading: false, generation: c.generation + 1 }));
    } catch (e) {
      if (mine === catalogSeq.current)
        setCatalog((c) => ({ ...c, loading: false, error: errorText(e), generation: c.generation + 1 }));
    }
  }, [connector]);

  /** Shared tail of both open paths: attach, then show the catalog. */
  const attachAndList = useCallback(
    async (slot: Slot, mine: number, t0: number, base: SlotState, source: AttachedSource) => {
      try {
        await connector.attach(source);
      } catch (e) {
        if (mine !== seq.current[slot]) return;
        setSlot(slot, {
          ...base,
          phase: 'error',
          problem: {
            title: `DuckDB could not open ${base.name}`,
            detail: errorText(e),
            hint: 'The file may be damaged, or copied while DuckDB was writing it: copy it again after a CHECKPOINT.',
          },
        });
        await refreshCatalog();
        return;
      }
      if (mine !== seq.current[slot]) return;
      await refreshCatalog();
      if (mine !== seq.current[slot]) return;
      setSlot(slot, { ...base, phase: 'ready', openMs: Math.round(performance.now() - t0) });
    },
    [connector, refreshCatalog, setSlot],
  );

  const failOpen = useCallback(
    async (slot: Slot, base: SlotState, problem: SourceProblem) => {
      // The previous file of this slot is closed: the user asked to replace it.
      await connector.detach(slot);
      setSlot(slot, { ...base, phase: 'error', problem });
      await refreshCatalog();
    },
    [connector, refreshCatalog, setSlot],
  );

  const openUrl = useCallback(
    async (slot: Slot, url: string) => {
      const mine = ++seq.current[slot];
      const t0 = performance.now();
      const base: SlotState = { phase: 'loading', origin: 'url', url, name: url.split('/').pop() ?? url };
      setSlot(slot, base);
      void connector.init().catch(() => undefined); // boot in parallel with the download
      const load = await loadUrl(url);
      if (mine !== seq.current[slot]) return;
      if (!load.ok) return failOpen(slot, base, load);
      const runId = runIdFromUrl(url);
      const named: SlotState = {
        ...base,
        name: runId ? `${runId} · ${load.name}` : load.name,
        size: load.size,
        version: load.version,
      };
      setSlot(slot, named);
      let first: Uint8Array | null = load.bytes;
      const source = bufferSource(slot, virtualFileName(slot, load.name, ++fileCounter), async () => {
        // The first registration uses the bytes already downloaded; a restart downloads again
        // (registerFileBuffer transfers the buffer to the worker, so no copy is kept here).
        if (first) {
          const b = first;
          first = null;
          return b;
        }
        const again = await loadUrl(url);
        if (!again.ok) throw new Error(`${again.title}: ${again.detail}`);
        return again.bytes;
      });
      await attachAndList(slot, mine, t0, named, source);
    },
    [attachAndList, connector, failOpen, setSlot],
  );

  const openFile = useCallback(
    async (slot: Slot, file: File) => {
      const mine = ++seq.current[slot];
      const t0 = performance.now();
      const base: SlotState = { phase: 'loading', origin: 'file', name: file.name, size: file.size };
      setSlot(slot, base);
      const probe = await probeFile(file);
      if (mine !== seq.current[slot]) return;
      if (!probe.ok) return failOpen(slot, base, probe);
      const named = { ...base, version: probe.version };
      await attachAndList(
        slot,
        mine,
        t0,
        named,
        fileSource(slot, virtualFileName(slot, file.name, ++fileCounter), file),
      );
    },
    [attachAndList, failOpen, setSlot],
  );

  const close = useCallback(
    async (slot: Slot) => {
      ++seq.current[slot];
      await connector.detach(slot);
      setSlot(slot, { phase: 'empty' });
      await refreshCatalog();
    },
    [connector, refreshCatalog, setSlot],
  );

  // Open the URLs of the page address once (strict mode runs effects twice in dev).
  const opened = useRef(false);
  useEffect(() => {
    if (opened.current) return;
    opened.current = true;
    if (initial.src) void openUrl('run', initial.src);
    if (initial.compare) void openUrl('cmp', initial.compare);
  }, [initial.src, initial.compare, openUrl]);

  return { slots, catalog, openUrl, openFile, close, refreshCatalog };
}
