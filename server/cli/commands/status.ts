// `lb-web status <run_id|run_dir> [--json]`: what a run is and what it found — state, progress,
// outcome and capacity per function (from the journal when the run ended under lb-web, else
// computed from its events or from lb's results.csv, so an lb run directory answers too).
import 'server-only';
import { capacityText, OUTCOME_EXIT_CODE, OUTCOME_TEXT } from '@/lib/contract/run-results';
import { readRunDir } from '@/server/runs/read-run';
import { runFindings } from '@/server/results/run-findings';
import { parseCommandArgs, UsageError, guarded } from '../cli-common';
import { resolveRunDir } from './stop';
import type { CliCommand, CliContext } from './types';

const usage = 'lb-web status <run_id|run_dir> [--output DIR] [--json]';

async function runStatus(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('status', usage, args, {
    output: { type: 'string', short: 'o' },
    json: { type: 'boolean' },
  });
  if (values.help) return (ctx.io.out(`usage: ${usage}`), 0);
  if (positionals.length !== 1) throw new UsageError(`lb-web status: one run id or run directory\nusage: ${usage}`);
  const dir = resolveRunDir(positionals[0]!, ctx, typeof values.output === 'string' ? values.output : undefined);
  const run = await readRunDir(dir).catch((err: Error) => {
    throw new UsageError(`lb-web status: ${dir}: ${err.message}`);
  });
  const found = await runFindings(dir, {
    state: run.state ?? run.stateText,
    terminal: run.terminal,
    progress: run.progress,
    thresholds: run.thresholds ?? undefined,
  });
  const outcome = run.outcome ?? found.outcome;
  const capacity = run.capacity ?? found.capacity;
  if (values.json) {
    ctx.io.out(
      JSON.stringify({
        runId: run.runId,
        state: run.state ?? run.stateText,
        progress: run.progress,
        outcome,
        capacity,
        thresholds: run.thresholds,
        records: found.records.length,
        recordsFrom: found.source,
      }),
    );
  } else {
    const p = run.progress;
    ctx.io.out(`${run.runId}: ${run.state ?? run.stateText ?? 'unknown state'}`);
    if (p)
      ctx.io.out(
        `  configurations: ${p.configs_done} done, ${p.configs_skipped} skipped, ${p.configs_failed} failed of ${p.configs_total}`,
      );
    ctx.io.out(`  outcome: ${outcome ? `${OUTCOME_TEXT[outcome.kind]} — ${outcome.detail}` : 'not ended yet'}`);
    for (const c of capacity) ctx.io.out(`  capacity ${capacityText(c)}`);
    ctx.io.out(`  results: ${found.records.length} record(s) from ${found.source}`);
  }
  // The run's outcome as `lb-web run` would exit with it (0 while it still runs).
  return outcome ? OUTCOME_EXIT_CODE[outcome.kind] : 0;
}

export const statusCli: CliCommand = {
  name: 'status',
  summary: "A run's state, outcome and capacity per function (exit code as `lb-web run`'s)",
  usage,
  run: guarded('status', runStatus),
};
