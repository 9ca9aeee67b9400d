// The HTML report of a 100-configuration run: generation time and file size.
//   npx tsx bench/report-bench.ts [--configs 100] [--iterations 3] [--seconds 30]
// The run directory is synthetic but shaped as a real one: a journal with the config, outcome
// and capacity, and an events.jsonl holding one `result` event per iteration plus the
// per-second `metric` events of each load (what makes a long run's event file big).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { configLabelOf, capacityPerFunction, recordFromEvent, runOutcome } from '@/lib/contract/run-results';
import { RunJournal } from '@/server/runs/run-journal';
import { buildReport } from '@/server/report/build-report';
import { loadRecordSourceCli } from '@/server/results/record-source';

const { values: args } = parseArgs({
  options: {
    configs: { type: 'string', default: '100' },
    iterations: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '30' },
  },
});
const CONFIGS = Number(args.configs);
const ITERATIONS = Number(args.iterations);
const SECONDS = Number(args.seconds);

function resultEvent(seq: number, rate: number, iteration: number) {
  const fns = [{ function: 'figlet', rate }];
  const p95 = 8 + rate * 0.4 + iteration;
  return {
    run_id: 'run-bench',
    host: 'local-runner',
    workload: 'peva_faas',
    repetition: 1,
    total_repetitions: 1,
    status: 'running',
    type: 'log',
    level: 'INFO',
    timestamp: 1_767_268_800 + seq,
    phase: 'result',
    config_id: `cfg${String(rate).padStart(9, '0')}`,
    iteration,
    message: `figlet=${rate} iteration ${iteration}`,
    data: {
      label: configLabelOf(fns),
      result: {
        functions: [
          {
            function: 'figlet',
            rate,
            requests: rate * SECONDS,
            success_rate: rate > 800 ? 0.93 : 1,
            avg_ms: p95 / 2,
            p50_ms: p95 / 2.2,
            p95_ms: p95,
            p99_ms: p95 * 1.3,
            max_ms: p95 * 2,
            replicas: 1 + Math.floor(rate / 300),
            overloaded: rate > 900,
          },
        ],
        cpu_usage_node: 5 + rate / 10,
        cpu_unit: 'one_core',
        ram_usage_node_pct: 30,
        overloaded_node: false,
      },
    },
    seq,
  };
}

async function main() {
  const root = await mkdtemp(join(tmpdir(), 'lbweb-report-bench-'));
  try {
    const dir = join(root, 'run-bench');
    const lines: string[] = [];
    const records = [];
    let seq = 0;
    for (let c = 1; c <= CONFIGS; c++) {
      const rate = c * 10;
      for (let it = 1; it <= ITERATIONS; it++) {
        for (let s = 1; s <= SECONDS; s++) {
          seq++;
          lines.push(
            JSON.stringify({
              run_id: 'run-bench',
              host: 'local-runner',
              workload: 'peva_faas',
              status: 'running',
              type: 'metric',
              level: 'INFO',
              message: '',
              timestamp: 1_767_268_800 + seq,
              phase: 'load',
              iteration: it,
              data: {
                t: s,
                window_s: 1,
                config: `figlet=${rate}`,
                targets: { figlet: rate },
                functions: {
                  figlet: { rps: rate, successRate: 1, p50: 5, p95: 9, p99: 12, requests: rate * s, errors: 0 },
                },
              },
              seq,
            }),
          );
        }
        const e = resultEvent(++seq, rate, it);
        lines.push(JSON.stringify(e));
        records.push(recordFromEvent(e)!);
      }
    }
    const journal = await RunJournal.create(join(dir, 'run_journal.json'), {
      run_id: 'run-bench',
      config_dump: {
        functions: [{ name: 'figlet' }],
        rate_strategy: { type: 'linear', min_rate: 10, max_rate: CONFIGS * 10, step: 10 },
        iterations: ITERATIONS,
      },
      controller_state: 'finished',
    });
    const thresholds = { figlet: { p95_ms: 200 } };
    journal.setMetadata({
      thresholds,
      capacity: capacityPerFunction(records, thresholds),
      outcome: runOutcome({ state: 'finished', progress: null, records, thresholds }),
    });
    await journal.save();
    await writeFile(join(dir, 'events.jsonl'), lines.join('\n') + '\n');
    const eventsMb = statSync(join(dir, 'events.jsonl')).size / 1e6;

    const times: number[] = [];
    let size = 0;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const { html } = await buildReport('run-bench', { load: (ref) => loadRecordSourceCli(root, root, ref) });
      times.push(performance.now() - t0);
      size = Buffer.byteLength(html);
    }
    times.sort((a, b) => a - b);
    console.log(
      `report of a ${CONFIGS}-configuration run (${records.length} iterations, ${seq} events, events.jsonl ${eventsMb.toFixed(1)} MB):`,
    );
    console.log(
      `  generation: median ${times[2]!.toFixed(0)} ms, min ${times[0]!.toFixed(0)} ms, max ${times[4]!.toFixed(0)} ms (5 runs)`,
    );
    console.log(
      `  size: ${(size / 1024).toFixed(0)} KiB (${((size / (1024 * 1024)) * 100).toFixed(1)} % of the 1 MiB budget)`,
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

await main();
