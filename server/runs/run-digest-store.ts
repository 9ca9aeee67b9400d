// The run's digest (lib/run-digest: what the run page derives from the whole run), kept beside
// events.jsonl in series.json with the byte offset and seq it covers. It is built incrementally:
// the hub tells us a batch was appended and we read on from the covered offset (events.jsonl
// stays the source of truth: lines are applied in file order, each once, by offset and seq).
// After a restart the persisted offset is where reading resumes; a file that is missing,
// corrupt, or does not match events.jsonl (the line before its offset is not its seq) is
// rebuilt from the start. Written atomically (tmp + rename) so a crash leaves the old one.
import 'server-only';
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { RunDigestStateSchema } from '@/lib/contract/run-digest';
import { parseStoredLine, quickSeq, type StoredEvent } from '@/lib/contract/stored-event';
import { RunDigest, type RunDigestState } from '@/lib/run-digest/run-digest';
import { tailLines } from '@/server/events/tail-reader';
import { linesBackward, openEvents } from './event-file-pages';

export const DIGEST_FILE = 'series.json';
/** Bumped when the digest's meaning changes: an older file is rebuilt, not trusted. */
const FORMAT = 2;
/** A live run's digest is written at most this often (a restart re-reads at most this much). */
const PERSIST_EVERY_MS = 2_000;
/** Appends are folded in after this quiet time (one read per burst, not per batch). */
const CATCH_UP_DELAY_MS = 200;

const PersistedSchema = z.object({
  format: z.literal(FORMAT),
  /** events.jsonl bytes covered: every complete line before this offset is in the digest. */
  offset: z.number().int().min(0),
  digest: RunDigestStateSchema,
});

export interface DigestAt {
  state: RunDigestState;
  /** Byte offset of events.jsonl just after the line of state.lastSeq. */
  offset: number;
}

export function digestPath(eventsPath: string): string {
  return path.join(path.dirname(eventsPath), DIGEST_FILE);
}

/** The persisted digest if it still describes events.jsonl up to its offset, else null. */
export async function loadDigest(eventsPath: string): Promise<{ digest: RunDigest; offset: number } | null> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(digestPath(eventsPath), 'utf8'));
  } catch {
    return null; // missing or not JSON
  }
  const parsed = PersistedSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { offset, digest } = parsed.data;
  if ((await lastSeqBefore(eventsPath, offset)) !== digest.lastSeq) return null;
  return { digest: new RunDigest(digest satisfies RunDigestState), offset };
}

/** Seq of the line that ends at `offset` (0 at offset 0), or null when there is none. */
async function lastSeqBefore(eventsPath: string, offset: number): Promise<number | null> {
  if (offset === 0) return 0;
  const fh = await openEvents(eventsPath);
  if (!fh) return null;
  try {
    if ((await fh.stat()).size < offset) return null; // events.jsonl was cut or replaced
    const b = Buffer.alloc(1);
    await fh.read(b, 0, 1, offset - 1);
    if (b[0] !== 10) return null; // not a line boundary
    for await (const { line } of linesBackward(fh, offset)) return quickSeq(line) ?? parseStoredLine(line)?.seq ?? null;
    return null;
  } finally {
    await fh.close();
  }
}

export async function saveDigest(eventsPath: string, at: DigestAt): Promise<void> {
  const file = digestPath(eventsPath);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify({ format: FORMAT, offset: at.offset, digest: at.state }));
  await rename(tmp, file);
}

/** One run's digest in memory, caught up on demand or shortly after each append. */
export class DigestTracker {
  #digest: RunDigest | null = null;
  #offset = 0;
  #persistedOffset = -1;
  #lastPersist = 0;
  #work: Promise<void> = Promise.resolve();
  #catchUpPending = false;
  #busy = false;
  #persistPending = false;

  constructor(readonly eventsPath: string) {}

