// Reliability table: each fault injected in each phase of a real run on the local provider,
// then the run recovered the way a user would (a server start, or the next CLI command).
// Every row must show: a terminal state, committed iterations in the collected file = on the
// runner, no seq gap or duplicate in events.jsonl, no process left, and how long recovery took.
// Run: npx tsx bench/reliability-bench.ts   (about 6 minutes; `--agent-freeze-s 30` by default)
import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { StoredEvent } from '@/lib/contract/stored-event';
import { LocalProvider } from '@/server/hosts/local/local-provider';
import { spawnOwned, type OwnedProcess } from '@/server/process/owned-process';
import { repoRoot } from '@/server/process/repo-root';
import { runCommand } from '@/server/process/run-command';
import { waitFor } from '@/server/process/wait-for';
import { readRun } from '@/server/runs/read-run';
import { RunManager } from '@/server/runs/run-manager';
import { requestStop } from '@/server/runs/stop-watcher';
import { processesUnder } from '@/test/support/orphans';
import { everyConfigRuns, readStoredEvents, seqBreaks } from '@/test/support/run-files';

type Phase = 'setup' | 'cooldown' | 'load' | 'collect';
type Fault = 'kill -9 agent' | 'kill -9 server' | 'kill -9 CLI' | 'SIGSTOP agent' | 'STOP' | 'disk full';

const { values } = parseArgs({ options: { 'agent-freeze-s': { type: 'string', default: '30' } } });
const FREEZE_S = Number(values['agent-freeze-s']);
const root = mkdtempSync(join(tmpdir(), 'lbweb-reliability-'));
const hostsRoot = join(root, 'hosts');
const provider = new LocalProvider(join(hostsRoot, 'local'));
const BIN = join(repoRoot(), 'bin', 'lb-web.mjs');

// Two configurations × two iterations that all run on a busy machine.
const loadConfig = everyConfigRuns([5, 10], '4s', 2);
// A cooldown that never reaches idle (threshold 0) and gives up after 4 s: lb's rule then skips
// the configuration, so the rows of the cooldown phase record no iteration, only the recovery.
const cooldownConfig = {
  ...loadConfig,
  cooldown: { max_wait_seconds: 4, sleep_step_seconds: 1, idle_threshold_pct: 0 },
};
const configFor = (phase: Phase) => (phase === 'cooldown' ? cooldownConfig : loadConfig);

const events = readStoredEvents;

const inPhase: Record<Phase, (e: StoredEvent) => boolean> = {
  setup: (e) => e.host === 'controller' && e.phase === 'setup',
  cooldown: (e) => e.host === 'local-runner' && e.phase === 'cooldown',
  load: (e) => e.host === 'local-runner' && e.type === 'metric',
  collect: (e) => e.host === 'controller' && e.phase === 'collect',
};

async function rows(file: string): Promise<number | null> {
  if (!existsSync(file)) return null;
  try {
    const db = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
    const c = await db.connect();
    const r = await c.runAndReadAll('SELECT count(*) AS n FROM execution_events');
    c.closeSync();
    db.closeSync();
    return Number(r.getRowObjects()[0]?.n ?? 0);
  } catch {
    return null;
  }
}

const seqProblems = (dir: string): number => seqBreaks(events(dir)).length;

interface Row {
  fault: Fault;
  phase: Phase;
  state: string;
  collected: number | null;
  runner: number | null;
  seqProblems: number;
  orphans: number;
  recoverS: number;
  note: string;
}

const runnerMemory = () =>
  join(provider.runner.lbWorkdir, 'benchmark_results', 'peva_faas', 'memory', 'peva_faas.duckdb');

function cliRun(outputRoot: string, runId: string, config: object): OwnedProcess {
  const file = join(root, `${runId}.json`);
  writeFileSync(file, JSON.stringify(config));
  return spawnOwned([process.execPath, BIN, 'run', '-c', file, '--output', outputRoot, '--run-id', runId], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LBWEB_HOSTS_ROOT: hostsRoot },
  });
}

async function waitPhase(dir: string, phase: Phase): Promise<void> {
  await waitFor(() => events(dir).some(inPhase[phase]), {
    what: `phase ${phase}`,
    timeoutMs: 120_000,
    backoffMs: [20],
  });
}

