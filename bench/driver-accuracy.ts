// Built-in load driver accuracy and cost, side by side with autocannon (fixed rate) against the
// same target in the same run: achieved rate, start lag, drops and CPU per 1 000 requests.
//   npx tsx bench/driver-accuracy.ts [--gateway URL] [--function NAME] [--auth VALUE] [--rates 1000,3000,5000] [--duration 10] [--connections 50] [--nice=-10]
//   npx tsx bench/driver-accuracy.ts --rss 60 [--rss-rate 3000]   (RSS every 10 s of one long built-in run)
//   npx tsx bench/driver-accuracy.ts --rates 1000 --duration 3 --pairs 10   (the two drivers
//     alternated 10 times per rate, each pair's cpu ratio and their median: on a shared machine
//     one pair moves by tens of % with the load of that moment)
// Without --gateway a minimal HTTP target runs in a separate process, so the CPU figure is
// the driver's own (process.cpuUsage of this process) and the target does not steal its loop.
// Both drivers run in this process, one after the other at each rate, so they share the
// machine's conditions of that moment.
import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { spawnOwned, stopAllOwned, type OwnedProcess } from '@/server/process/owned-process';
import { createBuiltinDriver } from '@/server/agent/load/builtin-driver';
import { startArrivals } from '@/server/agent/load/arrival-scheduler';
import { k6MetricId } from '@/server/peva/k6-script';

const { values: args } = parseArgs({
  options: {
    gateway: { type: 'string' },
    function: { type: 'string', default: 'echo' },
    auth: { type: 'string' },
    rates: { type: 'string', default: '1000,3000,5000' },
    duration: { type: 'string', default: '10' },
    // autocannon's connections (its -c); its -R spreads the rate over them.
    connections: { type: 'string', default: '50' },
    // Raise this process's priority (root only) to separate the driver's own accuracy from
    // CPU contention by other processes on a shared machine.
    nice: { type: 'string' },
    // Instead of the table: one built-in run of this many seconds, RSS printed every 10 s (the
    // driver runs inside the agent's process, so its memory must stay flat over a long window).
    rss: { type: 'string' },
    'rss-rate': { type: 'string', default: '3000' },
    // Built-in then autocannon this many times per rate (one row pair each, then the median ratio).
    pairs: { type: 'string', default: '1' },
  },
});
const TARGET_SRC = `
const http = require('node:http');
const s = http.createServer((req, res) => { req.resume(); req.on('end', () => res.end('ok')); });
s.keepAliveTimeout = 60000;
s.listen(0, '127.0.0.1', () => console.log('PORT ' + s.address().port));
process.on('SIGTERM', () => process.exit(0));
`;

async function startTarget(): Promise<{ url: string; proc: OwnedProcess }> {
  let resolvePort!: (p: string) => void;
  const port = new Promise<string>((r) => (resolvePort = r));
  const proc = spawnOwned([process.execPath, '-e', TARGET_SRC], {
    name: 'bench-target',
    onStdoutLine: (l) => l.startsWith('PORT ') && resolvePort(l.slice(5)),
  });
  const p = await Promise.race([
    port,
    proc.exited.then(() => Promise.reject(new Error('bench target exited before listening'))),
  ]);
  return { url: `http://127.0.0.1:${p}`, proc };
}

const SummarySchema = z.object({
  metrics: z.record(z.string(), z.object({ count: z.number().optional(), fails: z.number().optional() })),
  lb_web: z.object({
    schedule_lag_ms: z.object({ p50: z.number(), p99: z.number(), max: z.number() }),
    dropped: z.number(),
    connections_opened: z.number(),
  }),
});

// autocannon has no type declarations: its result is read through a schema instead.
const AutocannonResultSchema = z.object({
  duration: z.number(),
  requests: z.object({ total: z.number() }),
  errors: z.number(),
  non2xx: z.number(),
});
type AutocannonRun = (opts: Record<string, unknown>, done: (err: unknown, result: unknown) => void) => { on?: unknown };
const autocannon = createRequire(import.meta.url)('autocannon') as AutocannonRun;

