import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StoredEvent } from '@/lib/contract/stored-event';
import {
  MAX_FAILED_OPENS,
  openEventStream,
  type EventSourceLike,
  type EventStreamHandlers,
  type StreamState,
} from './event-stream';

type Listener = (ev: { data?: string; lastEventId?: string }) => void;

/** An EventSource the test drives: frames in, state changes, what URL it was opened with. */
class FakeSource implements EventSourceLike {
  readyState = 0;
  closed = false;
  readonly listeners = new Map<string, Listener[]>();
  constructor(readonly url: string) {}
  addEventListener(type: string, l: Listener) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), l]);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  emit(type: string, ev: { data?: string; lastEventId?: string } = {}) {
    for (const l of this.listeners.get(type) ?? []) l(ev);
  }
  event(seq: number) {
    this.emit('message', { data: JSON.stringify({ seq, message: `e${seq}` }), lastEventId: String(seq) });
  }
}

function harness(lastSeq = 0) {
  const sources: FakeSource[] = [];
  const seen: number[] = [];
  const states: StreamState[] = [];
  const ends: number[] = [];
  const errors: string[] = [];
  const handlers: EventStreamHandlers = {
    onEvent: (e: StoredEvent) => seen.push(e.seq),
    onState: (s) => states.push(s),
    onEnd: () => ends.push(1),
    onError: (m) => errors.push(m),
  };
  const close = openEventStream(
    {
      url: (seq) => `/events?after=${seq}`,
      lastSeq,
      open: (url) => {
        const s = new FakeSource(url);
        sources.push(s);
        return s;
      },
    },
    handlers,
  );
  return { sources, seen, states, ends, errors, close, last: () => sources.at(-1)! };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('openEventStream', () => {
  it('delivers each data frame in order and goes live on the connected frame', () => {
    const h = harness(7);
    expect(h.last().url).toBe('/events?after=7');
    h.last().emit('connected', { data: JSON.stringify({ reconnectAfterInactivityMs: 8000 }) });
    for (const seq of [8, 9, 10]) h.last().event(seq);
    h.last().emit('ping');
    expect(h.seen).toEqual([8, 9, 10]);
    expect(h.states).toEqual(['connecting', 'live']);
    h.close();
  });

  it('a connection the browser gave up on is reopened from the last seq received', () => {
    const h = harness(0);
    h.last().emit('connected', { data: '{}' });
    h.last().event(1);
    h.last().event(2);
    h.last().readyState = 2;
    h.last().emit('error');
    expect(h.states.at(-1)).toBe('reconnecting');
    expect(h.sources).toHaveLength(1);
    vi.advanceTimersByTime(600);
    expect(h.sources).toHaveLength(2);
    expect(h.sources[0]!.closed).toBe(true);
    expect(h.last().url).toBe('/events?after=2');
    h.last().emit('connected', { data: '{}' });
    h.last().event(3);
    expect(h.seen).toEqual([1, 2, 3]);
    expect(h.states.at(-1)).toBe('live');
    h.close();
  });

  it('a batch frame delivers its events in order and a reconnect resumes after its id', () => {
    const h = harness(0);
    h.last().emit('connected', { data: '{}' });
    const batch = [1, 2, 3].map((seq) => ({ seq, message: `e${seq}` }));
    h.last().emit('message', { data: JSON.stringify(batch), lastEventId: '3' });
    h.last().event(4);
    expect(h.seen).toEqual([1, 2, 3, 4]);
    h.last().readyState = 2;
    h.last().emit('error');
    vi.advanceTimersByTime(600);
    expect(h.last().url).toBe('/events?after=4');
    h.last().emit('connected', { data: '{}' });
    h.last().emit('message', { data: JSON.stringify([{ seq: 5 }, { seq: 6 }]), lastEventId: '6' });
    h.last().readyState = 2;
    h.last().emit('error');
    vi.advanceTimersByTime(600);
    expect(h.last().url).toBe('/events?after=6');
    expect(h.seen).toEqual([1, 2, 3, 4, 5, 6]);
    h.close();
  });

  it('gives up with an error after MAX_FAILED_OPENS refused connections in a row, not before', () => {
    const h = harness(3);
    for (let i = 0; i < MAX_FAILED_OPENS; i++) {
      h.last().readyState = 2;
      h.last().emit('error');
      vi.advanceTimersByTime(5_000);
    }
    expect(h.sources).toHaveLength(MAX_FAILED_OPENS + 1);
    expect(h.errors).toEqual([]);
    h.last().readyState = 2;
    h.last().emit('error');
    expect(h.errors).toEqual([`the event stream could not be opened (${MAX_FAILED_OPENS + 1} attempts)`]);
    vi.advanceTimersByTime(60_000);
    expect(h.sources).toHaveLength(MAX_FAILED_OPENS + 1);
  });

  it('a connection that opens in between starts the count again', () => {
    const h = harness(0);
    for (let i = 0; i < MAX_FAILED_OPENS; i++) {
      h.last().readyState = 2;
      h.last().emit('error');
      vi.advanceTimersByTime(5_000);
    }
    h.last().emit('connected', { data: '{}' });
    h.last().readyState = 2;
    h.last().emit('error');
    vi.advanceTimersByTime(5_000);
    expect(h.errors).toEqual([]);
    expect(h.states.at(-1)).toBe('reconnecting');
    h.close();
  });

  it('while the browser retries by itself nothing is reopened, only the state shows it', () => {
    const h = harness(0);
    h.last().emit('connected', { data: '{}' });
    h.last().readyState = 0;
    h.last().emit('error');
    vi.advanceTimersByTime(10_000);
    expect(h.sources).toHaveLength(1);
    expect(h.states.at(-1)).toBe('reconnecting');
    h.close();
  });

  it('reconnects when the server is silent longer than its inactivity bound', () => {
    const h = harness(0);
    h.last().emit('connected', { data: JSON.stringify({ reconnectAfterInactivityMs: 1000 }) });
    h.last().event(4);
    vi.advanceTimersByTime(800);
    h.last().emit('ping');
    vi.advanceTimersByTime(800);
    expect(h.sources).toHaveLength(1); // a ping is activity
    vi.advanceTimersByTime(1500);
    expect(h.sources).toHaveLength(2);
    expect(h.last().url).toBe('/events?after=4');
    h.close();
  });

  it('ends on the return frame and opens nothing more', () => {
    const h = harness(0);
    h.last().emit('connected', { data: '{}' });
    h.last().event(1);
    h.last().emit('return');
    expect(h.ends).toEqual([1]);
    expect(h.last().closed).toBe(true);
    vi.advanceTimersByTime(60_000);
    expect(h.sources).toHaveLength(1);
  });

  it('a final error (unknown run) is reported and not retried; a retryable one reconnects', () => {
    const h = harness(0);
    h.last().emit('serialized-error', {
      data: JSON.stringify({ code: -32603, message: 'server restarting', data: { code: 'SERVICE_UNAVAILABLE' } }),
    });
    vi.advanceTimersByTime(600);
    expect(h.sources).toHaveLength(2);
    expect(h.errors).toEqual([]);
    h.last().emit('serialized-error', {
      data: JSON.stringify({ code: -32004, message: 'Run r-x not found', data: { code: 'NOT_FOUND' } }),
    });
    expect(h.errors).toEqual(['Run r-x not found']);
    vi.advanceTimersByTime(60_000);
    expect(h.sources).toHaveLength(2);
  });

  it('garbage frames are skipped and a closed stream ignores a late frame', () => {
    const h = harness(0);
    const first = h.last();
    first.emit('connected', { data: 'not json' });
    first.emit('message', { data: '{broken' });
    first.event(1);
    h.close();
    first.event(2);
    expect(h.seen).toEqual([1]);
    vi.advanceTimersByTime(60_000);
    expect(h.sources).toHaveLength(1);
  });
});
