// A finished run of `n` events written straight to its events.jsonl (what the hub would have
// stored), for the run-page bench and e2e: 10 events a second, a metric sample every 10th (one
// a second per function), configurations of 20 000 events each (2000 s of load) separated by a
// cooldown, a result event closing each, progress on the controller's events, and the
// controller's final event last.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { RunJournal } from '@/server/runs/run-journal';

const BASE_T = 1_767_225_600;
const PER_CONFIG = 20_000;
const COOLDOWN_S = 30;

function bigRunEvent(runId: string, seq: number, n: number): Record<string, unknown> {
  const config = Math.floor((seq - 1) / PER_CONFIG);
  const configs = Math.ceil(n / PER_CONFIG);
  const rate = 10 * (config + 1);
  const t = BASE_T + seq / 10 + config * COOLDOWN_S;
  const base = {
    run_id: runId,
    host: 'local-runner',
    workload: 'peva_faas',
    repetition: 1,
    total_repetitions: 1,
    status: 'running',
    timestamp: t,
    phase: 'load',
    config_id: `cfg${String(config).padStart(9, '0')}`,
    iteration: 1,
  };
  if (seq === n)
    return {
      ...base,
      host: 'controller',
      status: 'stopped',
      message: 'run finished',
      type: 'status',
      level: 'INFO',
      phase: 'end',
      data: { controller_state: 'finished' },
    };
  if (seq % PER_CONFIG === 0 || seq === n - 1)
    return {
      ...base,
      message: `result of configuration ${config}`,
      type: 'log',
      level: 'INFO',
      phase: 'result',
      data: {
        result: {
          functions: [
            {
              function: 'figlet',
              rate,
              requests: rate * 2000,
              success_rate: 1,
              avg_ms: 5,
              p50_ms: 4,
              p95_ms: 9,
              p99_ms: 12,
              max_ms: 30,
              replicas: 1,
              overloaded: false,
            },
          ],
          cpu_usage_node: 40,
          cpu_unit: 'one_core',
          ram_usage_node_pct: 30,
          overloaded_node: false,
        },
      },
    };
  if (seq % 10 === 0)
    return {
      ...base,
      message: '',
      type: 'metric',
      level: 'INFO',
      data: {
        t,
        window_s: 1,
        config: `figlet=${rate}`,
        targets: { figlet: rate },
        functions: {
          figlet: {
            rps: rate + (seq % 7) - 3,
            successRate: 1,
            p50: 4 + (seq % 5),
            p95: 9 + (seq % 11),
            p99: 12,
            requests: seq % PER_CONFIG,
            errors: 0,
          },
        },
      },
    };
  if (seq % 1000 === 1)
    return {
      ...base,
      host: 'controller',
      message: `progress ${config}/${configs}`,
      type: 'status',
      level: 'INFO',
      data: {
        controller_state: 'running_workloads',
        configs_total: configs,
        configs_done: config,
        configs_skipped: 0,
        configs_failed: 0,
      },
    };
  return {
    ...base,
    message: `line ${seq} of the big run`,
    type: 'log',
    level: seq % 500 === 0 ? 'ERROR' : seq % 50 === 0 ? 'WARNING' : 'INFO',
  };
}

/** Writes the run (journal: finished) into `outputRoot/runId`; resolves to its events.jsonl. */
export async function writeBigRun(outputRoot: string, runId: string, n: number): Promise<string> {
  const dir = join(outputRoot, runId);
  await mkdir(dir, { recursive: true });
  const journal = await RunJournal.create(join(dir, 'run_journal.json'), {
    run_id: runId,
    config_dump: {},
    controller_state: 'init',
  });
  journal.setControllerState('finished');
  await journal.save();
  const file = join(dir, 'events.jsonl');
  const out = createWriteStream(file);
  let chunk = '';
  for (let seq = 1; seq <= n; seq++) {
    // `seq` last, as the hub writes it (readers skip lines by it).
    chunk += JSON.stringify({ ...bigRunEvent(runId, seq, n), seq }) + '\n';
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return file;
}