interface Row {
  driver: string;
  rate: number;
  achieved: number;
  errorsPct: number;
  dropped: string;
  lag: string[];
  cpuPer1k: number;
  load1: number;
}

const cpuSeconds = (c: NodeJS.CpuUsage): number => (c.user + c.system) / 1e6;

async function runBuiltin(rate: number, durationS: number, url: string, ws: string): Promise<Row> {
  const id = k6MetricId(args.function);
  const load1 = loadavg()[0]!;
  const cpu0 = process.cpuUsage();
  const r = await createBuiltinDriver().run({
    workspace: join(ws, `${rate}-${durationS}`),
    targets: [{ name: args.function, rate, method: 'GET', body: '', headers: {} }],
    durationS,
    gatewayUrl: url,
    authHeader: args.auth,
    signal: new AbortController().signal,
  });
  const cpu = cpuSeconds(process.cpuUsage(cpu0));
  const s = SummarySchema.parse(r.summary);
  const n = s.metrics[`request_count_${id}`]?.count ?? 0;
  const fails = s.metrics[`success_rate_${id}`]?.fails ?? 0;
  const lag = s.lb_web.schedule_lag_ms;
  return {
    driver: 'lb-web builtin',
    rate,
    achieved: n / durationS,
    errorsPct: n ? (100 * fails) / n : NaN,
    dropped: `${s.lb_web.dropped} (${s.lb_web.connections_opened} conn)`,
    lag: [lag.p50, lag.p99, lag.max].map((v) => v.toFixed(3)),
    cpuPer1k: n ? (cpu / n) * 1000 : NaN,
    load1,
  };
}

