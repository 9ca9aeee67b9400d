// events.jsonl on disk: replay from an offset, a seq → offset index, and repair after a crash.
// The line format itself is the contract's (lib/contract/stored-event).
import 'server-only';
import { open, stat, truncate, appendFile } from 'node:fs/promises';
import { parseStoredLine, quickSeq, type StoredEvent } from '@/lib/contract/stored-event';
import { tailLines } from '@/server/events/tail-reader';

/** Sparse seq → byte offset index of lines written in this process, for fast replay. */
export class SeqIndex {
  readonly #seqs: number[] = [];
  readonly #offsets: number[] = [];

  add(seq: number, offset: number): void {
    this.#seqs.push(seq);
    this.#offsets.push(offset);
  }

  /** A byte offset where every event with seq > afterSeq is at or after (0 when unknown). */
  offsetAfter(afterSeq: number): number {
    let lo = 0;
    let hi = this.#seqs.length - 1;
    let best = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.#seqs[mid]! <= afterSeq + 1) {
        best = this.#offsets[mid]!;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return best;
  }
}

/** Events with seq > afterSeq, in file order, from `fromOffset` (a line boundary) to the current end. */
export async function* readStoredEvents(
  file: string,
  afterSeq: number,
  fromOffset = 0,
  signal?: AbortSignal,
): AsyncGenerator<StoredEvent> {
  for await (const { line } of tailLines(file, { fromOffset, follow: false, signal })) {
    const quick = quickSeq(line);
    if (quick !== null && quick <= afterSeq) continue;
    const e = parseStoredLine(line);
    if (e && e.seq > afterSeq) yield e;
  }
}

export interface RestoredStore {
  lastSeq: number;
  /** Size of the file after repair. */
  size: number;
  /** Bytes of a torn last line that were cut off (a write interrupted by a crash). */
  tornBytesDropped: number;
}

const TAIL_WINDOW = 1024 * 1024;

/**
 * Finds the last seq in an existing events.jsonl and repairs a torn last line, so that the next
 * append starts on a line of its own: a torn line that still parses gets its newline; one that
 * does not is cut off (it was never published: we publish only after the write completes).
 */
export async function restoreStore(file: string): Promise<RestoredStore> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { lastSeq: 0, size: 0, tornBytesDropped: 0 };
    throw err;
  }
  const start = Math.max(0, size - TAIL_WINDOW);
  const fh = await open(file, 'r');
  let text: string;
  try {
    const buf = Buffer.alloc(size - start);
    await fh.read(buf, 0, buf.length, start);
    text = buf.toString('utf8');
  } finally {
    await fh.close();
  }
  let tornBytesDropped = 0;
  const lastNl = text.lastIndexOf('\n');
  const torn = text.slice(lastNl + 1);
  if (torn.length > 0 && (lastNl >= 0 || start === 0)) {
    if (parseStoredLine(torn)) {
      await appendFile(file, '\n');
      size += 1;
      text += '\n';
    } else {
      tornBytesDropped = Buffer.byteLength(torn);
      size -= tornBytesDropped;
      await truncate(file, size);
      text = text.slice(0, lastNl + 1);
    }
  }
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const e = parseStoredLine(lines[i]!);
    if (e) return { lastSeq: e.seq, size, tornBytesDropped };
  }
  // No readable line in the tail window: fall back to a full scan.
  let lastSeq = 0;
  if (start > 0) for await (const e of readStoredEvents(file, 0)) lastSeq = Math.max(lastSeq, e.seq);
  return { lastSeq, size, tornBytesDropped };
}
