// `lb-web compare <a> <b> [--tolerance 10] [--json]`: B against A (A is the baseline) per
// configuration × function; exits 1 when a regression beyond the tolerance is found (for CI).
// Each side is a run id of the output root, a run directory (lb's too) or a .duckdb file.
import 'server-only';
import { compareRecords } from '@/lib/contract/compare';
import { loadRecordSourceCli, SourceNotFoundError } from '@/server/results/record-source';
import { comparisonLines } from '@/server/results/compare-text';
import { cliRoots, parseCommandArgs, parseTolerance, UsageError, guarded } from '../cli-common';
import type { CliCommand, CliContext } from './types';

const usage = 'lb-web compare <a> <b> [--tolerance PCT] [--output DIR] [--json]';

/** Exit codes: 0 no regression, 1 a regression beyond the tolerance, 2 usage. */
export const COMPARE_EXIT = { same: 0, regression: 1 } as const;

async function runCompare(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('compare', usage, args, {
    output: { type: 'string', short: 'o' },
    tolerance: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) return (ctx.io.out(`usage: ${usage}`), 0);
  if (positionals.length !== 2) throw new UsageError(`lb-web compare: two runs or files\nusage: ${usage}`);
  const tolerancePct = parseTolerance('compare', values.tolerance);
  const { outputRoot } = cliRoots(ctx, typeof values.output === 'string' ? values.output : undefined);
  const load = (ref: string) =>
    loadRecordSourceCli(outputRoot, ctx.cwd, ref).catch((err: Error) => {
      if (err instanceof SourceNotFoundError) throw new UsageError(`lb-web compare: ${err.message}`);
      throw err;
    });
  const [a, b] = await Promise.all([load(positionals[0]!), load(positionals[1]!)]);
  const cmp = compareRecords(a.records, b.records, {
    tolerancePct,
    thresholds: b.thresholds ?? a.thresholds ?? undefined,
  });
  if (values.json) {
    ctx.io.out(JSON.stringify({ a: { name: a.name, from: a.from }, b: { name: b.name, from: b.from }, ...cmp }));
  } else {
    for (const line of comparisonLines(cmp, { a: `${a.name} (${a.from})`, b: `${b.name} (${b.from})` }))
      ctx.io.out(line);
  }
  return cmp.regressions > 0 ? COMPARE_EXIT.regression : COMPARE_EXIT.same;
}

export const compareCli: CliCommand = {
  name: 'compare',
  summary: 'B against A per configuration × function; exit 1 on a regression beyond the tolerance',
  usage,
  run: guarded('compare', runCompare),
};
