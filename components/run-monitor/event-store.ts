// The browser's part of a run's events: the newest ones (the snapshot's tail, then the live
// stream), plus older pages the user asked for, in seq order with duplicates dropped (a
// reconnect replays from lastEventId, but a retried request or a second subscription can
// still deliver a seq twice). What the page derives from the whole run is the RunDigest: the
// server's copy from the snapshot, carried on with every live event after it.
import type { StoredEvent } from '@/lib/contract/stored-event';
import { RunDigestStateSchema } from '@/lib/contract/run-digest';
import { RunDigest, type RunDerived, type RunSnapshot } from '@/lib/run-digest/run-digest';
import { visibleEvents, type EventFilter } from '@/lib/run-digest/event-filter';
import { indexOfSeq } from './log-window';

export type { RunDerived } from '@/lib/run-digest/run-digest';

/** Live events kept beyond this drop the oldest (they can be paged back from the server). */
export const MAX_HELD = 20_000;

/**
 * A stream batch this large makes the tail fast; FAST_TAIL_SLOW_BATCHES batches in a row this
 * small make it slow again (hysteresis: a rate near the bound, or one thin frame after a stall,
 * does not flip it): a fast tail's log rows are recycled (event-log.tsx). At one batch a
 * frame, 8 a batch is ~500 events/s, far past what anyone reads as it scrolls.
 */
export const FAST_TAIL_ON = 8;
export const FAST_TAIL_OFF = 3;
export const FAST_TAIL_SLOW_BATCHES = 10;

export class RunEventLog {
  readonly events: StoredEvent[] = [];
  duplicates = 0;
  /** Bumped on every change so React can memoise on it. */
  version = 0;
  /** The stream brings many events per batch (FAST_TAIL_ON / FAST_TAIL_OFF). */
  fastTail = false;
  private slowBatches = 0;
  private digest = new RunDigest();
  private cachedView: { version: number; events: readonly StoredEvent[] } | null = null;
  private readonly seqs = new Set<number>();
  private cachedVisible: {
    version: number;
    filter: EventFilter;
    limit: number;
    result: ReturnType<typeof visibleEvents>;
  } | null = null;

  constructor(private readonly maxHeld = MAX_HELD) {}

  get derived(): RunDerived {
    return this.digest.derived;
  }

  get metrics() {
    return this.digest.metrics;
  }

  get findings() {
    return this.digest.findings;
  }

  get search() {
    return this.digest.search;
  }

  /** The held events as of now: the same array until the log changes (a memo key for React). */
  get view(): readonly StoredEvent[] {
    if (this.cachedView?.version !== this.version)
      this.cachedView = { version: this.version, events: [...this.events] };
    return this.cachedView.events;
  }

  /**
   * The rows the log shows (visibleEvents over the held events), the same object until the log,
   * the filter or the limit changes: read in place, without copying the held events per change.
   */
  visible(filter: EventFilter, limit: number): ReturnType<typeof visibleEvents> {
    const c = this.cachedVisible;
    if (c?.version === this.version && c.filter === filter && c.limit === limit) return c.result;
    const result = visibleEvents(this.events, filter, limit);
    this.cachedVisible = { version: this.version, filter, limit, result };
    return result;
  }

  /** The newest seq of the run known here (where the stream resumes). */
  get lastSeq(): number {
    return Math.max(this.events.at(-1)?.seq ?? 0, this.digest.lastSeq);
  }

  /** Events in the run so far, held here or not. */
  get total(): number {
    return Math.max(this.digest.count, this.events.length);
  }

  /** Events of the run older than the oldest one held (on the server: "show older" fetches them). */
  get olderOnServer(): number {
    return Math.max(0, this.digest.count - this.events.length);
  }

  /** Seqs within the held range that never arrived (0 when the stream is whole). */
  get missing(): number {
    const first = this.events[0]?.seq;
    return first === undefined ? 0 : this.lastSeq - first + 1 - this.events.length;
  }

  /** Starts from the server's snapshot; only a log that holds nothing yet can be seeded. */
  seed(snapshot: RunSnapshot): boolean {
    if (this.version !== 0) return false;
    // Through the schema: JSON carried a record's NaN figures as null, the digest holds NaN.
    this.digest = new RunDigest(RunDigestStateSchema.parse(snapshot.digest));
    for (const e of snapshot.events) {
      if (e.seq > snapshot.digest.lastSeq || this.seqs.has(e.seq)) continue;
      this.seqs.add(e.seq);
      this.events.push(e);
    }
    this.version++;
    return true;
  }

  /** Adds a batch from the stream; returns how many events were new. */
  add(batch: readonly StoredEvent[]): number {
    let added = 0;
    for (const e of batch) {
      if (!this.hold(e)) continue;
      // Derived fields follow seq order: an older event (already counted) changes nothing.
      this.digest.add(e);
      added++;
    }
    if (this.events.length > this.maxHeld) {
      for (const e of this.events.splice(0, this.events.length - this.maxHeld)) this.seqs.delete(e.seq);
    }
    if (added > 0) this.version++;
    this.slowBatches = added <= FAST_TAIL_OFF ? this.slowBatches + 1 : 0;
    if (added >= FAST_TAIL_ON) this.fastTail = true;
    else if (this.slowBatches >= FAST_TAIL_SLOW_BATCHES) this.fastTail = false;
    return added;
  }

  /** The stream went quiet: the tail is not fast any more (true when that changed the log). */
  settle(): boolean {
    if (!this.fastTail) return false;
    this.fastTail = false;
    this.version++;
    return true;
  }

  /** Adds a page of older events (already in the digest); returns how many were new. */
  addOlder(page: readonly StoredEvent[]): number {
    let added = 0;
    for (const e of page) if (this.hold(e)) added++;
    if (added > 0) this.version++;
    return added;
  }

  private hold(e: StoredEvent): boolean {
    if (this.seqs.has(e.seq)) {
      this.duplicates++;
      return false;
    }
    this.seqs.add(e.seq);
    if (e.seq > (this.events.at(-1)?.seq ?? 0)) this.events.push(e);
    else this.events.splice(indexOfSeq(this.events, e.seq), 0, e);
    return true;
  }
}
