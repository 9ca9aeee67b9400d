// Many viewers of one run (issue 15): 50 SSE subscribers of a live run while LB_EVENT lines are
// appended at 1000 events/s to the agent's stream (the real path: tail → hub → SSE), one more
// subscriber that stops reading for 3 s mid-burst (a slow client). Prints the server's CPU and
// RSS over the burst and each viewer's write → receive latency (the slowest viewer's p99), and
// whether the slow viewer got every event (it catches up by replay from the file).
// Run: npx tsx bench/many-viewers-bench.ts   (after `npx next build`; LBWEB_BENCH_VIEWERS, LBWEB_BENCH_RATE)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startLocalHostsSession } from '@/test/support/local-hosts';
import { appendStamped, startQuietRun, type QuietRun } from '@/test/support/quiet-run';

const VIEWERS = Number(process.env.LBWEB_BENCH_VIEWERS ?? 50);
const RATE = Number(process.env.LBWEB_BENCH_RATE ?? 1000);
const SECONDS = 5;
const N = RATE * SECONDS;
const CLK_TCK = 100;

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const cpuTicks = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return Number(rest[11]) + Number(rest[12]); // utime + stime
};
const rssMiB = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

interface Viewer {
  latencies: number[];
  received: number;
  done: Promise<void>;
  abort: AbortController;
}

/** An SSE client in this process: parses `data:` lines, records now − the stamp in the message. */
function viewer(url: string, opts: { pauseAt?: number; pauseMs?: number } = {}): Viewer {
  const abort = new AbortController();
  const v: Viewer = { latencies: [], received: 0, abort, done: Promise.resolve() };
  v.done = (async () => {
    const res = await fetch(url, { signal: abort.signal, headers: { accept: 'text/event-stream' } });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buf += value;
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        const m = /bench#(\d+)@(\d+)/.exec(line);
        if (!line.startsWith('data:') || !m) continue;
        v.latencies.push(Date.now() - Number(m[2]));
        v.received += 1;
        if (opts.pauseAt !== undefined && v.received === opts.pauseAt) await sleep(opts.pauseMs ?? 0);
      }
    }
  })().catch(() => undefined);
  return v;
}

if (process.env.LBWEB_BENCH_PROFILE)
  process.env.LBWEB_TEST_SERVER_NODE_ARGS = `--cpu-prof --cpu-prof-dir=${process.env.LBWEB_BENCH_PROFILE}`;
const session = await startLocalHostsSession();
const { srv } = session;
let run: QuietRun | undefined;
try {
  run = await startQuietRun(session);
  const { runId, runDir } = run;
  const seqNow = readFileSync(join(runDir, 'events.jsonl'), 'utf8').split('\n').filter(Boolean).length;
  const url = `${srv.url}/api/trpc/runs.events?input=${encodeURIComponent(JSON.stringify({ runId, lastEventId: String(seqNow) }))}`;
  const viewers = Array.from({ length: VIEWERS }, () => viewer(url));
  const slow = viewer(url, { pauseAt: 500, pauseMs: 3000 });
  await sleep(1500);

  const pid = srv.proc.pid;
  const cpu0 = cpuTicks(pid);
  const t0 = Date.now();
  let rssMax = rssMiB(pid);
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, rssMiB(pid))), 500);
  const sendS = await appendStamped(run, RATE, N);
  clearInterval(sampler);
  const everyone = [...viewers, slow];
  const t1 = Date.now();
  while (everyone.some((v) => v.received < N) && Date.now() - t1 < 30_000) {
    rssMax = Math.max(rssMax, rssMiB(pid));
    await sleep(200);
  }
  const wallS = (Date.now() - t0) / 1000;
  const cpuS = (cpuTicks(pid) - cpu0) / CLK_TCK;
  const p99s = viewers.map((v) =>
    pct(
      [...v.latencies].sort((a, b) => a - b),
      99,
    ),
  );
  const p50s = viewers.map((v) =>
    pct(
      [...v.latencies].sort((a, b) => a - b),
      50,
    ),
  );
  const complete = viewers.filter((v) => v.received === N).length;
  console.log(
    `\n${VIEWERS} SSE viewers of one run, ${N} events at ${RATE}/s (sent in ${sendS.toFixed(1)} s), 2-core machine:`,
  );
  console.log(
    `  server CPU ${cpuS.toFixed(2)} s over ${wallS.toFixed(1)} s (${((cpuS / wallS) * 100).toFixed(0)} % of one core), RSS max ${rssMax.toFixed(0)} MiB`,
  );
  console.log(
    `  viewers with every event: ${complete}/${VIEWERS}; latency p50 median ${pct(
      [...p50s].sort((a, b) => a - b),
      50,
    )} ms, p99 of the slowest viewer ${Math.max(...p99s)} ms, median viewer p99 ${pct(
      [...p99s].sort((a, b) => a - b),
      50,
    )} ms`,
  );
  console.log(
    `  slow viewer (stopped reading 3 s after 500 events): received ${slow.received}/${N}, its max latency ${Math.max(...slow.latencies)} ms`,
  );
  for (const v of everyone) v.abort.abort();
  await Promise.all(everyone.map((v) => v.done));
} finally {
  await run?.stop();
  await session.close();
}
