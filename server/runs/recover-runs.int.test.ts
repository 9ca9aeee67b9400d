// Restart safety: a run left non-terminal by a previous server process is re-attached when
// its agent is still alive (the stream continues from the persisted offset: no gap, no
// duplicate), or closed as `failed` with the reason when it is not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalProvider } from '@/server/hosts/local/local-provider';
import { launchAgent } from '@/test/support/agent-harness';
import { descendantsOf } from '@/server/process/proc-tree';
import { RunJournal } from './run-journal';
import { RunManager } from './run-manager';
import type { StoredEvent } from '@/lib/contract/stored-event';
import { processesUnder } from '@/test/support/orphans';

let root: string;
let provider: LocalProvider;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'lbweb-recover-'));
  provider = new LocalProvider(join(root, 'hosts'));
  await provider.provision();
}, 120_000);

afterAll(async () => {
  await provider?.destroy();
  expect(descendantsOf(process.pid).filter((p) => p.comm !== 'esbuild')).toEqual([]);
  // Detached agents are not our descendants: nothing may still run from this test's files.
  expect(processesUnder(root)).toEqual([]);
  rmSync(root, { recursive: true, force: true });
});

function events(dir: string): StoredEvent[] {
  const text = readFileSync(join(dir, 'events.jsonl'), 'utf8');
  return text
    .slice(0, text.lastIndexOf('\n') + 1)
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

const config = {
  functions: [{ name: 'figlet' }],
  rate_strategy: { type: 'custom', rates: [5] },
  duration: '4s',
  iterations: 1,
  cooldown: { max_wait_seconds: 30, sleep_step_seconds: 1, idle_threshold_pct: 100 },
  memory: { fresh: true },
};

describe('restart recovery', () => {
  it('closes a run whose agent is gone as failed, with the reason', async () => {
    const outputRoot = join(root, 'runs-dead');
    const dir = join(outputRoot, 'run-dead');
    await RunJournal.create(join(dir, 'run_journal.json'), {
      run_id: 'run-dead',
      config_dump: config,
      execution_mode: 'local',
      controller_state: 'running_workloads',
    }).then(async (j) => {
      j.setMetadata({ agent_pid: 999_999 });
      await j.save();
    });
    const m = new RunManager({ outputRoot, provider: () => provider });
    await m.recovered;
    const run = await m.getRun('run-dead');
    expect(run.state).toBe('failed');
    expect(run.error).toMatch(/controller.*gone.*running_workloads.*agent pid 999999/);
    expect(events(dir).at(-1)).toMatchObject({ status: 'failed', phase: 'end' });
  });

  it('re-attaches to a live agent and resumes its stream from the persisted offset', async () => {
    const outputRoot = join(root, 'runs-live');
    const runId = 'run-live';
    const dir = join(outputRoot, runId);
    const pair = (await provider.connect())!;
    const outputDir = join(pair.runner.lbWorkdir, 'lb_web_runs', runId);
    mkdirSync(outputDir, { recursive: true });
    const agent = launchAgent(
      {
        run_id: runId,
        host: pair.runner.name,
        lb_workdir: pair.runner.lbWorkdir,
        output_dir: outputDir,
        gateway_url: pair.gatewayUrl,
        prometheus_url: pair.prometheusUrl,
        config,
        load_driver: 'builtin',
      },
      join(outputDir, 'spec.json'),
    );
    // The "previous server" had persisted the agent's first event before it died.
    const first = await agent.waitForEvent(() => true);
    const firstLine = readFileSync(join(outputDir, 'events.stream'), 'utf8').split('\n')[0]!;
    const journal = await RunJournal.create(join(dir, 'run_journal.json'), {
      run_id: runId,
      config_dump: config,
      execution_mode: 'local',
      controller_state: 'running_workloads',
      tasks: [{ host: 'runner', workload: 'peva_faas', repetition: 1 }],
    });
    journal.setMetadata({
      agent_pid: agent.proc.pid,
      agent_output_dir: outputDir,
      memory_path: join(pair.runner.lbWorkdir, 'benchmark_results/peva_faas/memory/peva_faas.duckdb'),
      runner_host: pair.runner.name,
      phase: 'run',
    });
    await journal.save();
    writeFileSync(
      join(dir, 'events.jsonl'),
      JSON.stringify({ ...first, seq: 1, src_offset: Buffer.byteLength(firstLine) + 1 }) + '\n',
    );

    const m = new RunManager({ outputRoot, provider: () => provider });
    await m.recovered;
    const final = await m.waitForRun(runId);
    expect(final).toBe('finished');
    await agent.proc.exited;
    const stored = events(dir);
    expect(stored.map((e) => e.seq)).toEqual(stored.map((_, i) => i + 1));
    const fromAgent = stored
      .filter((e) => e.host === pair.runner.name)
      .map((e) => `${e.timestamp}|${e.message}|${e.type}`);
    expect(new Set(fromAgent).size).toBe(fromAgent.length);
    expect(fromAgent.length).toBe(agent.events.length);
    expect(stored.some((e) => /re-attached/.test(e.message))).toBe(true);
    expect((await m.getRun(runId)).memoryFile).toBe(`memory/${pair.runner.name}/peva_faas.duckdb`);
  }, 120_000);
});
