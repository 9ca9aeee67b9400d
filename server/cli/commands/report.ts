// `lb-web report <run|run_dir|file.duckdb> [--compare <a>] [-o report.html]`: the run's
// self-contained HTML report (server/report/), written to a file (default: the run's
// directory, or the current one for a DuckDB file) — opens from file:// with no network.
import 'server-only';
import { existsSync, statSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildReport } from '@/server/report/build-report';
import { loadRecordSourceCli, SourceNotFoundError } from '@/server/results/record-source';
import { cliRoots, parseCommandArgs, parseTolerance, UsageError, guarded } from '../cli-common';
import type { CliCommand, CliContext } from './types';

const usage =
  'lb-web report <run_id|run_dir|file.duckdb> [--compare <run|file>] [--tolerance PCT] [-o report.html] [--output DIR]';

async function runReport(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('report', usage, args, {
    out: { type: 'string', short: 'o' },
    output: { type: 'string' },
    compare: { type: 'string' },
    tolerance: { type: 'string' },
  });
  if (values.help) return (ctx.io.out(`usage: ${usage}`), 0);
  if (positionals.length !== 1) throw new UsageError(`lb-web report: one run or file\nusage: ${usage}`);
  const tolerancePct = parseTolerance('report', values.tolerance);
  const { outputRoot } = cliRoots(ctx, typeof values.output === 'string' ? values.output : undefined);
  const t0 = performance.now();
  const { html, name } = await buildReport(positionals[0]!, {
    load: (ref) =>
      loadRecordSourceCli(outputRoot, ctx.cwd, ref).catch((err: Error) => {
        if (err instanceof SourceNotFoundError) throw new UsageError(`lb-web report: ${err.message}`);
        throw err;
      }),
    compare: typeof values.compare === 'string' ? values.compare : undefined,
    tolerancePct,
  });
  let file: string;
  if (typeof values.out === 'string') file = path.resolve(ctx.cwd, values.out);
  else {
    const runDir = path.resolve(outputRoot, positionals[0]!);
    const local = path.resolve(ctx.cwd, positionals[0]!);
    const dir =
      existsSync(local) && statSync(local).isDirectory()
        ? local
        : existsSync(runDir) && statSync(runDir).isDirectory()
          ? runDir
          : ctx.cwd;
    file = path.join(dir, name);
  }
  // Write then rename: a reader never sees half a report.
  await writeFile(`${file}.tmp`, html);
  await rename(`${file}.tmp`, file);
  ctx.io.err(
    `lb-web report: ${file} (${(Buffer.byteLength(html) / 1024).toFixed(0)} KiB, ${(performance.now() - t0).toFixed(0)} ms)`,
  );
  ctx.io.out(file);
  return 0;
}

export const reportCli: CliCommand = {
  name: 'report',
  summary: "A run's self-contained HTML report (outcome, capacity, results, charts; --compare adds a comparison)",
  usage,
  run: guarded('report', runReport),
};