async function row(fault: Fault, phase: Phase, n: number): Promise<Row> {
  const outputRoot = join(root, `runs-${n}`);
  const runId = `run-${n}`;
  const dir = join(outputRoot, runId);
  let note = '';
  let state: string;
  let t0: number;
  if (fault === 'kill -9 server' || fault === 'kill -9 CLI') {
    const cli = cliRun(outputRoot, runId, configFor(phase));
    await waitPhase(dir, phase);
    cli.signal('SIGKILL');
    await cli.exited;
    t0 = Date.now();
    // A server start re-attaches at once; a CLI command only closes orphans whose agent ended.
    const byServer = fault === 'kill -9 server';
    if (!byServer) {
      const { agentPid } = await readRun(outputRoot, runId);
      if (agentPid)
        await waitFor(async () => !(await provider.runner.isAlive(agentPid)), {
          what: 'agent end',
          timeoutMs: 180_000,
        });
    }
    const manager = new RunManager({
      outputRoot,
      provider: () => provider,
      recover: byServer ? 'all' : 'ended',
      controllerKind: byServer ? 'server' : 'cli',
    });
    await manager.recovered;
    state = await manager.waitForRun(runId);
    note = byServer ? 'recovered by a server start' : 'recovered by the next CLI command';
  } else {
    const manager = new RunManager({ outputRoot, provider: () => provider, stopConfirmTimeoutMs: 30_000 });
    await manager.startRun({ config: configFor(phase), runId });
    await waitPhase(dir, phase);
    t0 = Date.now();
    const { agentPid } = await readRun(outputRoot, runId);
    if (fault === 'STOP') await requestStop(dir);
    else if (fault === 'kill -9 agent') {
      if (agentPid) process.kill(agentPid, 'SIGKILL');
      else note = 'no agent yet (setup)';
    } else if (fault === 'SIGSTOP agent' && agentPid) {
      process.kill(agentPid, 'SIGSTOP');
      await new Promise((r) => setTimeout(r, FREEZE_S * 1000));
      process.kill(agentPid, 'SIGCONT');
      note = `frozen ${FREEZE_S} s`;
    }
    state = await manager.waitForRun(runId);
  }
  const run = await readRun(outputRoot, runId);
  return {
    fault,
    phase,
    state,
    collected: run.memoryFile ? await rows(join(dir, run.memoryFile)) : null,
    runner: await rows(runnerMemory()),
    seqProblems: seqProblems(dir),
    orphans: processesUnder(outputRoot).length,
    recoverS: (Date.now() - t0) / 1000,
    note: [note, run.error ?? '', run.memoryCollect?.ok === false ? `memory: ${run.memoryCollect.error}` : '']
      .filter(Boolean)
      .join('; '),
  };
}

async function diskFullRow(n: number): Promise<Row | string> {
  const mountPoint = join(root, `tmpfs-${n}`);
  mkdirSync(mountPoint);
  const mount = await runCommand(['mount', '-t', 'tmpfs', '-o', 'size=600k', 'tmpfs', mountPoint], {
    timeoutMs: 10_000,
  });
  if (mount.code !== 0)
    return `disk full: not measured, this machine cannot mount a small tmpfs (${mount.stderr.trim()})`;
  try {
    const runId = `run-${n}`;
    const dir = join(mountPoint, runId);
    const manager = new RunManager({ outputRoot: mountPoint, provider: () => provider });
    const t0 = Date.now();
    await manager.startRun({ config: loadConfig, runId });
    const state = await manager.waitForRun(runId);
    const run = await readRun(mountPoint, runId).catch(() => null);
    return {
      fault: 'disk full',
      phase: 'load',
      state,
      collected: run?.memoryFile ? await rows(join(dir, run.memoryFile)) : null,
      runner: await rows(runnerMemory()),
      seqProblems: seqProblems(dir),
      orphans: processesUnder(mountPoint).length,
      recoverS: (Date.now() - t0) / 1000,
      note: !run
        ? 'journal unreadable'
        : (run.error ?? (run.memoryCollect?.ok === false ? `memory: ${run.memoryCollect.error}` : 'memory collected')),
    };
  } finally {
    await runCommand(['umount', '-l', mountPoint], { timeoutMs: 10_000 });
  }
}

const plan: [Fault, Phase][] = [
  ['kill -9 agent', 'cooldown'],
  ['kill -9 agent', 'load'],
  ['kill -9 server', 'setup'],
  ['kill -9 server', 'cooldown'],
  ['kill -9 server', 'load'],
  ['kill -9 server', 'collect'],
  ['kill -9 CLI', 'cooldown'],
  ['kill -9 CLI', 'load'],
  ['SIGSTOP agent', 'cooldown'],
  ['SIGSTOP agent', 'load'],
  ['STOP', 'setup'],
  ['STOP', 'cooldown'],
  ['STOP', 'load'],
  ['STOP', 'collect'],
];

async function main(): Promise<void> {
  await provider.provision();
  const out: (Row | string)[] = [];
  try {
    let n = 0;
    for (const [fault, phase] of plan) {
      const r = await row(fault, phase, ++n).catch((e: Error) => `${fault} in ${phase}: bench error ${e.message}`);
      out.push(r);
      process.stderr.write(`.`);
    }
    out.push(await diskFullRow(++n));
  } finally {
    await provider.destroy();
  }
  console.log(
    '\nfault | phase | final state | iterations collected / on runner | seq gaps+dups | orphans | recovery s | note',
  );
  console.log('---|---|---|---|---|---|---|---');
  for (const r of out) {
    if (typeof r === 'string') console.log(r);
    else
      console.log(
        `${r.fault} | ${r.phase} | ${r.state} | ${r.collected ?? '—'} / ${r.runner ?? '—'} | ${r.seqProblems} | ${r.orphans} | ${r.recoverS.toFixed(1)} | ${r.note.slice(0, 80)}`,
      );
  }
  console.log(`leftover processes under ${root}: ${processesUnder(root).length}`);
  rmSync(root, { recursive: true, force: true });
}

await main();
