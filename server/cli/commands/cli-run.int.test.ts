// The CLI as a user runs it (bin/lb-web.mjs, real processes, local provider): `hosts up`
// holds the local stack for the whole file; `run` prints LB_EVENT lines and exits 0 only
// when finished; `stop` from another process and SIGINT both end a run `aborted`.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnOwned, type OwnedProcess } from '@/server/process/owned-process';
import { descendantsOf } from '@/server/process/proc-tree';
import { runCommand } from '@/server/process/run-command';
import { waitFor } from '@/server/process/wait-for';
import { REPO_ROOT } from '../main';
import { processesUnder } from '@/test/support/orphans';
import { everyConfigRuns, readStoredEvents } from '@/test/support/run-files';
import { MetricSeries } from '@/lib/run-digest/metric-series';

const BIN = path.join(REPO_ROOT, 'bin', 'lb-web.mjs');
let root: string;
let env: Record<string, string | undefined>;
let hostsUp: OwnedProcess | undefined;
const hostsOut: string[] = [];

interface Cli {
  proc: OwnedProcess;
  out: string[];
  err: string[];
}

function cli(args: string[]): Cli {
  const out: string[] = [];
  const err: string[] = [];
  const proc = spawnOwned([process.execPath, BIN, ...args], {
    cwd: root,
    env,
    onStdoutLine: (l) => out.push(l),
    onStderrLine: (l) => err.push(l),
  });
  return { proc, out, err };
}

const events = (lines: string[]) =>
  lines.map(
    (l) =>
      JSON.parse(l.replace(/^LB_EVENT /, '')) as Record<string, unknown> & {
        seq: number;
        data?: { controller_state?: string };
      },
  );
const journal = (dir: string) =>
  JSON.parse(readFileSync(path.join(dir, 'run_journal.json'), 'utf8')) as { metadata: { controller_state: string } };
const config = (name: string, duration: string) => {
  const file = path.join(root, `${name}.json`);
  const body = {
    functions: [{ name: 'figlet' }],
    rate_strategy: { type: 'custom', rates: [5] },
    duration,
    iterations: 1,
    cooldown: { max_wait_seconds: 30, sleep_step_seconds: 1, idle_threshold_pct: 100 },
    memory: { fresh: true },
  };
  // A fresh memory file each time: the runner's memory persists, and a config it holds is skipped.
  // lb's own file shape: the PEVA-FAAS block under plugin_settings.
  writeFileSync(file, JSON.stringify({ plugin_settings: { peva_faas: body } }));
  return file;
};
const loadStarted = (c: Cli) =>
  events(c.out).some((e) => e.host === 'local-runner' && e.phase === 'load' && e.status === 'running');

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'lbweb-cli-'));
  env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LBWEB_HOSTS_ROOT: path.join(root, 'hosts'),
    LBWEB_OUTPUT_ROOT: path.join(root, 'runs-env'),
  };
  const up = cli(['hosts', 'up', '--provider', 'local']);
  hostsUp = up.proc;
  await waitFor(() => up.out.some((l) => l.startsWith('local hosts are up')), {
    what: '`lb-web hosts up` to hold the local hosts',
    timeoutMs: 150_000,
    exited: up.proc.exited,
  });
  hostsOut.push(...up.out);
}, 180_000);

afterAll(async () => {
  const down = await runCommand([process.execPath, BIN, 'hosts', 'down', '--provider', 'local'], {
    cwd: root,
    env,
    timeoutMs: 60_000,
  });
  expect(down.code).toBe(0);
  // `hosts up` notices its stack is gone and ends by itself.
  expect(
    (await Promise.race([hostsUp!.exited, new Promise<null>((r) => setTimeout(() => r(null), 15_000))]))?.code,
  ).toBe(0);
  await hostsUp?.stop();
  expect(descendantsOf(process.pid)).toEqual([]);
  // Detached agents are not our descendants: nothing may still run from this test's files.
  expect(processesUnder(root)).toEqual([]);
  rmSync(root, { recursive: true, force: true });
}, 90_000);

