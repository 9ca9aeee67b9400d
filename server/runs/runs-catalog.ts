// The runs list without re-reading every journal: an in-memory catalog per output root, kept
// up to date by one readdir per call (new and removed runs) and a stat of the journals of
// runs that are not over yet. A finished run's journal does not change, so its summary is
// read once. The catalog is saved beside the runs (runs-catalog-index.ts): a server that
// starts again answers from it at once, then checks every saved journal's size and mtime in
// the background and reads again any that moved. Journals stay the source of truth: without
// a usable saved index the catalog is rebuilt from them. `version` moves whenever an entry
// does, so the page polls a number and fetches the list only when it changed.
import 'server-only';
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { filterRuns, type RunsQuery } from '@/lib/contract/runs-filter';
import { JOURNAL_FILE, RunIdSchema, STOP_FILE } from '@/lib/contract/run-tree';
import { readRunDir } from './read-run';
import { JournalLoadError } from './run-journal';
import { STATE_DIR, type Baselines } from './run-library';
import { summarizeRun } from './run-summary';
import type { SkippedRunDir } from './list-runs';
import { readCatalogIndex, writeCatalogIndex, type CatalogEntry } from './runs-catalog-index';

export type RunSummary = ReturnType<typeof summarizeRun>;

/** An entry: the summary, whether the run is over, and its journal's signature (see below). */
type Entry = CatalogEntry;

/** How long after a change the saved index is written (many changes, one write). */
const SAVE_DELAY_MS = 1000;

async function signature(dir: string): Promise<string | null> {
  try {
    const j = await stat(path.join(dir, JOURNAL_FILE));
    const stop = await stat(path.join(dir, STOP_FILE)).then(
      () => 1,
      () => 0,
    );
    return `${j.size}:${j.mtimeMs}:${stop}`;
  } catch {
    return null;
  }
}

export class RunsCatalog {
  readonly #entries = new Map<string, Entry>();
  #skipped: SkippedRunDir[] = [];
  #refreshing: Promise<void> | null = null;
  #loaded = false;
  #version = 0;
  #saveTimer: NodeJS.Timeout | null = null;
  /** The background check of the entries a saved index gave (a test waits for it). */
  verified: Promise<void> = Promise.resolve();

  constructor(readonly outputRoot: string) {}

  /** Moves whenever the catalog's answer may have changed. */
  get version(): number {
    return this.#version;
  }

  /** The version once the catalog is up to date: what the page polls. */
  async currentVersion(): Promise<number> {
    await this.refresh();
    return this.#version;
  }

