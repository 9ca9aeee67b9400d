// Built-in load driver accuracy: achieved rate, start lag and CPU cost at 50/200/1000 req/s.
//   npx tsx bench/driver-accuracy.ts [--gateway URL] [--function NAME] [--auth VALUE] [--rates 50,200,1000] [--duration 10] [--nice=-10]
// Without --gateway a minimal HTTP target runs in a separate process, so the CPU figure is
// the driver's own (process.cpuUsage of this process) and the target does not steal its loop.
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { spawnOwned, stopAllOwned, type OwnedProcess } from '@/server/process/owned-process';
import { createBuiltinDriver } from '@/server/agent/load/builtin-driver';
import { startArrivals } from '@/server/agent/load/arrival-scheduler';
import { k6MetricId } from '@/server/peva/k6-script';

const { values: args } = parseArgs({
  options: {
    gateway: { type: 'string' },
    function: { type: 'string', default: 'echo' },
    auth: { type: 'string' },
    rates: { type: 'string', default: '50,200,1000' },
    duration: { type: 'string', default: '10' },
    // Raise this process's priority (root only) to separate the driver's own accuracy from
    // CPU contention by other processes on a shared machine.
    nice: { type: 'string' },
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

type Counter = { count: number };
interface Summary {
  metrics: Record<string, Counter & { fails?: number; passes?: number }>;
  lb_web: { schedule_lag_ms: { p50: number; p99: number; max: number }; dropped: number };
}

async function main(): Promise<void> {
  if (args.nice !== undefined) setPriority(Number(args.nice));
  const durationS = Number(args.duration);
  const rates = args.rates.split(',').map(Number);
  const target = args.gateway ? { url: args.gateway, proc: undefined } : await startTarget();
  const ws = await mkdtemp(join(tmpdir(), 'lbweb-bench-'));
  const fn = args.function;
  const id = k6MetricId(fn);
  console.log(
    `builtin driver accuracy · ${durationS}s per rate · target ${args.gateway ? target.url : 'local node:http (child process)'} · function ${fn} · node ${process.version}`,
  );
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${availableParallelism()} cpus${args.nice ? ` · nice ${args.nice}` : ''}`,
  );
  const rows: string[][] = [
    [
      'target/s',
      'achieved/s',
      'ratio',
      'errors %',
      'lag p50 ms',
      'lag p99 ms',
      'lag max ms',
      'cpu s/1k req',
      'dropped',
    ],
  ];
  try {
    const driver = createBuiltinDriver();
    for (const rate of rates) {
      const cpu0 = process.cpuUsage();
      const r = await driver.run({
        workspace: join(ws, String(rate)),
        targets: [{ name: fn, rate, method: 'GET', body: '', headers: {} }],
        durationS,
        gatewayUrl: target.url,
        authHeader: args.auth,
        signal: new AbortController().signal,
      });
      const cpu = process.cpuUsage(cpu0);
      const s = r.summary as Summary;
      const n = s.metrics[`request_count_${id}`]?.count ?? 0;
      const fails = s.metrics[`success_rate_${id}`]?.fails ?? 0;
      const achieved = n / durationS;
      const lag = s.lb_web.schedule_lag_ms;
      rows.push([
        String(rate),
        achieved.toFixed(1),
        (achieved / rate).toFixed(4),
        n ? ((100 * fails) / n).toFixed(2) : 'n/a',
        lag.p50.toFixed(3),
        lag.p99.toFixed(3),
        lag.max.toFixed(3),
        n ? (((cpu.user + cpu.system) / 1e6 / n) * 1000).toFixed(3) : 'n/a',
        String(s.lb_web.dropped),
      ]);
    }
    // Control: the same scheduler starting nothing. Its lag is what the machine alone costs
    // (timer granularity, the process waiting for a CPU); the driver's rows add HTTP work on top.
    const control = startArrivals([{ rate: 1000, total: 1000 * durationS }], () => undefined);
    await control.done;
    const c = control.lagMs;
    rows.push([
      'control',
      '(no HTTP)',
      '',
      '',
      c.percentile(50).toFixed(3),
      c.percentile(99).toFixed(3),
      c.percentile(100).toFixed(3),
      '',
      '',
    ]);
  } finally {
    await stopAllOwned(1000);
    await rm(ws, { recursive: true, force: true });
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) console.log(r.map((v, c) => v.padStart(widths[c]!)).join('  '));
  console.log(`goals: ratio within 1 ± 0.01, lag p99 < 5 ms · load average now ${loadavg()[0]!.toFixed(2)}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