describe('lb-web CLI on the local provider', () => {
  it('hosts up printed progress and a PASS per check; hosts status/verify read the same hosts', async () => {
    expect(hostsOut.some((l) => /^\[local-k3s\] start: /.test(l))).toBe(true);
    expect(hostsOut.filter((l) => l.startsWith('PASS')).length).toBeGreaterThanOrEqual(6);
    const st = await runCommand([process.execPath, BIN, 'hosts', 'status'], { cwd: root, env, timeoutMs: 30_000 });
    expect(st.stdout).toMatch(/^k3s\s+local-k3s\s+running/m);
    const v = await runCommand([process.execPath, BIN, 'hosts', 'verify', '--provider', 'local'], {
      cwd: root,
      env,
      timeoutMs: 90_000,
    });
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^PASS\s+k3s\s+Prometheus ready/m);
    expect(v.stdout).toMatch(/all \d+ checks passed/);
  }, 120_000);

  it('run: a 5 s config exits 0 with LB_EVENT lines on stdout and the run in --output', async () => {
    const r = await runCommand(
      [process.execPath, BIN, 'run', '-c', config('ok', '5s'), '--output', 'out', '--run-id', 'cli-finished'],
      { cwd: root, env, timeoutMs: 150_000 },
    );
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.every((l) => l.startsWith('LB_EVENT {'))).toBe(true);
    const evs = events(lines);
    expect(evs.map((e) => e.seq)).toEqual(evs.map((_, i) => i + 1));
    expect(evs.some((e) => e.host === 'local-runner' && e.type === 'metric')).toBe(true);
    expect(evs.at(-1)).toMatchObject({ phase: 'end', status: 'done', data: { controller_state: 'finished' } });
    const dir = path.join(root, 'out', 'cli-finished');
    expect(journal(dir).metadata.controller_state).toBe('finished');
    expect(existsSync(path.join(dir, 'memory', 'local-runner', 'peva_faas.duckdb'))).toBe(true);
    expect(
      readFileSync(path.join(dir, 'local-runner', 'peva_faas', 'results.csv'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(2);
    expect(r.stderr).toMatch(/cli-finished ended finished/);
    expect(r.stderr).not.toMatch(/stopping the local stack/); // `hosts up` owns it
  }, 180_000);

  it('stop from another process ends a 1m run aborted; run exits non-zero', async () => {
    const run = cli(['run', '-c', config('long', '1m'), '--output', 'out', '--run-id', 'cli-stop']);
    await waitFor(() => loadStarted(run), { what: 'the load phase', timeoutMs: 90_000, exited: run.proc.exited }).catch(
      (e: Error) => {
        throw new Error(`${e.message}\n${run.err.join('\n')}\n${run.out.slice(-5).join('\n')}`);
      },
    );
    const stop = await runCommand(
      [process.execPath, BIN, 'stop', 'cli-stop', '--output', 'out', '--wait', '--timeout', '60'],
      { cwd: root, env, timeoutMs: 90_000 },
    );
    expect(stop.stdout).toMatch(/stop requested: .*cli-stop\/STOP/);
    expect(stop.stdout).toMatch(/run cli-stop ended aborted/);
    expect(stop.code).toBe(0);
    expect((await run.proc.exited).code).toBe(3);
    expect(journal(path.join(root, 'out', 'cli-stop')).metadata.controller_state).toBe('aborted');
    expect(events(run.out).at(-1)).toMatchObject({
      phase: 'end',
      status: 'stopped',
      data: { controller_state: 'aborted' },
    });
    // Stopping it again says it already ended.
    const again = await runCommand([process.execPath, BIN, 'stop', path.join(root, 'out', 'cli-stop')], {
      cwd: root,
      env,
      timeoutMs: 30_000,
    });
    expect(again.stdout).toMatch(/already ended \(aborted\)/);
  }, 180_000);

  it('Ctrl-C (SIGINT) on run creates the STOP file and waits for aborted', async () => {
    const run = cli(['run', '-c', config('sigint', '1m'), '--run-id', 'cli-sigint']);
    await waitFor(() => loadStarted(run), { what: 'the load phase', timeoutMs: 90_000, exited: run.proc.exited });
    process.kill(run.proc.pid, 'SIGINT');
    expect((await run.proc.exited).code).toBe(3);
    const dir = path.join(root, 'runs-env', 'cli-sigint'); // no --output: LBWEB_OUTPUT_ROOT
    expect(existsSync(path.join(dir, 'STOP'))).toBe(true);
    expect(journal(dir).metadata.controller_state).toBe('aborted');
    expect(run.err.join('\n')).toMatch(/SIGINT: stopping cli-sigint/);
  }, 180_000);

  it('run provisions the local hosts when none are up, and stops what it started', async () => {
    const own = { ...env, LBWEB_HOSTS_ROOT: path.join(root, 'hosts-own') };
    const r = await runCommand(
      [process.execPath, BIN, 'run', '-c', config('own', '2s'), '--output', 'out', '--run-id', 'cli-own'],
      { cwd: root, env: own, timeoutMs: 150_000 },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(events(r.stdout.trim().split('\n')).some((e) => String(e.message).includes('[local-k3s] start:'))).toBe(
      true,
    );
    expect(r.stderr).toMatch(/stopping the local stack this command started/);
    expect(existsSync(path.join(root, 'hosts-own', 'local', 'local-k3s', 'stack.json'))).toBe(false);
  }, 180_000);

  it('an invalid config exits 2 with the field paths and starts nothing', async () => {
    const file = path.join(root, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        functions: [{ name: 'figlet', method: 'FETCH' }],
        duration: '0s',
        rate_strategy: { type: 'linear', min_rate: 50, max_rate: 10 },
      }),
    );
    const r = await runCommand([process.execPath, BIN, 'run', '-c', file, '--output', 'bad-out'], {
      cwd: root,
      env,
      timeoutMs: 60_000,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ {2}functions\.0\.method: method must be one of/m);
    expect(r.stderr).toMatch(/^ {2}duration: duration must be > 0/m);
    expect(r.stderr).toMatch(/^ {2}rate_strategy\.max_rate: max_rate must be ≥ min_rate/m);
    expect(existsSync(path.join(root, 'bad-out'))).toBe(false);
  }, 60_000);

  it('thresholds that hold at the lower rate and fail at the higher: exit 99, capacity and outcome said', async () => {
    // cpu-burn busy-loops 100 ms per request on one replica: 3 req/s uses 0.3 s of CPU per
    // second, 20 req/s would need 2 s per second, so its queue (and p95) grows without bound.
    const file = path.join(root, 'burn.json');
    writeFileSync(
      file,
      JSON.stringify({
        ...everyConfigRuns([3, 20], '8s'),
        functions: [{ name: 'cpu-burn', method: 'POST', body: '100' }],
      }),
    );
    const limits = path.join(root, 'limits.json');
    writeFileSync(limits, JSON.stringify({ 'cpu-burn': { p95_ms: 1500 } }));
    const r = await runCommand(
      [process.execPath, BIN, 'run', '-c', file, '--thresholds', limits, '--output', 'out', '--run-id', 'cli-limits'],
      { cwd: root, env, timeoutMs: 170_000 },
    );
    expect(r.code, r.stderr).toBe(99);
    expect(r.stderr).toMatch(/capacity cpu-burn: 3 req\/s \(fails at 20: p95 [\d.]+ ms > 1500 ms \(cpu-burn=20\)\)/);
    expect(r.stderr).toMatch(/outcome thresholds failed: 1 failing: cpu-burn=20: p95/);
    const status = await runCommand([process.execPath, BIN, 'status', 'cli-limits', '--output', 'out', '--json'], {
      cwd: root,
      env,
      timeoutMs: 30_000,
    });
    expect(status.code).toBe(99);
    expect(JSON.parse(status.stdout)).toMatchObject({
      state: 'finished',
      outcome: { kind: 'thresholds_failed' },
      capacity: [{ function: 'cpu-burn', capacity: 3, failsAt: 20 }],
      thresholds: { 'cpu-burn': { p95_ms: 1500 } },
      recordsFrom: 'events.jsonl',
    });
    // The run page's chart data of this 2-configuration run: a marker where each starts, and no
    // per-second rate above 105 % of its configuration's target (the partial last windows were
    // the false spikes).
    const series = new MetricSeries(100_000);
    for (const e of readStoredEvents(path.join(root, 'out', 'cli-limits'))) series.add(e);
    expect(series.markers.map((m) => m.label)).toEqual(['cpu-burn=3', 'cpu-burn=20']);
    expect(series.markers[1]!.t).toBeGreaterThan(series.markers[0]!.t);
    const samples = series.rows.filter((r) => !r.gap);
    expect(samples.length).toBeGreaterThan(10);
    for (const r of samples) {
      const f = r.fns['cpu-burn']!;
      expect(f.rps!, `${r.configLabel} at t=${r.t}`).toBeLessThanOrEqual(1.05 * f.target!);
    }
  }, 180_000);

  it('--dry-run of a sweep the memory already holds says nothing would run, and names undeployed functions', async () => {
    // The previous test left cpu-burn=3 and cpu-burn=20 in the runner's memory; reading it
    // again (fresh: false) would leave both out, as lb does.
    const file = path.join(root, 'burn-again.json');
    const again = { ...everyConfigRuns([3, 20], '8s'), functions: [{ name: 'cpu-burn', method: 'POST', body: '100' }] };
    writeFileSync(file, JSON.stringify({ ...again, memory: { fresh: false } }));
    const dry = (f: string, ...more: string[]) =>
      runCommand([process.execPath, BIN, 'run', '-c', f, '--output', 'out', '--dry-run', ...more], {
        cwd: root,
        env,
        timeoutMs: 60_000,
      });
    const runsBefore = readdirSync(path.join(root, 'out')).sort();
    const r = await dry(file);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/2 already there \(left out, as lb does\); 0 would run/);
    expect(r.stdout).toMatch(/warning: all 2 configurations are already in the runner's memory: nothing would run/);
    const json = JSON.parse((await dry(file, '--json')).stdout) as { listed: { label: string; inMemory: boolean }[] };
    expect(json.listed).toEqual([
      expect.objectContaining({ label: 'cpu-burn=3', inMemory: true }),
      expect.objectContaining({ label: 'cpu-burn=20', inMemory: true }),
    ]);
    const missing = path.join(root, 'dry-missing.json');
    writeFileSync(missing, JSON.stringify({ ...again, functions: [{ name: 'not-deployed-anywhere' }] }));
    const m = await dry(missing);
    expect(m.stdout).toMatch(/functions not deployed: not-deployed-anywhere\n/);
    expect(m.stdout).toMatch(/warning: not deployed on the k3s role: not-deployed-anywhere/);
    // Nothing was started: no run directory appeared.
    expect(readdirSync(path.join(root, 'out')).sort()).toEqual(runsBefore);
  }, 120_000);

  it('a run whose every configuration fails ends "configurations failed" (exit 5), not a green finished', async () => {
    const file = path.join(root, 'missing-fn.json');
    writeFileSync(
      file,
      JSON.stringify({ ...everyConfigRuns([5], '3s'), functions: [{ name: 'not-deployed-anywhere' }] }),
    );
    const r = await runCommand(
      [process.execPath, BIN, 'run', '-c', file, '--output', 'out', '--run-id', 'cli-missing'],
      { cwd: root, env, timeoutMs: 120_000 },
    );
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr).toMatch(/ended finished/);
    expect(r.stderr).toMatch(/outcome configurations failed: 1 of 1 configuration\(s\) failed/);
  }, 150_000);
});
