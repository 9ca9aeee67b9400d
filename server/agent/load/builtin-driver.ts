// The built-in open-model driver, used when k6 is absent: constant arrival rate per function
// inside the agent's own process, Node's fetch (undici, keep-alive pool) for HTTP, and k6's
// flat summary-export shape so one parser serves both drivers.
import 'server-only';
import { sleep } from '@/server/process/sleep';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setMaxListeners } from 'node:events';
import { arrivalsIn, startArrivals } from './arrival-scheduler';
import { buildBuiltinSummary, type FunctionTally } from './k6-summary-shape';
import { LiveWindows } from './live-windows';
import { k6MetricIds } from '@/server/peva/k6-script';
import { SampleRecorder } from './sample-recorder';
import type { LoadDriver, LoadRunOptions, LoadRunResult } from './types';

export interface BuiltinDriverOptions {
  /** Safety cap on requests in flight across functions; beyond it arrivals are dropped and counted. */
  maxInFlight?: number;
  /** After the last arrival, how long in-flight requests may finish (k6's gracefulStop, 30 s). */
  gracefulStopMs?: number;
}

const BODYLESS = new Set(['GET', 'HEAD']);

export function createBuiltinDriver(opts: BuiltinDriverOptions = {}): LoadDriver {
  const maxInFlight = opts.maxInFlight ?? 10_000;
  const gracefulStopMs = opts.gracefulStopMs ?? 30_000;
  return {
    kind: 'builtin',
    describe: async () => `lb-web builtin open-model driver (node ${process.version}, fetch/undici keep-alive)`,
    run: (o) => runBuiltin(o, maxInFlight, gracefulStopMs),
  };
}

async function runBuiltin(o: LoadRunOptions, maxInFlight: number, gracefulStopMs: number): Promise<LoadRunResult> {
  await mkdir(o.workspace, { recursive: true });
  const summaryPath = join(o.workspace, 'summary.json');
  const active = o.targets.filter((t) => t.rate > 0);
  // Ids over every target, rate 0 included: that is the set the script and parser number collisions in.
  const ids = k6MetricIds(o.targets.map((t) => t.name));
  const base = o.gatewayUrl.replace(/\/+$/, '');
  const tallies: FunctionTally[] = active.map((t) => ({
    name: t.name,
    id: ids.get(t.name)!,
    passes: 0,
    fails: 0,
    latency: new SampleRecorder(),
    scheduled: arrivalsIn(t.rate, o.durationS),
    started: 0,
    dropped: 0,
    interrupted: 0,
  }));
  // One controller for every request: aborting it is how stop and the graceful deadline cut them off.
  const cut = new AbortController();
  setMaxListeners(0, cut.signal);
  const requests = active.map((t) => {
    const method = t.method.toUpperCase();
    const headers: Record<string, string> = { ...t.headers };
    if (o.authHeader) headers.Authorization = o.authHeader;
    const init: RequestInit = { method, headers, signal: cut.signal };
    if (!BODYLESS.has(method) && t.body !== '') init.body = t.body;
    return { url: `${base}/function/${encodeURIComponent(t.name)}`, init };
  });
  const live = new LiveWindows(active.map((t) => t.name));
  let inFlight = 0;
  let onIdle: (() => void) | undefined;

  const fire = async (p: number) => {
    const tally = tallies[p]!;
    const req = requests[p]!;
    const t = performance.now();
    let ok: boolean;
    try {
      const res = await fetch(req.url, req.init);
      // Draining the body is what returns the connection to the keep-alive pool.
      await res.arrayBuffer();
      ok = res.status >= 200 && res.status < 300;
    } catch {
      ok = false;
    }
    const ms = performance.now() - t;
    inFlight--;
    if (cut.signal.aborted) tally.interrupted++;
    else {
      if (ok) tally.passes++;
      else tally.fails++;
      tally.latency.add(ms);
      live.record(tally.name, ok, ms);
    }
    if (inFlight === 0) onIdle?.();
  };

  const idleOrAfter = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      onIdle = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  // Node loads undici on the first fetch (~20 ms): pay that before the clock starts, not as lag.
  await fetch('data:,')
    .then((r) => r.arrayBuffer())
    .catch(() => undefined);

  const startEpoch = Date.now() / 1000;
  const t0 = performance.now();
  let stopped = o.signal.aborted;
  const arrivals = startArrivals(
    tallies.map((t, i) => ({ rate: active[i]!.rate, total: stopped ? 0 : t.scheduled })),
    (p) => {
      const tally = tallies[p]!;
      if (inFlight >= maxInFlight) {
        tally.dropped++;
        return;
      }
      inFlight++;
      tally.started++;
      void fire(p);
    },
  );
  const onAbort = () => {
    stopped = true;
    arrivals.stop();
    cut.abort();
  };
  o.signal.addEventListener('abort', onAbort, { once: true });

  // Per-second samples aligned to t0, re-armed from the clock so they do not drift.
  let windowStart = t0;
  let sampleTimer: NodeJS.Timeout | undefined;
  const emit = (now: number) => {
    const s = live.flush(startEpoch + (now - t0) / 1000, (now - windowStart) / 1000);
    windowStart = now;
    try {
      o.onSample?.(s);
    } catch {
      /* a failing listener must not break the load */
    }
  };
  const armSample = (k: number) => {
    sampleTimer = setTimeout(
      () => {
        emit(performance.now());
        armSample(k + 1);
      },
      t0 + k * 1000 - performance.now(),
    );
  };
  if (o.onSample) armSample(1);

  try {
    await arrivals.done;
    // All rates 0: like lb's k6 script (one idle VU), the window still lasts the duration.
    if (active.length === 0 && !stopped) await sleep(o.durationS * 1000, o.signal);
    // Responses still owed get gracefulStopMs (k6's gracefulStop); a stop cuts them at once.
    if (inFlight > 0 && !cut.signal.aborted) await idleOrAfter(gracefulStopMs);
    cut.abort();
    // Aborted fetches settle within a tick or two; wait so the tallies are final.
    if (inFlight > 0) await idleOrAfter(200);
  } finally {
    o.signal.removeEventListener('abort', onAbort);
    if (sampleTimer) clearTimeout(sampleTimer);
  }
  const tEnd = performance.now();
  if (o.onSample && tEnd - windowStart > 50) emit(tEnd);
  const elapsedS = (tEnd - t0) / 1000;
  const summary = buildBuiltinSummary({ functions: tallies, elapsedS, lagMs: arrivals.lagMs, stopped });
  await writeFile(summaryPath, JSON.stringify(summary, null, 2));
  return {
    summary,
    summaryPath,
    startTs: startEpoch,
    endTs: startEpoch + elapsedS,
    stopped,
    exitCode: 0,
    stderrTail: '',
  };
}
