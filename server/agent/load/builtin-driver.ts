// The built-in open-model driver, used when k6 is absent: constant arrival rate per function
// inside the agent's own process (coalesced clock ticks), a minimal HTTP/1.1 keep-alive client
// (http1-connection.ts) on a Little's-law connection set, latency in HDR histograms (bounded
// memory), and k6's flat summary-export shape so one parser serves both.
import 'server-only';
import { sleep } from '@/server/process/sleep';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { arrivalsIn, LoopDelayMeter, startArrivals } from './arrival-scheduler';
import { buildBuiltinSummary, type FunctionTally } from './k6-summary-shape';
import { LiveWindows } from './live-windows';
import { k6MetricIds } from '@/server/peva/k6-script';
import { LatencyRecorder } from './latency-recorder';
import { LiveSampler } from './live-sampler';
import { RequestPool } from './request-pool';
import type { LoadDriver, LoadRunOptions, LoadRunResult, LoadTarget } from './types';

export interface BuiltinDriverOptions {
  /** Safety cap on requests in flight across functions; beyond it arrivals are dropped and counted. */
  maxInFlight?: number;
  /** After the last arrival, how long in-flight requests may finish (k6's gracefulStop, 30 s). */
  gracefulStopMs?: number;
}

export function createBuiltinDriver(opts: BuiltinDriverOptions = {}): LoadDriver {
  const maxInFlight = opts.maxInFlight ?? 10_000;
  const gracefulStopMs = opts.gracefulStopMs ?? 30_000;
  return {
    kind: 'builtin',
    describe: async () =>
      `lb-web builtin open-model driver (node ${process.version}, HTTP/1.1 keep-alive client, HDR latency)`,
    run: (o) => runBuiltin(o, maxInFlight, gracefulStopMs),
  };
}

async function runBuiltin(o: LoadRunOptions, maxInFlight: number, gracefulStopMs: number): Promise<LoadRunResult> {
  await mkdir(o.workspace, { recursive: true });
  const active = o.targets.filter((t) => t.rate > 0);
  const tallies = newTallies(o, active);
  const live = new LiveWindows(active.map((t) => t.name));
  const loopDelay = new LoopDelayMeter();
  const pool = new RequestPool(active, o.gatewayUrl, o.authHeader, tallies, live, maxInFlight, loopDelay);
  if (active.length > 0 && !o.signal.aborted) await pool.warmUp();

  const startEpoch = Date.now() / 1000;
  const t0 = performance.now();
  let stopped = o.signal.aborted;
  const arrivals = startArrivals(
    tallies.map((t, i) => ({ rate: active[i]!.rate, total: stopped ? 0 : t.scheduled })),
    (p, _seq, at) => pool.arrive(p, at),
    { loopDelay },
  );
  const onAbort = () => {
    stopped = true;
    arrivals.stop();
    pool.cutAll();
  };
  o.signal.addEventListener('abort', onAbort, { once: true });
  const sampler = new LiveSampler(live, t0, startEpoch, o.onSample);
  try {
    await arrivals.done;
    // All rates 0: like lb's k6 script (one idle VU), the window still lasts the duration.
    if (active.length === 0 && !stopped) await sleep(o.durationS * 1000, o.signal);
    await drain(pool, gracefulStopMs);
  } finally {
    o.signal.removeEventListener('abort', onAbort);
    // Normally done by drain(); here too so no connection outlives a throw.
    pool.cutAll();
    sampler.dispose();
  }
  const tEnd = performance.now();
  sampler.finish(tEnd);
  const elapsedS = (tEnd - t0) / 1000;
  const summary = buildBuiltinSummary({
    functions: tallies,
    elapsedS,
    lagMs: arrivals.lagMs,
    stopped,
    connectionsOpened: pool.connectionsOpened,
  });
  const summaryPath = join(o.workspace, 'summary.json');
  await writeFile(summaryPath, JSON.stringify(summary, null, 2));
  return {
    summary,
    summaryPath,
    startTs: startEpoch,
    endTs: startEpoch + elapsedS,
    stopped,
    exitCode: 0,
    stderrTail: '',
    latencyHistograms: Object.fromEntries(
      tallies.filter((t) => t.latency.count > 0).map((t) => [t.name, t.latency.toLatencyHistogram()]),
    ),
  };
}

/** One tally per function with load; metric ids over every target, rate 0 included (the set
 *  the script and the summary parser number name collisions in). */
function newTallies(o: LoadRunOptions, active: readonly LoadTarget[]): FunctionTally[] {
  const ids = k6MetricIds(o.targets.map((t) => t.name));
  return active.map((t) => ({
    name: t.name,
    id: ids.get(t.name)!,
    passes: 0,
    fails: 0,
    latency: new LatencyRecorder(),
    scheduled: arrivalsIn(t.rate, o.durationS),
    started: 0,
    dropped: 0,
    interrupted: 0,
  }));
}

/** Responses still owed get gracefulStopMs (k6's gracefulStop); a stop has cut them already. */
async function drain(pool: RequestPool, gracefulStopMs: number): Promise<void> {
  if (pool.inFlight > 0 && !pool.cut) await pool.idleOrAfter(gracefulStopMs);
  pool.cutAll();
  // Aborted fetches settle within a tick or two; wait so the tallies are final.
  if (pool.inFlight > 0) await pool.idleOrAfter(200);
}
