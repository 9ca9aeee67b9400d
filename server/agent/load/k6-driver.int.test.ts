import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isPidAlive, processesInGroup } from '@/server/process/proc-tree';
import { liveProcesses } from '@/server/process/owned-process';
import { parseK6Summary } from '@/server/peva/k6-summary';
import { selectLoadDriver } from './select-driver';
import type { LiveSample, LoadRunOptions } from './types';

// test/fixtures/bin/k6 is a bash test double of k6 (see its header), first on PATH here.
const fixtures = resolve(__dirname, '../../../test/fixtures/bin');
const savedPath = process.env.PATH;
let ws = '';

beforeAll(async () => {
  process.env.PATH = `${fixtures}:${savedPath}`;
  ws = await mkdtemp(join(tmpdir(), 'lbweb-k6-'));
  process.env.K6_STANDIN_ARGV_FILE = join(ws, 'argv.txt');
  process.env.K6_STANDIN_PID_FILE = join(ws, 'pid.txt');
});
afterEach(() => {
  delete process.env.K6_STANDIN_IGNORE_TERM;
  delete process.env.K6_STANDIN_DURATION_S;
});
afterAll(async () => {
  process.env.PATH = savedPath;
  await rm(ws, { recursive: true, force: true });
});

const options = (signal: AbortSignal, extra: Partial<LoadRunOptions> = {}): LoadRunOptions => ({
  workspace: ws,
  targets: [
    { name: 'figlet', rate: 20, method: 'GET', body: '', headers: {} },
    { name: 'env', rate: 0, method: 'GET', body: '', headers: {} },
  ],
  durationS: 3,
  gatewayUrl: 'http://127.0.0.1:1',
  script: '// k6 script\nexport default function () {}\n',
  signal,
  ...extra,
});

async function standinPid(): Promise<number> {
  return Number((await readFile(join(ws, 'pid.txt'), 'utf8')).trim());
}

describe('k6 driver (stand-in k6)', () => {
  it('is selected from PATH and describes itself with `k6 version`', async () => {
    const d = await selectLoadDriver({});
    expect(d.kind).toBe('k6');
    expect(await d.describe()).toMatch(/^k6 v0\.0\.0-lbweb-standin/);
    expect((await selectLoadDriver({ prefer: 'builtin' })).kind).toBe('builtin');
    await expect(selectLoadDriver({ k6Path: '/nonexistent/k6' })).rejects.toThrow(/\/nonexistent\/k6/);
  });

  it('launches k6 with the contract argv, streams samples and reads the summary', async () => {
    process.env.K6_STANDIN_DURATION_S = '3';
    await writeFile(join(ws, 'summary.json'), '{"stale":true}');
    const samples: LiveSample[] = [];
    const d = await selectLoadDriver({});
    const r = await d.run(
      options(new AbortController().signal, {
        outputs: ['csv=/tmp/x.csv'],
        tags: { run_id: 'r1' },
        onSample: (s) => samples.push(s),
      }),
    );
    const argv = (await readFile(join(ws, 'argv.txt'), 'utf8')).trim().split('\n');
    expect(argv).toEqual([
      'run',
      '--summary-export',
      join(ws, 'summary.json'),
      '--out',
      'csv=/tmp/x.csv',
      '--tag',
      'run_id=r1',
      '--out',
      `json=${join(ws, 'samples.json')}`,
      join(ws, 'script.js'),
    ]);
    expect(await readFile(join(ws, 'script.js'), 'utf8')).toContain('// k6 script');
    expect(r).toMatchObject({ stopped: false, exitCode: 0, summaryPath: join(ws, 'summary.json') });
    const m = (r.summary as { metrics: Record<string, Record<string, number>> }).metrics;
    expect(m.success_rate_figlet).toMatchObject({ passes: 9, fails: 3, value: 0.75 });
    // lb's command asks for k6's default trend statistics: no p(99), so the parsed p99 is NaN.
    expect(Object.keys(m['latency_figlet']!)).toEqual(['avg', 'min', 'med', 'max', 'p(90)', 'p(95)']);
    const figlet = parseK6Summary(r.summary, [{ name: 'figlet', rate: 20 }]).functions[0]!;
    expect(figlet.latency).toMatchObject({ avg: 12.5, p50: 12, p90: 15, p95: 17, max: 20 });
    expect(figlet.latency.p99).toBeNaN();
    expect(r.stderrTail).toContain('stand-in run finished');
    expect(await readFile(join(ws, 'k6.log'), 'utf8')).toContain('Grafana');
    // 12 points over ~3 s: every point reaches a sample, and only rate>0 functions are listed.
    const last = samples.at(-1)!.functions.figlet!;
    expect(last).toMatchObject({ requests: 12, errors: 3 });
    expect(samples.reduce((n, s) => n + s.functions.figlet!.rps, 0)).toBe(12);
    expect(samples.every((s) => Object.keys(s.functions).join() === 'figlet')).toBe(true);
    expect(samples.length).toBeGreaterThanOrEqual(2);
  });

  it('on abort sends SIGTERM: k6 writes its summary and exits', async () => {
    process.env.K6_STANDIN_DURATION_S = '30';
    const ac = new AbortController();
    const run = (await selectLoadDriver({})).run(options(ac.signal, { durationS: 30 }));
    await new Promise((r) => setTimeout(r, 1200));
    const t = performance.now();
    ac.abort();
    const r = await run;
    expect(performance.now() - t).toBeLessThan(1500);
    expect(r).toMatchObject({ stopped: true, exitCode: 105 });
    expect((r.summary as { metrics: object }).metrics).toHaveProperty('request_count_figlet');
    const pid = await standinPid();
    expect(isPidAlive(pid)).toBe(false);
    expect(processesInGroup(pid)).toEqual([]);
  });

  it('SIGKILLs a k6 that ignores SIGTERM after graceMs, leaving no process', async () => {
    process.env.K6_STANDIN_DURATION_S = '30';
    process.env.K6_STANDIN_IGNORE_TERM = '1';
    const ac = new AbortController();
    const run = (await selectLoadDriver({})).run(options(ac.signal, { durationS: 30, graceMs: 400 }));
    await new Promise((r) => setTimeout(r, 1000));
    const t = performance.now();
    ac.abort();
    const r = await run;
    const took = performance.now() - t;
    expect(took).toBeGreaterThanOrEqual(350);
    expect(took).toBeLessThan(2000);
    expect(r.stopped).toBe(true);
    expect(r.exitCode).toBeNull();
    expect(r.summary).toBeNull();
    expect(r.stderrTail).toMatch(/SIGKILL/);
    const pid = await standinPid();
    await new Promise((res) => setTimeout(res, 50));
    expect(isPidAlive(pid)).toBe(false);
    expect(processesInGroup(pid)).toEqual([]);
    expect(liveProcesses()).toEqual([]);
  });
});
