import { tracked } from '@trpc/server';
import { sseStreamProducer } from '@trpc/server/unstable-core-do-not-import';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '@/lib/contract/stored-event';
import { batchFrame, CONNECTED_FRAME, eventFrame, eventsRequest, PING_FRAME, RETURN_FRAME } from './events-fast-path';

const target = (input: unknown, extra = '') =>
  `/api/trpc/runs.events?input=${encodeURIComponent(JSON.stringify(input))}${extra}`;

describe('run event stream on our HTTP server', () => {
  it('resumes from Last-Event-ID, then ?lastEventId, then the input (tRPC order)', () => {
    expect(eventsRequest(target({ runId: 'run-1' }), {})).toEqual({ runId: 'run-1', lastEventId: 0, batch: false });
    expect(eventsRequest(target({ runId: 'run-1', lastEventId: '7' }), {})).toEqual({
      runId: 'run-1',
      lastEventId: 7,
      batch: false,
    });
    expect(eventsRequest(target({ runId: 'run-1', lastEventId: '7' }, '&lastEventId=9'), {})?.lastEventId).toBe(9);
    expect(
      eventsRequest(target({ runId: 'run-1', lastEventId: '7' }, '&lastEventId=9'), { 'last-event-id': '11' })
        ?.lastEventId,
    ).toBe(11);
  });

  it('reads the batch switch (and refuses a malformed one, which tRPC then answers)', () => {
    expect(eventsRequest(target({ runId: 'run-1', batch: true }), {})?.batch).toBe(true);
    expect(eventsRequest(target({ runId: 'run-1', batch: 'yes' }), {})).toBeNull();
  });

  it('leaves anything else to the tRPC route (which answers it in its own error format)', () => {
    expect(eventsRequest('/api/trpc/runs.list', {})).toBeNull();
    expect(eventsRequest('/api/trpc/runs.events?input=%7Bnot-json', {})).toBeNull();
    expect(eventsRequest(target({ runId: '../etc' }), {})).toBeNull();
    expect(eventsRequest(target({ runId: 'run-1' }), { 'last-event-id': '1; drop' })).toBeNull();
  });

  it("writes tRPC's SSE frames: connected, data with the seq as id, ping, return", () => {
    const e = { seq: 42, type: 'log', message: 'a\nb' } as unknown as StoredEvent;
    expect(eventFrame(e)).toBe(`data: ${JSON.stringify(e)}\nid: 42\n\n\n`);
    expect(eventFrame(e)).toBe(eventFrame(e)); // serialised once, shared by every viewer
    expect(CONNECTED_FRAME).toBe('event: connected\ndata: {"reconnectAfterInactivityMs":12000}\n\n\n');
    expect(PING_FRAME).toBe('event: ping\ndata: \n\n\n');
    expect(RETURN_FRAME).toBe('event: return\ndata: \n\n\n');
  });

  it('writes a batch as one frame: the events as a JSON array, the last seq as id', () => {
    const batch = [7, 8, 9].map((seq) => ({ seq, type: 'log', message: `m${seq}` }) as unknown as StoredEvent);
    const frame = batchFrame(batch);
    expect(frame).toBe(`data: ${JSON.stringify(batch)}\nid: 9\n\n\n`);
    // One line of data whatever the messages hold (an SSE data line ends at a newline).
    expect(frame.split('\n')[0]).toBe(`data: ${JSON.stringify(batch)}`);
  });

  it("produces byte for byte what tRPC's own SSE producer sends for the same stream", async () => {
    const events = [1, 2, 3].map(
      (seq) => ({ seq, type: 'log', message: `m${seq}`, data: { n: [seq] } }) as unknown as StoredEvent,
    );
    async function* data() {
      for (const e of events) yield tracked(String(e.seq), e);
    }
    const stream = sseStreamProducer({
      data: data(),
      client: { reconnectAfterInactivityMs: 12_000 },
      ping: { enabled: false },
    } as never);
    let theirs = '';
    const decoder = new TextDecoder();
    const reader = (stream as ReadableStream<Uint8Array>).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      theirs += decoder.decode(value, { stream: true });
    }
    expect(CONNECTED_FRAME + events.map(eventFrame).join('') + RETURN_FRAME).toBe(theirs);
  });
});
