// One run's event hub: gives each event the run's next seq, appends it to events.jsonl, and only
// then publishes it. Because a subscriber never sees an event that is not on disk, a reconnecting
// reader can replay from the file and switch to live with no gap and no duplicate.
import 'server-only';
import { incCounter } from '@/server/metrics/lbweb-metrics';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { LbEvent } from '@/lib/contract/lb-event';
import { serializeStored, type StoredEvent } from '@/lib/contract/stored-event';
import { readStoredEvents, restoreStore } from './event-store';
import { BatchAppender, type ByteRange } from './event-hub-writer';
import { malformedLogEvent, MalformedLog, type MalformedRecord } from './event-hub-malformed';
import { streamHub, streamHubBatches } from './event-hub-stream';

export type { MalformedRecord } from './event-hub-malformed';

export interface HubSubscriber {
  onEvent(e: StoredEvent): void;
  /** Called once, after every published event was delivered, when the hub ends. */
  onEnd?(): void;
}

export interface HubOptions {
  /** run_id put on the hub's own events (malformed-line warnings). */
  runId?: string;
  /** How many malformed lines to keep for display (default 50). */
  keepMalformed?: number;
  /** Publish a WARNING log event for each malformed line (default true). */
  publishMalformed?: boolean;
  /** Called after each batch is on disk, with where it lies in the file (the run's digest). */
  onAppended?: (events: readonly StoredEvent[], range: ByteRange) => void;
}

export interface HubStats {
  lastSeq: number;
  malformed: number;
  subscribers: number;
  publishedThisSession: number;
  ended: boolean;
  tornBytesDropped: number;
}

export class HubEndedError extends Error {
  constructor(file: string) {
    super(`event hub for ${file} has ended: the run is over, no more events are accepted`);
    this.name = 'HubEndedError';
  }
}

export class RunEventHub {
  #lastSeq: number;
  #ended = false;
  #endDelivered = false;
  #closed = false;
  readonly #subs = new Set<HubSubscriber>();
  readonly #malformed: MalformedLog;
  readonly #writer: BatchAppender;

  private constructor(
    readonly path: string,
    fh: FileHandle,
    restored: { lastSeq: number; size: number },
    private readonly tornBytesDropped: number,
    private readonly opts: HubOptions,
  ) {
    this.#lastSeq = restored.lastSeq;
    this.#writer = new BatchAppender(fh, restored.size, (events, range) => {
      for (const e of events) this.#deliver(e);
      opts.onAppended?.(events, range);
    });
    this.#malformed = new MalformedLog(opts.keepMalformed ?? 50);
  }

  /** Opens (or creates) a run's events.jsonl, restoring lastSeq and repairing a torn last line. */
  static async open(eventsPath: string, opts: HubOptions = {}): Promise<RunEventHub> {
    await mkdir(path.dirname(eventsPath), { recursive: true });
    const restored = await restoreStore(eventsPath);
    const fh = await open(eventsPath, 'a');
    return new RunEventHub(eventsPath, fh, restored, restored.tornBytesDropped, opts);
  }

  get lastSeq(): number {
    return this.#lastSeq;
  }

  get ended(): boolean {
    return this.#ended;
  }

  /**
   * Assigns the next seq (any seq the producer sent is replaced) and resolves once the event is on
   * disk and delivered. Events published in the same tick share one write.
   */
  publish(event: LbEvent): Promise<StoredEvent> {
    if (this.#ended) return Promise.reject(new HubEndedError(this.path));
    // A producer's own seq is dropped so that ours is the last key (replay skips lines by it).
    const { seq: _theirs, ...rest } = event;
    const stored: StoredEvent = { ...rest, seq: this.#lastSeq + 1 };
    let line: string;
    try {
      // Serialised now: a caller mutating its object later cannot change what is stored, and an
      // unserialisable event fails alone, before it takes a seq.
      line = serializeStored(stored);
    } catch (err) {
      return Promise.reject(err);
    }
    this.#lastSeq = stored.seq;
    incCounter('lbweb_events_ingested_total');
    return this.#writer.append(stored, line);
  }

  #deliver(e: StoredEvent): void {
    for (const s of this.#subs) {
      try {
        s.onEvent(e);
      } catch {
        /* one broken subscriber must not starve the others */
      }
    }
  }

  /**
   * Counts and keeps a malformed input line; unless `publishMalformed: false`, also publishes it as a
   * `type: "log", level: "WARNING"` event (logger `lb_web.event_ingest`, the line in `data.malformed`)
   * so the browser's event log shows it. Resolves to that event, or null when not published.
   */
  async recordMalformed(
    line: string,
    reason: string,
    origin: { host?: string; runId?: string } = {},
  ): Promise<StoredEvent | null> {
    const rec = this.#malformed.add(line, reason, origin.host);
    incCounter('lbweb_malformed_lines_total');
    if (this.opts.publishMalformed === false || this.#ended) return null;
    return this.publish(malformedLogEvent(rec, origin.runId ?? this.opts.runId ?? ''));
  }

  recentMalformed(): MalformedRecord[] {
    return this.#malformed.recent();
  }

  stats(): HubStats {
    return {
      lastSeq: this.#lastSeq,
      malformed: this.#malformed.count,
      subscribers: this.#subs.size,
      publishedThisSession: this.#writer.written,
      ended: this.#ended,
      tornBytesDropped: this.tornBytesDropped,
    };
  }

  /** Live events only (no replay). Returns the unsubscribe function. */
  subscribe(listener: ((e: StoredEvent) => void) | HubSubscriber): () => void {
    const sub: HubSubscriber = typeof listener === 'function' ? { onEvent: listener } : listener;
    this.#subs.add(sub);
    if (this.#endDelivered) queueMicrotask(() => sub.onEnd?.());
    return () => void this.#subs.delete(sub);
  }

  /** Replays seq > lastEventId from the file, then follows live; returns after the hub ends. */
  stream(opts: { lastEventId?: number; signal?: AbortSignal; maxBuffer?: number } = {}): AsyncGenerator<StoredEvent> {
    return streamHub(this, opts);
  }

  /** The same stream in batches: what was buffered when the consumer asked, in seq order. */
  batches(
    opts: { lastEventId?: number; signal?: AbortSignal; maxBuffer?: number } = {},
  ): AsyncGenerator<StoredEvent[]> {
    return streamHubBatches(this, opts);
  }

  /** Stored events with seq > afterSeq, read from the file (jumps close to afterSeq when it can). */
  readAfter(afterSeq: number, signal?: AbortSignal): AsyncGenerator<StoredEvent> {
    return readStoredEvents(this.path, afterSeq, this.#writer.index.offsetAfter(afterSeq), signal);
  }

  /** Resolves when everything published so far is on disk and delivered. */
  drain(): Promise<void> {
    return this.#writer.drain();
  }

  /** The run is over: refuses new events, delivers the pending ones, then ends every stream. */
  async end(): Promise<void> {
    this.#ended = true;
    await this.drain();
    if (this.#endDelivered) return;
    this.#endDelivered = true;
    for (const s of [...this.#subs]) {
      try {
        s.onEnd?.();
      } catch {
        /* ignore */
      }
    }
  }

  /** end() and release the file. Streams still replaying read by path and finish normally. */
  async close(): Promise<void> {
    await this.end();
    if (this.#closed) return;
    this.#closed = true;
    await this.#writer.close();
  }
}
