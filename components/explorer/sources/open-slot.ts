// Opening and closing a slot, step by step. Every await can be overtaken by a newer open or
// close of the same slot; a superseded open stops at the next step instead of overwriting it.
import type { AttachedSource } from '@/components/explorer/engine/attached-source';
import type { DuckDbConnector } from '@/components/explorer/engine/duckdb-connector';
import { errorText } from '@/components/explorer/engine/duckdb-error';
import { downloadedSource, pickedFileSource, rangedSource } from './slot-source';
import {
  buildPevaResults,
  deferPevaResults,
  dropPevaResults,
  forgetPevaResults,
  pevaResultsIsCheap,
  pevaResultsName,
} from '@/components/explorer/peva/peva-results-table';
import { loadUrl, probeFile, probeUrlRange, runIdFromUrl, type SourceProblem } from './source-loader';
import type { Slot, SlotState, StillLatest } from './use-slots';

/** What the steps act on: the engine, the slots' state and the catalog. */
export interface SlotControls {
  connector: DuckDbConnector;
  setSlot(slot: Slot, state: SlotState): void;
  startRequest(slot: Slot): StillLatest;
  refreshCatalog(): Promise<void>;
}

export async function openUrlInSlot(ctl: SlotControls, slot: Slot, url: string): Promise<void> {
  const latest = ctl.startRequest(slot);
  const t0 = performance.now();
  const base: SlotState = { phase: 'loading', origin: 'url', url, name: url.split('/').pop() ?? url };
  ctl.setSlot(slot, base);
  void ctl.connector.init().catch(() => undefined); // boot in parallel with the download
  // Read in place when the server answers Range (our artifact route does): nothing downloaded.
  const probe = await probeUrlRange(url);
  if (!latest()) return;
  if (!probe.ok) return failOpen(ctl, slot, base, probe);
  if (probe.ranged) {
    const runId = runIdFromUrl(url);
    const named: SlotState = {
      ...base,
      name: runId ? `${runId} · ${probe.name}` : probe.name,
      size: probe.size,
      version: probe.version,
      ranged: true,
    };
    ctl.setSlot(slot, named);
    return attachAndList(ctl, slot, latest, t0, named, rangedSource(slot, url, probe.name));
  }
  const load = await loadUrl(url);
  if (!latest()) return;
  if (!load.ok) return failOpen(ctl, slot, base, load);
  const runId = runIdFromUrl(url);
  const named: SlotState = {
    ...base,
    name: runId ? `${runId} · ${load.name}` : load.name,
    size: load.size,
    version: load.version,
  };
  ctl.setSlot(slot, named);
  const source = downloadedSource(slot, url, load.name, load.bytes);
  await attachAndList(ctl, slot, latest, t0, named, source);
}

export async function openFileInSlot(ctl: SlotControls, slot: Slot, file: File): Promise<void> {
  const latest = ctl.startRequest(slot);
  const t0 = performance.now();
  const base: SlotState = { phase: 'loading', origin: 'file', name: file.name, size: file.size };
  ctl.setSlot(slot, base);
  const probe = await probeFile(file);
  if (!latest()) return;
  if (!probe.ok) return failOpen(ctl, slot, base, probe);
  const named = { ...base, version: probe.version };
  await attachAndList(ctl, slot, latest, t0, named, pickedFileSource(slot, file));
}

export async function closeSlot(ctl: SlotControls, slot: Slot): Promise<void> {
  ctl.startRequest(slot);
  forgetPevaResults(slot);
  await dropPevaResults(ctl.connector, slot);
  await ctl.connector.detach(slot);
  ctl.setSlot(slot, { phase: 'empty' });
  await ctl.refreshCatalog();
}

/** Shared tail of both open paths: attach, then show the catalog. */
async function attachAndList(
  ctl: SlotControls,
  slot: Slot,
  latest: StillLatest,
  t0: number,
  base: SlotState,
  source: AttachedSource,
): Promise<void> {
  try {
    await ctl.connector.attach(source);
  } catch (e) {
    if (!latest()) return;
    ctl.setSlot(slot, { ...base, phase: 'error', problem: attachProblem(base, e) });
    await ctl.refreshCatalog();
    return;
  }
  if (!latest()) return;
  await ctl.refreshCatalog();
  if (!latest()) return;
  const ready: SlotState = { ...base, phase: 'ready', openMs: Math.round(performance.now() - t0) };
  ctl.setSlot(slot, ready);
  // Then, without holding the open: peva_results, lb's payloads as plain SQL rows. Many
  // payloads are not parsed on open: their table is built when a query first names it.
  const build = async () => {
    const peva = await buildPevaResults(ctl.connector, slot).catch(() => null);
    if (!latest() || !peva || peva.origin === 'none') return;
    await ctl.refreshCatalog();
    if (!latest()) return;
    ctl.setSlot(slot, { ...ready, pevaResults: { table: peva.table, rows: peva.rows } });
  };
  if (!(await pevaResultsIsCheap(ctl.connector, slot).catch(() => true))) {
    if (!latest()) return;
    deferPevaResults(slot, build);
    ctl.setSlot(slot, { ...ready, pevaResults: { table: pevaResultsName(slot), rows: null } });
    return;
  }
  await build();
}

/** A file whose header passed but that DuckDB itself refused to ATTACH. */
function attachProblem(base: SlotState, e: unknown): SourceProblem {
  return {
    title: `DuckDB could not open ${base.name}`,
    detail: errorText(e),
    hint: 'The file may be damaged, or copied while DuckDB was writing it: copy it again after a CHECKPOINT.',
  };
}

async function failOpen(ctl: SlotControls, slot: Slot, base: SlotState, problem: SourceProblem): Promise<void> {
  // The previous file of this slot is closed: the user asked to replace it.
  await ctl.connector.detach(slot);
  ctl.setSlot(slot, { ...base, phase: 'error', problem });
  await ctl.refreshCatalog();
}
