// A resumable event stream for one subscriber (the tRPC subscription wraps it in tracked(seq, e)).
//
// Ordering is what makes it gap- and duplicate-free:
//  1. subscribe to live events FIRST, buffering them;
//  2. replay from the file every event with seq > lastEventId. The hub persists before it
//     publishes, so anything published before step 1 is already in the file, and anything the
//     replay misses (written after it reached the end) is in the buffer;
//  3. drain the buffer, dropping seq <= the last one yielded; then follow live.
// A slow consumer whose buffer overflows drops it and replays from the file again (same argument).
//
// The stream yields batches: everything buffered when the consumer asks (a consumer that pauses
// between writes gets the events of the pause in one batch), and the file replay in slices of
// REPLAY_BATCH. A batch is never empty and its seqs are increasing.
import 'server-only';
import type { StoredEvent } from '@/lib/contract/stored-event';
import type { RunEventHub } from './event-hub';

export interface StreamOptions {
  lastEventId?: number;
  signal?: AbortSignal;
  /** Live events buffered before falling back to a file replay (default 10 000). */
  maxBuffer?: number;
}

/** Events per batch of a file replay (a reconnect after a long gap, a slow consumer). */
export const REPLAY_BATCH = 500;

/** The stream one event at a time. */
export async function* streamHub(hub: RunEventHub, opts: StreamOptions = {}): AsyncGenerator<StoredEvent> {
  for await (const batch of streamHubBatches(hub, opts)) yield* batch;
}

export async function* streamHubBatches(hub: RunEventHub, opts: StreamOptions = {}): AsyncGenerator<StoredEvent[]> {
  const { signal, maxBuffer = 10_000 } = opts;
  let buffer: StoredEvent[] = [];
  let replayNeeded = true;
  let ended = false;
  let wake: (() => void) | null = null;
  const kick = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const unsubscribe = hub.subscribe({
    onEvent: (e) => {
      buffer.push(e);
      if (buffer.length > maxBuffer) {
        buffer = [];
        replayNeeded = true;
      }
      kick();
    },
    onEnd: () => {
      ended = true;
      kick();
    },
  });
  signal?.addEventListener('abort', kick);
  let last = opts.lastEventId ?? 0;
  try {
    while (!signal?.aborted) {
      if (replayNeeded) {
        replayNeeded = false;
        let slice: StoredEvent[] = [];
        for await (const e of hub.readAfter(last, signal)) {
          if (e.seq <= last) continue;
          slice.push(e);
          last = e.seq;
          if (slice.length >= REPLAY_BATCH) {
            yield slice;
            slice = [];
          }
        }
        if (slice.length) yield slice;
        continue;
      }
      if (buffer.length) {
        const fresh = buffer.filter((e) => e.seq > last);
        buffer = [];
        if (fresh.length === 0) continue;
        last = fresh.at(-1)!.seq;
        yield fresh;
        continue;
      }
      // Ends only after the buffer is empty: the hub delivers onEnd after its last event.
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    unsubscribe();
    signal?.removeEventListener('abort', kick);
  }
}
