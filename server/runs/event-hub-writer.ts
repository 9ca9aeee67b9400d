// Appends a hub's serialised events to events.jsonl. Events published in the same tick share one
// write (that is what lets ingest go past 20 000 events/s); only one write is in flight at a time,
// so lines land in seq order; subscribers hear of a batch only after its write completed.
import 'server-only';
import type { FileHandle } from 'node:fs/promises';
import type { StoredEvent } from '@/lib/contract/stored-event';
import { SeqIndex } from './event-store';

interface Pending {
  event: StoredEvent;
  line: string;
  resolve: (e: StoredEvent) => void;
  reject: (err: unknown) => void;
}

const INDEX_EVERY = 256;

/** Where a written batch lies in events.jsonl: [start, end) in bytes. */
export interface ByteRange {
  start: number;
  end: number;
}

export class BatchAppender {
  readonly index = new SeqIndex();
  written = 0;
  #size: number;
  #batch: Pending[] = [];
  #scheduled = false;
  #flushing: Promise<void> | null = null;
  #indexStarted = false;

  constructor(
    private readonly fh: FileHandle,
    size: number,
    private readonly onWritten: (events: StoredEvent[], range: ByteRange) => void,
  ) {
    this.#size = size;
  }

  append(event: StoredEvent, line: string): Promise<StoredEvent> {
    return new Promise((resolve, reject) => {
      this.#batch.push({ event, line, resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled || this.#flushing || this.#batch.length === 0) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#flushing = this.#flush();
    });
  }

  async #flush(): Promise<void> {
    try {
      while (this.#batch.length) {
        const batch = this.#batch;
        this.#batch = [];
        const marks: [seq: number, offset: number][] = [];
        let offset = this.#size;
        for (const p of batch) {
          if (p.event.seq % INDEX_EVERY === 0 || (!this.#indexStarted && marks.length === 0))
            marks.push([p.event.seq, offset]);
          offset += Buffer.byteLength(p.line);
        }
        try {
          await this.fh.write(batch.map((p) => p.line).join(''));
        } catch (err) {
          // Cut back a partly written batch so the file stays line-aligned. Its seqs are not reused:
          // seq stays monotonic, with a gap a reader cannot tell from a lost line anyway.
          await this.fh.truncate(this.#size).catch(() => undefined);
          for (const p of batch) p.reject(err);
          continue;
        }
        const range = { start: this.#size, end: offset };
        this.#size = offset;
        this.written += batch.length;
        for (const [seq, at] of marks) this.index.add(seq, at);
        this.#indexStarted ||= marks.length > 0;
        this.onWritten(
          batch.map((p) => p.event),
          range,
        );
        for (const p of batch) p.resolve(p.event);
      }
    } finally {
      // Synchronous with the loop's last check: an append arriving now schedules a new flush.
      this.#flushing = null;
      this.#schedule();
    }
  }

  /** Resolves when every appended event is written and delivered. */
  async drain(): Promise<void> {
    while (this.#flushing || this.#scheduled || this.#batch.length) {
      await (this.#flushing ?? new Promise((r) => setImmediate(r)));
    }
  }

  close(): Promise<void> {
    return this.fh.close();
  }
}
