// Event hub figures: ingest throughput (persisted + published) and publish → subscriber latency.
// Run: npx tsx bench/event-hub-bench.ts   (goal: ≥ 20 000 events/s; latency well under 1 s)
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ingestLine } from '@/server/runs/event-ingest';
import { formatLbEvent, type LbEvent } from '@/lib/contract/lb-event';
import { tailLines } from '@/server/events/tail-reader';
import { RunEventHub } from '@/server/runs/event-hub';

const root = await mkdtemp(path.join(tmpdir(), 'lbweb-hub-bench-'));
let runNo = 0;
const eventsFile = () => path.join(root, `run-${++runNo}`, 'events.jsonl');
const event = (i: number, data?: Record<string, unknown>): LbEvent => ({
  run_id: 'run-bench',
  host: 'runner',
  workload: 'peva_faas',
  repetition: 1,
  total_repetitions: 1,
  status: 'running',
  message: `config a1b2c3d4e5f6 iteration 1: ${i} requests`,
  timestamp: Date.now() / 1000 + i * 1e-6,
  type: 'status',
  level: 'INFO',
  phase: 'run',
  config_id: 'a1b2c3d4e5f6',
  iteration: 1,
  ...(data ? { data } : {}),
});
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function countLines(file: string): Promise<number> {
  return (await readFile(file, 'utf8')).split('\n').filter(Boolean).length;
}

/** Throughput: `n` items fed as fast as the feeder allows; done when all are on disk and delivered. */
async function throughput(
  label: string,
  n: number,
  feed: (hub: RunEventHub, i: number) => Promise<unknown>,
  awaitEach: boolean,
) {
  const file = eventsFile();
  const hub = await RunEventHub.open(file, { runId: 'run-bench' });
  let delivered = 0;
  hub.subscribe(() => delivered++);
  const t0 = performance.now();
  if (awaitEach) for (let i = 0; i < n; i++) await feed(hub, i);
  else {
    // A tail hands over many lines at once: feed them without awaiting each (seq order is fixed
    // at call time), waiting per chunk so memory stays bounded.
    for (let i = 0; i < n; i += 5000) {
      const chunk: Promise<unknown>[] = [];
      for (let j = i; j < Math.min(n, i + 5000); j++) chunk.push(feed(hub, j));
      await Promise.all(chunk);
    }
  }
  const secs = (performance.now() - t0) / 1000;
  await hub.close();
  const onDisk = await countLines(file);
  if (onDisk !== n || delivered !== n)
    throw new Error(`${label}: ${onDisk} on disk, ${delivered} delivered, expected ${n}`);
  console.log(`  ${label.padEnd(46)} ${fmt(n / secs).padStart(9)} events/s  (${fmt(n)} in ${secs.toFixed(2)} s)`);
}

interface LatencyRow {
  rate: number;
  n: number;
  p50: number;
  p99: number;
  max: number;
}

/** Publishes at `rate`/s for `secs` through `send`; the receiver is a hub stream, as the tRPC route uses. */
async function latency(rate: number, secs: number, viaFile: boolean): Promise<LatencyRow> {
  const file = eventsFile();
  const hub = await RunEventHub.open(file, { runId: 'run-bench' });
  const lat: number[] = [];
  const receiver = (async () => {
    for await (const e of hub.stream()) lat.push(performance.now() - (e.data?.sentAt as number));
  })();
  let send: (e: LbEvent) => Promise<unknown> = (e) => hub.publish(e);
  let stopTail = () => {};
  let tailDone: Promise<void> = Promise.resolve();
  if (viaFile) {
    // The agent's side: LB_EVENT lines appended to a stream file, tailed, parsed, deduped, published.
    const stream = path.join(root, `agent-${runNo}.log`);
    await writeFile(stream, '');
    const ac = new AbortController();
    stopTail = () => ac.abort();
    const ctx = { runId: 'run-bench', host: 'runner', dedupe: new Set<string>() };
    tailDone = (async () => {
      for await (const { line } of tailLines(stream, { signal: ac.signal, pollMs: 100 }))
        void ingestLine(hub, line, ctx);
    })();
    send = (e) => appendFile(stream, formatLbEvent(e) + '\n');
  }
  const total = Math.round(rate * secs);
  const t0 = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate) + 1);
    for (; sent < due; sent++) {
      const p = send(event(sent, { sentAt: performance.now() }));
      if (viaFile) await p; // appends to one file stay in order; in process, publish() fixes order itself
    }
    await new Promise((r) => setTimeout(r, Math.max(1, 1000 / rate / 2)));
  }
  const deadline = performance.now() + 5000;
  while (lat.length < total && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  stopTail();
  await tailDone;
  await hub.close();
  await receiver;
  const sorted = [...lat].sort((a, b) => a - b);
  if (sorted.length !== total) throw new Error(`rate ${rate}: received ${sorted.length} of ${total}`);
  return { rate, n: total, p50: pct(sorted, 50), p99: pct(sorted, 99), max: sorted.at(-1) ?? NaN };
}

function printLatency(title: string, rows: LatencyRow[]) {
  console.log(`\n${title}`);
  console.log('  rate/s   events   p50 ms   p99 ms   max ms');
  for (const r of rows)
    console.log(
      `  ${String(r.rate).padStart(6)}  ${String(r.n).padStart(7)}  ${r.p50.toFixed(2).padStart(7)}  ${r.p99.toFixed(2).padStart(7)}  ${r.max.toFixed(2).padStart(7)}`,
    );
}

try {
  console.log(
    `event hub bench (node ${process.version}, ${tmpdir()})\n\ningest throughput (each event appended to events.jsonl, then delivered to a subscriber):`,
  );
  const N = 100_000;
  await throughput('hub.publish, pipelined', N, (hub, i) => hub.publish(event(i)), false);
  const lines = Array.from({ length: N }, (_, i) => `2025-01-01 12:00:00 ${formatLbEvent(event(i))}`);
  const ctx = { runId: 'run-bench', host: 'runner', dedupe: new Set<string>() };
  await throughput(
    'ingestLine (parse+dedupe+publish), pipelined',
    N,
    (hub, i) => ingestLine(hub, lines[i]!, ctx),
    false,
  );
  await throughput('hub.publish, awaiting each (anti-pattern)', 20_000, (hub, i) => hub.publish(event(i)), true);

  const rates = [10, 100, 1000];
  const inProc: LatencyRow[] = [];
  for (const r of rates) inProc.push(await latency(r, 3, false));
  printLatency('latency publish() → hub.stream() consumer (in process, persisted first):', inProc);
  const viaFile: LatencyRow[] = [];
  for (const r of rates) viaFile.push(await latency(r, 3, true));
  printLatency('latency agent line appended → tail → ingestLine → hub.stream() consumer:', viaFile);
} finally {
  await rm(root, { recursive: true, force: true });
}
