import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { RunEventHub } from '@/server/runs/event-hub';
import { DEDUPE_WINDOW, ingestLine } from './event-ingest';
import { formatLbEvent } from '@/lib/contract/lb-event';

const dir = await mkdtemp(path.join(tmpdir(), 'lbweb-ingest-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

it('publishes events, drops duplicated lines, counts malformed ones, ignores other output', async () => {
  const file = path.join(dir, 'events.jsonl');
  const hub = await RunEventHub.open(file, { runId: 'run-i' });
  const ctx = { runId: 'run-i', host: 'runner', dedupe: new Set<string>() };
  const line = formatLbEvent({
    run_id: 'run-i',
    host: 'runner',
    workload: 'peva_faas',
    repetition: 1,
    total_repetitions: 1,
    status: 'running',
    message: 'k6 started',
    timestamp: 1.5,
  });
  const r1 = await ingestLine(hub, line, ctx);
  expect(r1).toMatchObject({ kind: 'published', event: { seq: 1, message: 'k6 started' } });
  // Ansible re-prints the same event with a prefix: still one event.
  expect(await ingestLine(hub, `ok: [runner] => ${line}`, ctx)).toEqual({ kind: 'duplicate' });
  expect(await ingestLine(hub, 'PLAY [all] ****', ctx)).toEqual({ kind: 'none' });
  const bad = await ingestLine(hub, 'LB_EVENT {"run_id": "run-i", "host":', ctx);
  expect(bad).toMatchObject({ kind: 'malformed', reason: expect.any(String) });
  // An event with an empty host takes the host it came from.
  const blank = await ingestLine(
    hub,
    'LB_EVENT {"run_id":"","host":"","workload":"peva_faas","status":"done","timestamp":NaN}',
    ctx,
  );
  expect(blank).toMatchObject({ kind: 'published', event: { run_id: 'run-i', host: 'runner', status: 'done' } });
  expect(hub.stats()).toMatchObject({ malformed: 1, lastSeq: 3 });
  const stored = (await readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { seq: number; type: string; level: string });
  expect(stored.map((e) => [e.seq, e.type, e.level])).toEqual([
    [1, 'status', 'INFO'],
    [2, 'log', 'WARNING'],
    [3, 'status', 'INFO'],
  ]);
  await hub.close();
});

it('keeps the dedupe set bounded', async () => {
  const hub = await RunEventHub.open(path.join(dir, 'bounded.jsonl'));
  const ctx = { runId: 'r', host: 'h', dedupe: new Set<string>() };
  const jobs = [];
  for (let i = 0; i < DEDUPE_WINDOW + 50; i++) {
    jobs.push(
      ingestLine(
        hub,
        formatLbEvent({ run_id: 'r', host: 'h', workload: 'w', status: 'running', message: `m${i}`, timestamp: i }),
        ctx,
      ),
    );
  }
  await Promise.all(jobs);
  expect(ctx.dedupe.size).toBe(DEDUPE_WINDOW);
  expect(hub.lastSeq).toBe(DEDUPE_WINDOW + 50);
  await hub.close();
});