  /** The digest of every complete line of events.jsonl now (reads only what is new). */
  async current(): Promise<DigestAt> {
    await this.#serial(() => this.#catchUp());
    await this.#persistSoon();
    return { state: this.#digest!.toState(), offset: this.#offset };
  }

  /**
   * The hub wrote these events at `range`. When the digest ends exactly where they start (the
   * usual case once it is loaded) they are applied as they are, without reading the file back;
   * otherwise the file is read from the digest's offset.
   */
  appended(events: readonly StoredEvent[], range: { start: number; end: number }): void {
    if (!this.#digest || this.#busy || this.#offset !== range.start) return this.noteAppended();
    for (const e of events) this.#digest.add(e);
    this.#offset = range.end;
    void this.#persistSoon().catch(() => undefined);
  }

  /** Events were appended: fold them in soon, and persist now and then. */
  noteAppended(): void {
    if (this.#catchUpPending) return;
    this.#catchUpPending = true;
    setTimeout(() => {
      this.#catchUpPending = false;
      void this.#serial(() => this.#catchUp())
        .then(() => this.#persistSoon())
        .catch(() => undefined); // the next append or read retries
    }, CATCH_UP_DELAY_MS).unref();
  }

  /** Writes what is in memory (a server shutting down; tests). */
  flush(): Promise<void> {
    return this.#serial(() => this.#persist());
  }

  // One catch-up or write at a time: two readers from one offset would count lines twice
  // (and `appended` waits for a catch-up to end: it moves the offset too).
  #serial(job: () => Promise<void>): Promise<void> {
    const run = this.#work.then(async () => {
      this.#busy = true;
      try {
        await job();
      } finally {
        this.#busy = false;
      }
    });
    this.#work = run.catch(() => undefined);
    return run;
  }

  async #catchUp(): Promise<void> {
    if (!this.#digest) {
      const loaded = await loadDigest(this.eventsPath);
      this.#digest = loaded?.digest ?? new RunDigest();
      this.#offset = loaded?.offset ?? 0;
      this.#persistedOffset = loaded ? loaded.offset : -1;
    }
    let truncated = false;
    for await (const { line, endOffset } of tailLines(this.eventsPath, {
      fromOffset: this.#offset,
      follow: false,
      onTruncate: () => (truncated = true),
    })) {
      if (truncated) break;
      const e = parseStoredLine(line);
      if (e) this.#digest.add(e);
      this.#offset = endOffset;
    }
    if (truncated) {
      // events.jsonl shrank below what we covered: it is not the file we read; start over.
      this.#digest = new RunDigest();
      this.#offset = 0;
      await this.#catchUp();
    }
  }

  async #persistSoon(): Promise<void> {
    if (this.#offset === this.#persistedOffset) return;
    const wait = this.#lastPersist + PERSIST_EVERY_MS - Date.now();
    if (wait <= 0) return this.#serial(() => this.#persist());
    if (this.#persistPending) return;
    this.#persistPending = true;
    setTimeout(() => {
      this.#persistPending = false;
      void this.#serial(() => this.#persist()).catch(() => undefined);
    }, wait).unref();
  }

  async #persist(): Promise<void> {
    if (!this.#digest || this.#offset === this.#persistedOffset) return;
    // State and offset taken together, synchronously: they describe the same lines.
    const at = { state: this.#digest.toState(), offset: this.#offset };
    this.#lastPersist = Date.now();
    try {
      await stat(path.dirname(this.eventsPath));
    } catch {
      return; // the run was moved away (trash): nothing to write beside
    }
    await saveDigest(this.eventsPath, at);
    this.#persistedOffset = at.offset;
  }
}

// One tracker per events file for the process (on globalThis: Next's dev reload re-evaluates
// modules, and two trackers of one run would each write series.json). The runs used least
// recently are let go past MAX_TRACKERS: their digest is on disk, a later use reloads it.
const MAX_TRACKERS = 64;
const KEY = Symbol.for('lb-web.digest-trackers');
const g = globalThis as typeof globalThis & { [KEY]?: Map<string, DigestTracker> };
const trackers: Map<string, DigestTracker> = (g[KEY] ??= new Map());

export function digestTracker(eventsPath: string): DigestTracker {
  const key = path.resolve(eventsPath);
  const t = trackers.get(key) ?? new DigestTracker(key);
  // Map order is insertion order: re-inserting marks it the most recently used.
  trackers.delete(key);
  trackers.set(key, t);
  for (const [oldKey, old] of trackers) {
    if (trackers.size <= MAX_TRACKERS) break;
    trackers.delete(oldKey);
    void old.flush().catch(() => undefined);
  }
  return t;
}
