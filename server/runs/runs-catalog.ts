// The runs list without re-reading every journal: an in-memory catalog per output root, kept
// up to date by one readdir per call (new and removed runs) and a stat of the journals of
// runs that are not over yet. A finished run's journal does not change, so its summary is
// read once per server process. Journals stay the source of truth: the catalog is rebuilt
// from them on start, and any journal whose size or mtime moved is read again.
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

export type RunSummary = ReturnType<typeof summarizeRun>;

interface Entry {
  summary: RunSummary;
  terminal: boolean;
  /** journal size:mtime and whether STOP exists: what readRunDir's answer depends on while it runs. */
  sig: string;
}

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

  constructor(readonly outputRoot: string) {}

  /** Brings the catalog up to date; concurrent callers share one pass. */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#refresh().finally(() => (this.#refreshing = null));
    return this.#refreshing;
  }

  async #refresh(): Promise<void> {
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
          try {
            const record = await readRunDir(dir);
            this.#entries.set(d.name, { summary: summarizeRun(record), terminal: record.terminal, sig: sig ?? '' });
          } catch (err) {
            this.#entries.delete(d.name);
            skipped.push({ name: d.name, dir, reason: err instanceof JournalLoadError ? err.reason : String(err) });
          }
        })(),
      );
      // Bounded fan-out: thousands of first reads must not open thousands of files at once.
      if (pending.length >= 64) await Promise.all(pending.splice(0));
    }
    await Promise.all(pending);
    for (const id of this.#entries.keys()) if (!seen.has(id)) this.#entries.delete(id);
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
