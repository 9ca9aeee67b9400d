// A quiet long run on provisioned local hosts (1 req/s for 10 min) whose agent stream file a
// bench appends LB_EVENT lines to: the real tail → hub → SSE path with load it controls.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import type { LocalHostsSession } from './local-hosts';
import { hostsOperation, terminalState, until } from './trpc-http';

export interface QuietRun {
  runId: string;
  runDir: string;
  /** The agent's events.stream on the runner host. */
  stream: string;
  /** Stops the run and waits for its terminal state (the agent outlives the server by design). */
  stop(): Promise<void>;
}

export async function startQuietRun(session: LocalHostsSession): Promise<QuietRun> {
  const { srv, api } = session;
  const op = await hostsOperation(api, 'provision');
  if (!op?.ok) throw new Error(`provision failed: ${op?.error}`);
  const cooldown = { max_wait_seconds: 30, sleep_step_seconds: 1, idle_threshold_pct: 100 };
  const { runId } = await api.post<{ runId: string }>('runs.start', {
    provider: 'local',
    config: {
      functions: [{ name: 'figlet' }],
      rate_strategy: { type: 'custom', rates: [1] },
      duration: '10m',
      iterations: 1,
      cooldown,
    },
  });
  const stop = async () => {
    await api.post('runs.stop', { runId }).catch(() => undefined);
    await terminalState(api, runId, 30_000).catch(() => undefined);
  };
  try {
    const runDir = join(srv.outputRoot, runId);
    const stream = await until('agent stream file', () => {
      const m = JSON.parse(readFileSync(join(runDir, 'run_journal.json'), 'utf8')).metadata as {
        agent_output_dir?: string;
      };
      const f = m.agent_output_dir && join(m.agent_output_dir, 'events.stream');
      return f && existsSync(f) ? f : null;
    });
    await until(
      'load phase',
      () =>
        existsSync(join(runDir, 'events.jsonl')) &&
        readFileSync(join(runDir, 'events.jsonl'), 'utf8').includes('"phase":"load"'),
    );
    return { runId, runDir, stream, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * Appends `count` LB_EVENT log lines to the run's stream at `rate`/s on the clock (not chained
 * timers), each stamped `bench#<tag><i>@<ms>` so a receiver can compute its latency.
 */
export async function appendStamped(run: QuietRun, rate: number, count: number, tag = ''): Promise<number> {
  const start = Date.now();
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / rate;
    if (due > Date.now()) await sleep(due - Date.now());
    const now = Date.now();
    const e = {
      run_id: run.runId,
      host: 'local-runner',
      workload: 'peva_faas',
      repetition: 1,
      total_repetitions: 1,
      status: 'running',
      message: `bench#${tag}${i}@${now}`,
      timestamp: now / 1000,
      type: 'log',
      level: 'DEBUG',
      logger: 'bench',
    };
    appendFileSync(run.stream, `LB_EVENT ${JSON.stringify(e)}\n`);
  }
  return (Date.now() - start) / 1000;
}
