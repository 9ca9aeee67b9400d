import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serializeStored } from '@/lib/contract/stored-event';
import { DEFAULT_FILTER } from '@/lib/run-digest/event-filter';
import { ev } from '@/test/support/run-events';
import { searchEventsBefore } from './event-search';

const dir = await mkdtemp(path.join(tmpdir(), 'lbweb-search-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

// Every 50th event an ERROR, every 7th mentions "needle".
const event = (seq: number) =>
  ev(seq, {
    type: 'log',
    level: seq % 50 === 0 ? 'ERROR' : 'INFO',
    message: seq % 7 === 0 ? `needle ${seq}` : `hay ${seq}`,
  });
const file = path.join(dir, 'events.jsonl');
await writeFile(file, Array.from({ length: 5000 }, (_, i) => serializeStored(event(i + 1))).join(''));
const errors = { ...DEFAULT_FILTER, minLevel: 'ERROR' as const };

describe('searchEventsBefore', () => {
  it('finds the matches before a seq, oldest first, down to the run start', async () => {
    const page = await searchEventsBefore(file, errors, 1001, 1000);
    expect(page.events.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => 50 * (i + 1)));
    expect(page.nextBeforeSeq).toBeNull();
  });

  it('stops at `limit` matches and goes on from there with no gap and no duplicate', async () => {
    const search = { ...DEFAULT_FILTER, search: 'NEEDLE' };
    const first = await searchEventsBefore(file, search, 5001, 100);
    expect(first.events).toHaveLength(100);
    expect(first.events.at(-1)!.seq).toBe(4998);
    const seqs = first.events.map((e) => e.seq);
    let next = first.nextBeforeSeq;
    while (next !== null) {
      const page = await searchEventsBefore(file, search, next, 100);
      seqs.unshift(...page.events.map((e) => e.seq));
      next = page.nextBeforeSeq;
    }
    expect(seqs).toEqual(Array.from({ length: 714 }, (_, i) => 7 * (i + 1)));
  });

  it('reads a bounded part of the file per call, and says where to go on', async () => {
    const lineBytes = Buffer.byteLength(serializeStored(event(4000)));
    const page = await searchEventsBefore(file, errors, 5001, 1000, 100 * lineBytes);
    // About 100 lines read back from seq 5000 (lines differ a little in length): the errors
    // among them, and a cursor at the oldest line read.
    const next = page.nextBeforeSeq!;
    expect(next).toBeGreaterThan(4880);
    expect(next).toBeLessThan(4910);
    const errorsRead = [4900, 4950, 5000].filter((s) => s >= next);
    expect(page.events.map((e) => e.seq)).toEqual(errorsRead);
  });
});
