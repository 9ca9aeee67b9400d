import { appendFile, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serializeStored, type StoredEvent } from '@/lib/contract/stored-event';
import { ev } from '@/test/support/run-events';
import { eventsBefore, readEventsPage } from './event-file-pages';

const dir = await mkdtemp(path.join(tmpdir(), 'lbweb-pages-'));
afterAll(() => rm(dir, { recursive: true, force: true }));
let n = 0;

// Lines of uneven length (some multi-byte, a few longer than a read chunk) so that chunk and
// line boundaries fall everywhere.
const event = (seq: number): StoredEvent =>
  ev(seq, { message: `${'é'.repeat(seq % 37)} ${seq % 997 === 0 ? 'x'.repeat(70_000) : ''} #${seq}` });

async function runFile(seqs: number[], tail = ''): Promise<string> {
  const file = path.join(dir, `events-${++n}.jsonl`);
  await writeFile(file, seqs.map((s) => serializeStored(event(s))).join('') + tail);
  return file;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const seqsOf = (events: StoredEvent[]) => events.map((e) => e.seq);

describe('readEventsPage', () => {
  it('gives the events just before a seq, oldest first, at every boundary', async () => {
    const file = await runFile(range(1, 3000));
    expect(await readEventsPage(file, 1, 10)).toEqual({ events: [], more: false });
    expect(seqsOf((await readEventsPage(file, 2, 10)).events)).toEqual([1]);
    expect(await readEventsPage(file, 11, 10).then((p) => [seqsOf(p.events), p.more])).toEqual([range(1, 10), false]);
    expect(await readEventsPage(file, 12, 10).then((p) => [seqsOf(p.events), p.more])).toEqual([range(2, 11), true]);
    expect(seqsOf((await readEventsPage(file, 3001, 5)).events)).toEqual(range(2996, 3000));
    expect(seqsOf((await readEventsPage(file, 99_999, 5)).events)).toEqual(range(2996, 3000));
    expect((await readEventsPage(file, 1998, 1)).events[0]).toEqual(event(1997)); // a 70 kB line
  });

  it('pages back over the whole run with no gap and no duplicate', async () => {
    const file = await runFile(range(1, 5000));
    const seen: number[] = [];
    let before = 5001;
    for (;;) {
      const page = await readEventsPage(file, before, 333);
      seen.unshift(...seqsOf(page.events));
      if (!page.more) break;
      before = page.events[0]!.seq;
    }
    expect(seen).toEqual(range(1, 5000));
  });

  it('skips a seq the file does not have (a failed write) without losing its neighbours', async () => {
    const file = await runFile([...range(1, 99), ...range(101, 200)]);
    expect(seqsOf((await readEventsPage(file, 101, 3)).events)).toEqual([97, 98, 99]);
    expect(seqsOf((await readEventsPage(file, 100, 3)).events)).toEqual([97, 98, 99]);
    expect(seqsOf((await readEventsPage(file, 102, 3)).events)).toEqual([98, 99, 101]);
  });

  it('never returns a partial last line (a write in progress)', async () => {
    const file = await runFile(range(1, 50), '{"run_id":"run-1","seq":5');
    expect(seqsOf((await readEventsPage(file, 99, 3)).events)).toEqual([48, 49, 50]);
    await appendFile(file, '1}\n');
    // Whole now, but not an event of the contract (fields missing): still not returned.
    expect(seqsOf((await readEventsPage(file, 99, 3)).events)).toEqual([48, 49, 50]);
  });

  it('reads a missing file as a run without events', async () => {
    expect(await readEventsPage(path.join(dir, 'nope.jsonl'), 10, 10)).toEqual({ events: [], more: false });
  });
});

describe('eventsBefore', () => {
  it('reads back from a byte offset, cutting an unfinished line there', async () => {
    const file = await runFile(range(1, 20));
    const fh = await open(file, 'r');
    try {
      const bytes = Buffer.byteLength(serializeStored(event(1)) + serializeStored(event(2)));
      expect(seqsOf((await eventsBefore(fh, bytes, 10)).events)).toEqual([1, 2]);
      expect(seqsOf((await eventsBefore(fh, bytes + 5, 10)).events)).toEqual([1, 2]);
      expect(await eventsBefore(fh, bytes, 0)).toEqual({ events: [], more: true });
    } finally {
      await fh.close();
    }
  });
});
