import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LbEvent } from '@/lib/contract/lb-event';
import { RunDigest } from '@/lib/run-digest/run-digest';
import { metricEv, ev } from '@/test/support/run-events';
import { RunEventHub } from './event-hub';
import { runPaths } from './run-dir';
import { runEventsPage, runSnapshot } from './run-page';

const root = await mkdtemp(path.join(tmpdir(), 'lbweb-run-page-'));
afterAll(() => rm(root, { recursive: true, force: true }));

function lbEvent(i: number): LbEvent {
  const { seq: _seq, ...e } = i % 10 === 0 ? metricEv(i, 1_700_000_000 + i, { figlet: { rps: i % 9 } }) : ev(i);
  return e;
}

async function liveRun(runId: string): Promise<RunEventHub> {
  const paths = runPaths(root, runId);
  await mkdir(paths.dir, { recursive: true });
  await writeFile(paths.journal, '{}');
  return RunEventHub.open(paths.events);
}

describe('run page reads', () => {
  it('a snapshot of a live run, then the stream from its last seq: every event once', async () => {
    const hub = await liveRun('run-live');
    for (let i = 1; i <= 1200; i++) void hub.publish(lbEvent(i));
    await hub.drain();
    const snap = await runSnapshot(root, 'run-live', 500);
    // Events keep coming while the page loads.
    for (let i = 1201; i <= 1500; i++) void hub.publish(lbEvent(i));
    await hub.end();
    expect(snap.digest.lastSeq).toBe(1200);
    expect(snap.events.map((e) => e.seq)).toEqual(Array.from({ length: 500 }, (_, i) => 701 + i));
    const streamed: number[] = [];
    for await (const e of hub.stream({ lastEventId: snap.digest.lastSeq })) streamed.push(e.seq);
    expect(streamed).toEqual(Array.from({ length: 300 }, (_, i) => 1201 + i));
    const digest = new RunDigest();
    for (let i = 1; i <= 1200; i++) digest.add({ ...lbEvent(i), seq: i });
    expect(snap.digest).toEqual(digest.toState());
    await hub.close();
  });

  it('pages of older events join the snapshot with no gap', async () => {
    const hub = await liveRun('run-pages');
    for (let i = 1; i <= 2100; i++) void hub.publish(lbEvent(i));
    await hub.close();
    const snap = await runSnapshot(root, 'run-pages', 100);
    const seqs = snap.events.map((e) => e.seq);
    for (;;) {
      const page = await runEventsPage(root, 'run-pages', seqs[0]!, 1000);
      seqs.unshift(...page.events.map((e) => e.seq));
      if (!page.more) break;
    }
    expect(seqs).toEqual(Array.from({ length: 2100 }, (_, i) => i + 1));
  });

  it('a run without a journal is not found; one without events yet is empty', async () => {
    await expect(runSnapshot(root, 'run-none', 10)).rejects.toThrow(/not found/);
    const paths = runPaths(root, 'run-new');
    await mkdir(paths.dir, { recursive: true });
    await writeFile(paths.journal, '{}');
    const snap = await runSnapshot(root, 'run-new', 10);
    expect(snap.events).toEqual([]);
    expect(snap.digest.lastSeq).toBe(0);
  });
});