  #set(id: string, entry: Entry): void {
    const known = this.#entries.get(id);
    this.#entries.set(id, entry);
    if (known?.sig !== entry.sig || known.terminal !== entry.terminal) this.#changed();
  }

  #delete(id: string): void {
    if (this.#entries.delete(id)) this.#changed();
  }

  #changed(): void {
    this.#version++;
    this.#saveTimer ??= setTimeout(() => {
      this.#saveTimer = null;
      void writeCatalogIndex(this.outputRoot, this.#entries).catch(() => undefined);
    }, SAVE_DELAY_MS).unref();
  }

  /** Writes a pending save now (server shutdown, tests). */
  async flush(): Promise<void> {
    if (!this.#saveTimer) return;
    clearTimeout(this.#saveTimer);
    this.#saveTimer = null;
    await writeCatalogIndex(this.outputRoot, this.#entries);
  }

  /** First use: the saved index, when there is a usable one; its entries are checked in the background. */
  async #load(): Promise<void> {
    this.#loaded = true;
    const saved = await readCatalogIndex(this.outputRoot);
    if (!saved) return;
    for (const [id, e] of saved) this.#entries.set(id, e);
    this.#version++;
    this.verified = this.#verify([...saved.keys()]);
  }

  /** Reads again every listed run whose journal moved since its entry was saved. */
  async #verify(ids: string[]): Promise<void> {
    const root = path.resolve(this.outputRoot);
    for (let i = 0; i < ids.length; i += 64) {
      await Promise.all(
        ids.slice(i, i + 64).map(async (id) => {
          const known = this.#entries.get(id);
          if (!known) return;
          const dir = path.join(root, id);
          const sig = await signature(dir);
          if (sig === known.sig) return;
          if (sig === null) return this.#delete(id);
          await this.#read(id, dir, sig, []);
        }),
      );
    }
  }

  async #read(id: string, dir: string, sig: string, skipped: SkippedRunDir[]): Promise<void> {
    try {
      const record = await readRunDir(dir);
      this.#set(id, { summary: summarizeRun(record), terminal: record.terminal, sig });
    } catch (err) {
      this.#delete(id);
      skipped.push({ name: id, dir, reason: err instanceof JournalLoadError ? err.reason : String(err) });
    }
  }

  /** Brings the catalog up to date; concurrent callers share one pass. */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#refresh().finally(() => (this.#refreshing = null));
    return this.#refreshing;
  }

  async #refresh(): Promise<void> {
    if (!this.#loaded) await this.#load();
    let dirents: Dirent[];
    try {
      dirents = await readdir(this.outputRoot, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      dirents = [];
    }
    const seen = new Set<string>();
    const skipped: SkippedRunDir[] = [];
    const root = path.resolve(this.outputRoot);
    const pending: Array<Promise<void>> = [];
    for (const d of dirents) {
      if (!d.isDirectory() || d.name === STATE_DIR) continue;
      const dir = path.join(root, d.name);
      if (!RunIdSchema.safeParse(d.name).success) {
        skipped.push({ name: d.name, dir, reason: 'not a valid run id' });
        continue;
      }
      seen.add(d.name);
      const known = this.#entries.get(d.name);
      if (known?.terminal) continue;
      pending.push(
        (async () => {
          const sig = await signature(dir);
          if (known && sig !== null && sig === known.sig) return;
          await this.#read(d.name, dir, sig ?? '', skipped);
        })(),
      );
      // Bounded fan-out: thousands of first reads must not open thousands of files at once.
      if (pending.length >= 64) await Promise.all(pending.splice(0));
    }
    await Promise.all(pending);
    for (const id of this.#entries.keys()) if (!seen.has(id)) this.#delete(id);
    if (JSON.stringify(skipped) !== JSON.stringify(this.#skipped)) this.#version++;
    this.#skipped = skipped;
  }

  /** A page of the filtered list, newest first, with the totals the page shows. */
  async query(q: RunsQuery, baselines: Baselines) {
    await this.refresh();
    const all = [...this.#entries.values()].map((e) => ({
      ...e.summary,
      baseline: baselines[e.summary.workload] === e.summary.runId,
    }));
    all.sort((a, b) => (b.startedAt ?? 0) - (a.startedAt ?? 0) || (a.runId < b.runId ? 1 : -1));
    const matched = filterRuns(all, q);
    const byState: Record<string, number> = {};
    for (const r of all) byState[String(r.state)] = (byState[String(r.state)] ?? 0) + 1;
    return {
      runs: matched.slice(q.offset, q.offset + q.limit),
      total: all.length,
      matched: matched.length,
      offset: q.offset,
      byState,
      /** Some run is not over: the page keeps polling. */
      live: [...this.#entries.values()].some((e) => !e.terminal),
      workloadsWithBaseline: [...new Set(all.filter((r) => r.baseline).map((r) => r.workload))],
      skipped: this.#skipped,
      version: this.#version,
    };
  }
}

const KEY = Symbol.for('lb-web.runs-catalogs');
const g = globalThis as typeof globalThis & { [KEY]?: Map<string, RunsCatalog> };

/** One catalog per output root for the whole process (Next loads this module more than once). */
export function runsCatalog(outputRoot: string): RunsCatalog {
  const map = (g[KEY] ??= new Map());
  const key = path.resolve(outputRoot);
  let c = map.get(key);
  if (!c) map.set(key, (c = new RunsCatalog(key)));
  return c;
}
