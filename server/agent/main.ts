// The runner agent: `node --import tsx server/agent/main.ts --spec <spec.json>` runs one
// PEVA-FAAS run; `--self-check` prints what this host can do (DuckDB, load driver) as JSON.
import 'server-only';
import { writeFileSync, mkdirSync, renameSync } from 'node:fs';
import { installShutdownHandlers, stopAllOwned } from '@/server/process/owned-process';
import { readRunSpec, agentFiles } from './run-spec';
import { AgentEventEmitter } from './event-emitter';
import { StopControl } from './stop-control';
import { runPevaLoop, type LoopOutcome } from './peva-loop';
import { selfCheck } from './self-check';
import { inspectMemoryFile } from '@/server/peva/inspect-memory';
import { recordsFromDuckDb } from '@/server/results/duckdb-records';
import { detachAgent, superviseAgent } from './supervisor';
import { emptyProgress } from '@/lib/contract/progress';

export const EXIT = { finished: 0, failed: 1, usage: 2, stopped: 3 } as const;

function writeStatus(path: string, status: object): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, JSON.stringify(status, null, 2));
  renameSync(tmp, path);
}

async function runAgent(specPath: string): Promise<number> {
  const spec = await readRunSpec(specPath);
  const files = agentFiles(spec.output_dir);
  mkdirSync(spec.output_dir, { recursive: true });
  mkdirSync(spec.lb_workdir, { recursive: true });
  const emitter = new AgentEventEmitter(
    {
      run_id: spec.run_id,
      host: spec.host,
      workload: spec.workload,
      repetition: spec.repetition,
      total_repetitions: spec.total_repetitions,
    },
    files.stream,
  );
  const stop = new StopControl(spec.lb_workdir);
  const removed = stop.removeStale(spec.stale_stop_before);
  const startedAt = Date.now() / 1000;
  writeStatus(files.status, { status: 'running', pid: process.pid, started_at: startedAt, run_id: spec.run_id });
  emitter.status(
    'running',
    `agent started on ${spec.host} (pid ${process.pid})${removed ? '; removed a stale STOP file' : ''}`,
    { phase: 'setup' },
  );
  stop.start();

  let done: Promise<LoopOutcome> | undefined;
  // SIGTERM/SIGINT are a stop like the STOP file: finish cleanly, then exit.
  installShutdownHandlers(async (sig) => {
    stop.stop(`signal ${sig}`);
    await done;
  });
  done = runPevaLoop(spec, emitter, stop).catch((err: Error) => ({
    status: 'failed' as const,
    message: err.message,
    progress: emptyProgress(0),
    error: err.stack ?? err.message,
  }));
  const outcome = await done;
  stop.dispose();
  await stopAllOwned(1000);
  const eventStatus = outcome.status === 'finished' ? 'done' : outcome.status;
  writeStatus(files.status, {
    ...outcome,
    pid: process.pid,
    run_id: spec.run_id,
    started_at: startedAt,
    ended_at: Date.now() / 1000,
  });
  emitter.status(eventStatus, outcome.message, {
    level: outcome.status === 'failed' ? 'ERROR' : 'INFO',
    phase: 'end',
    error_type: outcome.status === 'failed' ? 'AgentError' : null,
    error_context: outcome.error ? { error: outcome.error } : null,
    data: {
      ...outcome.progress,
      memory_path: outcome.memoryPath ?? null,
    },
  });
  return EXIT[outcome.status];
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--self-check') {
    const report = await selfCheck();
    process.stdout.write(JSON.stringify(report) + '\n');
    return report.ok ? 0 : 1;
  }
  if (argv[0] === '--inspect-memory' && argv[1]) {
    const c = argv.indexOf('--close-session');
    const report = await inspectMemoryFile(argv[1], {
      closeSessionOf: c > 0 ? argv[c + 1] : undefined,
      configIds: argv.includes('--config-ids'),
    });
    process.stdout.write(JSON.stringify(report) + '\n');
    return report.ok ? 0 : 1;
  }
  if (argv[0] === '--records' && argv[1]) {
    // JSON has no NaN: unmeasured values travel as null (ResultRecordSchema reads them back).
    process.stdout.write(JSON.stringify(await recordsFromDuckDb(argv[1])) + '\n');
    return 0;
  }
  const i = argv.indexOf('--spec');
  const specPath = i >= 0 ? argv[i + 1] : undefined;
  if (!specPath) {
    process.stderr.write(
      'usage: agent --spec <run-spec.json> [--detach] | --self-check | --inspect-memory <file> [--close-session <run_id>] [--config-ids] | --records <file>\n',
    );
    return EXIT.usage;
  }
  if (argv.includes('--detach')) return detachAgent(specPath);
  if (argv.includes('--supervise')) return superviseAgent(specPath);
  return runAgent(specPath);
}

// Whoever started us may be gone (a crashed server, a dropped exec channel): a write to a
// closed stdout or stderr must not end the run. Events also go to the stream file.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`agent error: ${err.message}\n`);
    process.exit(EXIT.failed);
  },
);
