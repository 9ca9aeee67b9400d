import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LbEvent } from '@/lib/contract/lb-event';
import type { StoredEvent } from '@/lib/contract/stored-event';
import { HubEndedError, RunEventHub } from './event-hub';
import { closeHub, getHub, peekHub } from './event-hub-registry';
import { REPLAY_BATCH } from './event-hub-stream';

const dir = await mkdtemp(path.join(tmpdir(), 'lbweb-hub-'));
afterAll(() => rm(dir, { recursive: true, force: true }));
let n = 0;
const fresh = () => path.join(dir, `run-${++n}`, 'events.jsonl');
const ev = (i: number, extra: Partial<LbEvent> = {}): LbEvent => ({
  run_id: 'run-t',
  host: 'runner',
  workload: 'peva_faas',
  repetition: 1,
  total_repetitions: 1,
  status: 'running',
  message: `m${i}`,
  timestamp: i,
  type: 'status',
  level: 'INFO',
  ...extra,
});
const fileSeqs = async (file: string) =>
  (await readFile(file, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as StoredEvent).seq);
const collect = async (it: AsyncGenerator<StoredEvent>) => {
  const out: number[] = [];
  for await (const e of it) out.push(e.seq);
  return out;
};
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe('RunEventHub', () => {
  it('gives monotonic seqs (replacing a producer seq) and persists each event before publishing it', async () => {
    const file = fresh();
    const hub = await RunEventHub.open(file);
    const onDiskWhenNotified: boolean[] = [];
    hub.subscribe((e) => {
      const lines = readFileSync(file, 'utf8').split('\n');
      onDiskWhenNotified.push(lines.some((l) => l.length > 0 && (JSON.parse(l) as StoredEvent).seq === e.seq));
    });
    const stored = await Promise.all([hub.publish(ev(1, { seq: 999 })), hub.publish(ev(2)), hub.publish(ev(3))]);
    expect(stored.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect((await hub.publish(ev(4))).seq).toBe(4);
    expect(onDiskWhenNotified).toEqual([true, true, true, true]);
    expect(await fileSeqs(file)).toEqual([1, 2, 3, 4]);
    expect((await readFile(file, 'utf8')).split('\n')[0]).toMatch(/"seq":1}$/);
    expect(hub.stats()).toMatchObject({ lastSeq: 4, subscribers: 1, publishedThisSession: 4, malformed: 0 });
    await hub.close();
  });

  it('an unserialisable event fails alone, takes no seq, and the hub goes on', async () => {
    const hub = await RunEventHub.open(fresh());
    const bad = hub.publish(ev(1, { data: { n: 1n } }));
    const good = hub.publish(ev(2));
    await expect(bad).rejects.toThrow(/BigInt/);
    expect((await good).seq).toBe(1);
    expect((await hub.publish(ev(3))).seq).toBe(2);
    await hub.close();
  });

  it('restores lastSeq on reopen and repairs a torn last line', async () => {
    const file = fresh();
    const hub = await RunEventHub.open(file);
    for (let i = 1; i <= 5; i++) await hub.publish(ev(i));
    await hub.close();
    await appendFile(file, '{"run_id":"run-t","host":"runner","wor'); // crash mid-write
    const again = await RunEventHub.open(file);
    expect(again.stats()).toMatchObject({ lastSeq: 5, tornBytesDropped: 38 });
    expect((await again.publish(ev(6))).seq).toBe(6);
    await again.close();
    expect(await fileSeqs(file)).toEqual([1, 2, 3, 4, 5, 6]);
    // A last line that is whole but lost its newline is kept.
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.slice(0, -1));
    const third = await RunEventHub.open(file);
    expect(third.lastSeq).toBe(6);
    await third.publish(ev(7));
    // Replay spans events of an earlier process (not in this hub's offset index) and its own.
    expect(await collect(third.readAfter(2))).toEqual(range(3, 7));
    expect(await collect(third.readAfter(6))).toEqual([7]);
    await third.close();
    expect(await fileSeqs(file)).toEqual(range(1, 7));
  });

  it('stream replays after lastEventId then follows live with no gap or duplicate while publishing', async () => {
    const file = fresh();
    const hub = await RunEventHub.open(file);
    for (let i = 1; i <= 500; i++) void hub.publish(ev(i));
    await hub.drain();
    const producer = (async () => {
      for (let i = 501; i <= 3000; i++) {
        void hub.publish(ev(i));
        if (i % 50 === 0) await new Promise((r) => setImmediate(r));
      }
      await hub.end();
    })();
    // Readers join at different points, some with a tiny buffer so they overflow and re-replay.
    const readers = [0, 1, 250, 499, 500, 1200].map((last, k) =>
      collect(hub.stream({ lastEventId: last, maxBuffer: k % 2 ? 5 : 10_000 })),
    );
    await producer;
    const late = collect(hub.stream({ lastEventId: 2990 }));
    const results = await Promise.all(readers);
    [0, 1, 250, 499, 500, 1200].forEach((last, k) => expect(results[k]).toEqual(range(last + 1, 3000)));
    expect(await late).toEqual(range(2991, 3000));
    await hub.close();
  });

  it('a slow live consumer whose buffer overflows catches up from the file', async () => {
    const hub = await RunEventHub.open(fresh());
    const got: number[] = [];
    let firstSeen!: () => void;
    const first = new Promise<void>((r) => (firstSeen = r));
    const consumer = (async () => {
      for await (const e of hub.stream({ maxBuffer: 5 })) {
        got.push(e.seq);
        if (e.seq === 1) firstSeen();
        await new Promise((r) => setTimeout(r, 1));
      }
    })();
    await hub.publish(ev(1));
    await first;
    await new Promise((r) => setTimeout(r, 50)); // its replay has reached the end: it is live now
    for (let i = 2; i <= 200; i++) void hub.publish(ev(i)); // one burst, far beyond its buffer
    await hub.end();
    await consumer;
    expect(got).toEqual(range(1, 200));
    await hub.close();
  });

  it('a consumer that reconnects with the last seq it saw misses nothing', async () => {
    const file = fresh();
    const hub = await RunEventHub.open(file);
    const got: number[] = [];
    const producer = (async () => {
      for (let i = 1; i <= 1000; i++) {
        void hub.publish(ev(i));
        if (i % 10 === 0) await new Promise((r) => setTimeout(r, 1));
      }
      await hub.end();
    })();
    let last = 0;
    for (let round = 0; ; round++) {
      const ac = new AbortController();
      let count = 0;
      for await (const e of hub.stream({ lastEventId: last, signal: ac.signal })) {
        got.push(e.seq);
        last = e.seq;
        if (++count === 77) ac.abort(); // the browser drops the connection
      }
      if (!ac.signal.aborted) break;
      expect(round).toBeLessThan(100);
    }
    await producer;
    expect(got).toEqual(range(1, 1000));
    await hub.close();
  });

  it('batches: the file replay in bounded slices, then what came during a pause in one batch', async () => {
    const hub = await RunEventHub.open(fresh());
    for (let i = 1; i <= 1200; i++) void hub.publish(ev(i));
    await hub.drain();
    const batches: number[][] = [];
    let got1201!: () => void;
    const live = new Promise<void>((r) => (got1201 = r));
    const consumer = (async () => {
      for await (const b of hub.batches({ lastEventId: 100 })) {
        batches.push(b.map((e) => e.seq));
        if (b.some((e) => e.seq === 1201)) got1201();
        // A viewer busy writing: everything published meanwhile waits for its next ask.
        await new Promise((r) => setTimeout(r, 30));
      }
    })();
    while (batches.length < 3) await new Promise((r) => setTimeout(r, 5)); // the replay is done
    void hub.publish(ev(1201));
    await live;
    for (let i = 1202; i <= 1300; i++) {
      void hub.publish(ev(i));
      if (i % 10 === 0) await new Promise((r) => setImmediate(r)); // over several ticks
    }
    await hub.drain();
    await hub.end();
    await consumer;
    expect(batches.flat()).toEqual(range(101, 1300));
    // The replay of 1 100 in slices of at most REPLAY_BATCH, then the live ones.
    expect(batches.slice(0, 3).map((b) => b.length)).toEqual([REPLAY_BATCH, REPLAY_BATCH, 100]);
    expect(batches.slice(3)).toEqual([[1201], range(1202, 1300)]);
    await hub.close();
  });

  it('end() delivers pending events, ends live streams and refuses new events', async () => {
    const file = fresh();
    const hub = await RunEventHub.open(file);
    const stream = collect(hub.stream());
    const sub: string[] = [];
    hub.subscribe({ onEvent: (e) => sub.push(`e${e.seq}`), onEnd: () => sub.push('end') });
    void hub.publish(ev(1));
    void hub.publish(ev(2));
    await hub.end();
    expect(await stream).toEqual([1, 2]);
    expect(sub).toEqual(['e1', 'e2', 'end']);
    await expect(hub.publish(ev(3))).rejects.toBeInstanceOf(HubEndedError);
    expect(await collect(hub.stream({ lastEventId: 1 }))).toEqual([2]);
    await hub.close();
    expect(await collect(hub.stream())).toEqual([1, 2]);
  });

  it('an aborted stream unsubscribes', async () => {
    const hub = await RunEventHub.open(fresh());
    const ac = new AbortController();
    const s = collect(hub.stream({ signal: ac.signal }));
    await hub.publish(ev(1));
    expect(hub.stats().subscribers).toBe(1);
    ac.abort();
    expect(await s).toEqual([1]);
    expect(hub.stats().subscribers).toBe(0);
    await hub.close();
  });

  it('counts malformed lines, keeps the last ones and publishes a WARNING log event', async () => {
    const hub = await RunEventHub.open(fresh(), { runId: 'run-m', keepMalformed: 2 });
    const warn = await hub.recordMalformed('LB_EVENT {oops', 'payload is not valid JSON', { host: 'runner' });
    expect(warn).toMatchObject({
      seq: 1,
      type: 'log',
      level: 'WARNING',
      run_id: 'run-m',
      host: 'runner',
      data: { malformed: { line: 'LB_EVENT {oops' } },
    });
    await hub.recordMalformed('b', 'r2');
    await hub.recordMalformed('c', 'r3');
    expect(hub.stats().malformed).toBe(3);
    expect(hub.recentMalformed().map((m) => m.line)).toEqual(['b', 'c']);
    const quiet = await RunEventHub.open(fresh(), { publishMalformed: false });
    expect(await quiet.recordMalformed('x', 'y')).toBeNull();
    expect(quiet.stats()).toMatchObject({ malformed: 1, lastSeq: 0 });
    await Promise.all([hub.close(), quiet.close()]);
  });
});

describe('event hub registry', () => {
  it('shares one hub per events file, also across concurrent opens', async () => {
    const file = fresh();
    const [a, b] = await Promise.all([getHub('run-reg', file), getHub('run-reg', file)]);
    expect(a).toBe(b);
    expect(await peekHub(file)).toBe(a);
    await closeHub(file);
    expect(peekHub(file)).toBeUndefined();
    const c = await getHub('run-reg', file);
    expect(c).not.toBe(a);
    await closeHub(file);
  });

  it('keeps runs of the same id in two output roots apart', async () => {
    const [a, b] = await Promise.all([getHub('run-same', fresh()), getHub('run-same', fresh())]);
    expect(a).not.toBe(b);
    await Promise.all([a.close(), b.close()]);
  });
});
