import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serializeStored, type StoredEvent } from '@/lib/contract/stored-event';
import { RunDigest } from '@/lib/run-digest/run-digest';
import { ev, metricEv } from '@/test/support/run-events';
import { digestPath, DigestTracker, digestTracker } from './run-digest-store';
import { RunEventHub } from './event-hub';

const dir = await mkdtemp(path.join(tmpdir(), 'lbweb-digest-'));
afterAll(() => rm(dir, { recursive: true, force: true }));
let n = 0;
async function freshRun(): Promise<string> {
  const runDir = path.join(dir, `run-${++n}`);
  await mkdir(runDir);
  return path.join(runDir, 'events.jsonl');
}

// A run's mix: metric samples (charts, live load), malformed-line warnings, progress, the end.
function event(seq: number): StoredEvent {
  if (seq % 10 === 0) return { ...metricEv(seq, 1_700_000_000 + seq, { figlet: { rps: seq % 13, requests: seq } }) };
  if (seq % 97 === 0)
    return ev(seq, { type: 'log', level: 'WARNING', data: { malformed: { line: 'x', reason: 'bad' } } });
  return ev(seq, {
    phase: 'load',
    data: {
      controller_state: 'running_workloads',
      configs_total: 9,
      configs_done: seq % 9,
      configs_skipped: 0,
      configs_failed: 0,
    },
  });
}
const lines = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => serializeStored(event(from + i))).join('');

function fromScratch(to: number) {
  const d = new RunDigest();
  for (let s = 1; s <= to; s++) d.add(event(s));
  return d.toState();
}

describe('run digest store', () => {
  it('built in steps as lines arrive equals one pass over the whole run', async () => {
    const file = await freshRun();
    const t = new DigestTracker(file);
    await writeFile(file, lines(1, 700));
    expect((await t.current()).state).toEqual(fromScratch(700));
    await appendFile(file, lines(701, 1500) + '{"partial":'); // a write in progress
    const at = await t.current();
    expect(at.state).toEqual(fromScratch(1500));
    expect(at.state.count).toBe(1500);
    expect(at.state.derived.malformed).toBe(14); // seqs divisible by 97 but not 10
    expect(at.offset).toBe(Buffer.byteLength(lines(1, 1500)));
  });

  it('after a restart, resumes from the persisted offset instead of re-reading the run', async () => {
    const file = await freshRun();
    await writeFile(file, lines(1, 500));
    await new DigestTracker(file).current(); // persists (the first write is immediate)
    const saved = JSON.parse(await readFile(digestPath(file), 'utf8')) as { offset: number };
    expect(saved.offset).toBe(Buffer.byteLength(lines(1, 500)));
    // Spoil an early line in place (same length): a rebuild would now count one event less,
    // a resume never reads it again.
    const text = await readFile(file, 'utf8');
    await writeFile(file, '#' + text.slice(1));
    await appendFile(file, lines(501, 800));
    const resumed = await new DigestTracker(file).current();
    expect(resumed.state).toEqual(fromScratch(800));
  });

  it('rebuilds from events.jsonl when series.json is corrupt or describes another file', async () => {
    const file = await freshRun();
    await writeFile(file, lines(1, 300));
    await new DigestTracker(file).current();
    await writeFile(digestPath(file), '{"format":1,"offset":12'); // torn
    expect((await new DigestTracker(file).current()).state).toEqual(fromScratch(300));

    await writeFile(
      digestPath(file),
      JSON.stringify({ format: 2, offset: 999_999, digest: fromScratch(300) }), // beyond the file
    );
    expect((await new DigestTracker(file).current()).state).toEqual(fromScratch(300));

    // The run's events.jsonl replaced by a shorter one: the old digest's offset is stale.
    await new DigestTracker(file).current();
    await writeFile(file, lines(1, 120));
    expect((await new DigestTracker(file).current()).state).toEqual(fromScratch(120));
  });

  it('starts over when events.jsonl shrinks under a running tracker', async () => {
    const file = await freshRun();
    const t = new DigestTracker(file);
    await writeFile(file, lines(1, 400));
    await t.current();
    await writeFile(file, lines(1, 50));
    expect((await t.current()).state).toEqual(fromScratch(50));
  });

  it('follows a hub: appended events reach series.json without anyone asking', async () => {
    const file = await freshRun();
    const t = new DigestTracker(file);
    const hub = await RunEventHub.open(file, { onAppended: (events, range) => t.appended(events, range) });
    // Batches apart in time: the first is read from the file (nothing loaded yet), the later
    // ones are applied as the hub hands them over, where the digest ends.
    for (let s = 1; s <= 250; s++) {
      const { seq: _seq, ...lb } = event(s);
      const published = hub.publish(lb);
      if (s % 50 === 0) {
        await published;
        await new Promise((r) => setTimeout(r, 300));
      }
    }
    await hub.close();
    await expect
      .poll(
        async () => {
          try {
            return (JSON.parse(await readFile(digestPath(file), 'utf8')) as { digest: { lastSeq: number } }).digest
              .lastSeq;
          } catch {
            return 0;
          }
        },
        { timeout: 5_000 },
      ) // written at most every 2 s
      .toBe(250);
    expect((await t.current()).state).toEqual(fromScratch(250));
    const saved = JSON.parse(await readFile(digestPath(file), 'utf8')) as { offset: number };
    expect(saved.offset).toBe(Buffer.byteLength(await readFile(file)));
    expect((await new DigestTracker(file).current()).state).toEqual(fromScratch(250));
  });

  it('holds a bounded number of runs in memory; a run let go reloads its digest from disk', async () => {
    const first = await freshRun();
    await writeFile(first, lines(1, 200));
    const tracker = digestTracker(first);
    await tracker.current();
    for (let i = 0; i < 64; i++) digestTracker(await freshRun());
    const again = digestTracker(first);
    expect(again).not.toBe(tracker);
    expect((await again.current()).state).toEqual(fromScratch(200));
  });
});