async function runAutocannon(rate: number, durationS: number, url: string): Promise<Row> {
  const load1 = loadavg()[0]!;
  const cpu0 = process.cpuUsage();
  const raw = await new Promise<unknown>((resolve, reject) => {
    autocannon(
      {
        url: `${url.replace(/\/+$/, '')}/function/${encodeURIComponent(args.function)}`,
        connections: Number(args.connections),
        overallRate: rate,
        duration: durationS,
        headers: args.auth ? { authorization: args.auth } : {},
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
  const cpu = cpuSeconds(process.cpuUsage(cpu0));
  const r = AutocannonResultSchema.parse(raw);
  const n = r.requests.total;
  return {
    driver: `autocannon -R (${args.connections} conn)`,
    rate,
    achieved: n / durationS,
    errorsPct: n ? (100 * (r.errors + r.non2xx)) / n : NaN,
    dropped: '–',
    lag: ['–', '–', '–'],
    cpuPer1k: n ? (cpu / n) * 1000 : NaN,
    load1,
  };
}

const mib = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MiB`;

/** One long built-in run with this process's RSS and heap every 10 s. */
async function rssRun(durationS: number, rate: number, url: string, ws: string): Promise<void> {
  const loads = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  console.log(`RSS over one ${durationS}s built-in run at ${rate}/s · load average ${loads()}`);
  const t0 = performance.now();
  const print = () => {
    const m = process.memoryUsage();
    console.log(
      `t=${((performance.now() - t0) / 1000).toFixed(0).padStart(3)}s  rss ${mib(m.rss)}  heap used ${mib(m.heapUsed)}  external ${mib(m.external)}  load1 ${loadavg()[0]!.toFixed(2)}`,
    );
  };
  print();
  const timer = setInterval(print, 10_000);
  try {
    const row = await runBuiltin(rate, durationS, url, ws);
    print();
    console.log(
      `achieved ${row.achieved.toFixed(1)}/s (ratio ${(row.achieved / rate).toFixed(4)}), dropped ${row.dropped}, lag p50/p99/max ${row.lag.join(' / ')} ms, cpu ${row.cpuPer1k.toFixed(3)} s/1k · load average now ${loads()}`,
    );
  } finally {
    clearInterval(timer);
  }
}

async function main(): Promise<void> {
  if (args.nice !== undefined) setPriority(Number(args.nice));
  const durationS = Number(args.duration);
  const rates = args.rates.split(',').map(Number);
  const target = args.gateway ? { url: args.gateway, proc: undefined } : await startTarget();
  const ws = await mkdtemp(join(tmpdir(), 'lbweb-bench-'));
  console.log(
    `load driver accuracy · ${durationS}s per rate and driver · target ${args.gateway ? target.url : 'local node:http (child process)'} · function ${args.function} · node ${process.version}`,
  );
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${availableParallelism()} cpus${args.nice ? ` · nice ${args.nice}` : ''}`,
  );
  const rows: string[][] = [
    [
      'driver',
      'target/s',
      'achieved/s',
      'ratio',
      'errors %',
      'dropped (connections)',
      'lag p50 ms',
      'lag p99 ms',
      'lag max ms',
      'cpu s/1k req',
      'cpu ratio',
      'load1',
    ],
  ];
  const fmt = (r: Row, cpuRatio: string): string[] => [
    r.driver,
    String(r.rate),
    r.achieved.toFixed(1),
    (r.achieved / r.rate).toFixed(4),
    Number.isNaN(r.errorsPct) ? 'n/a' : r.errorsPct.toFixed(2),
    r.dropped,
    ...r.lag,
    Number.isNaN(r.cpuPer1k) ? 'n/a' : r.cpuPer1k.toFixed(3),
    cpuRatio,
    r.load1.toFixed(2),
  ];
  if (args.rss !== undefined) {
    try {
      await runBuiltin(200, 1, target.url, ws);
      await rssRun(Number(args.rss), Number(args['rss-rate']), target.url, ws);
    } finally {
      await stopAllOwned(1000);
      await rm(ws, { recursive: true, force: true });
    }
    return;
  }
  try {
    // Warm-up, not reported: module loading and JIT compilation would otherwise be charged to
    // whichever driver runs first.
    await runBuiltin(200, 1, target.url, ws);
    await runAutocannon(200, 1, target.url);
    for (const rate of rates) {
      const ratios: number[] = [];
      for (let k = 0; k < Number(args.pairs); k++) {
        const ours = await runBuiltin(rate, durationS, target.url, ws);
        const theirs = await runAutocannon(rate, durationS, target.url);
        ratios.push(ours.cpuPer1k / theirs.cpuPer1k);
        rows.push(fmt(ours, `${ratios.at(-1)!.toFixed(2)}×`), fmt(theirs, '1×'));
      }
      if (ratios.length > 1) {
        const sorted = ratios.sort((a, b) => a - b);
        const median = (sorted[Math.floor((sorted.length - 1) / 2)]! + sorted[Math.ceil((sorted.length - 1) / 2)]!) / 2;
        const range = `${sorted[0]!.toFixed(2)}–${sorted.at(-1)!.toFixed(2)}`;
        rows.push([
          `median of ${ratios.length} pairs (${range})`,
          String(rate),
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          `${median.toFixed(2)}×`,
          '',
        ]);
      }
    }
    // Control: the same scheduler starting nothing. Its lag is what the machine alone costs
    // (timer granularity, the process waiting for a CPU); the driver's rows add HTTP work on top.
    // Its CPU is the cost of pacing alone (a timer wake-up per arrival or batch), which
    // autocannon -R does not pay: it sends each connection's next request from the previous
    // response and caps the count per second.
    const controlCpu0 = process.cpuUsage();
    const control = startArrivals([{ rate: 1000, total: 1000 * durationS }], () => undefined);
    await control.done;
    const controlCpu = cpuSeconds(process.cpuUsage(controlCpu0));
    const c = control.lagMs;
    rows.push([
      'control (scheduler, no HTTP)',
      '1000',
      '',
      '',
      '',
      '',
      ...[50, 99, 100].map((p) => c.percentile(p).toFixed(3)),
      ((controlCpu / c.count) * 1000).toFixed(3),
      '',
      loadavg()[0]!.toFixed(2),
    ]);
  } finally {
    await stopAllOwned(1000);
    await rm(ws, { recursive: true, force: true });
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows)
    console.log(r.map((v, c) => (c === 0 ? v.padEnd(widths[c]!) : v.padStart(widths[c]!))).join('  '));
  console.log(
    `goals (builtin): ratio within 1 ± 0.01, 0 dropped, lag p99 < 5 ms on a quiet machine, cpu ratio ≤ 1.5× · load average now ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
