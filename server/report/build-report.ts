// A run's (or a DuckDB file's) report, optionally compared with another: gathers what
// renderReport shows — the records, capacity and outcome (the journal's when the run ended
// under lb-web, else computed from the records), the event summary and the comparison.
import 'server-only';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compareRecords } from '@/lib/contract/compare';
import { capacityPerFunction, runOutcome } from '@/lib/contract/run-results';
import { repoRoot } from '@/server/process/repo-root';
import type { RecordSource } from '@/server/results/record-source';
import { summarizeEvents } from './event-summary';
import { renderReport } from './report-html';

export interface BuildReportOptions {
  load: (ref: string) => Promise<RecordSource>;
  compare?: string;
  tolerancePct?: number;
  now?: Date;
}

function lbWebVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export async function buildReport(ref: string, opts: BuildReportOptions): Promise<{ html: string; name: string }> {
  const source = await opts.load(ref);
  const run = source.run;
  const thresholds = source.thresholds ?? undefined;
  const outcome =
    run?.outcome ??
    (run?.terminal && run.state
      ? runOutcome({ state: run.state, progress: run.progress, records: source.records, thresholds })
      : null);
  const against = opts.compare ? await opts.load(opts.compare) : null;
  const html = renderReport({
    generatedAt: opts.now ?? new Date(),
    lbWebVersion: lbWebVersion(),
    source,
    capacity: run?.capacity ?? capacityPerFunction(source.records, thresholds),
    outcome,
    events: run ? await summarizeEvents(path.join(run.dir, 'events.jsonl')) : null,
    comparison: against
      ? {
          against,
          result: compareRecords(against.records, source.records, {
            tolerancePct: opts.tolerancePct,
            thresholds: thresholds ?? against.thresholds ?? undefined,
          }),
        }
      : undefined,
  });
  const name = `lb-web-report-${source.name.replace(/[^A-Za-z0-9._-]/g, '_')}${against ? `-vs-${against.name.replace(/[^A-Za-z0-9._-]/g, '_')}` : ''}.html`;
  return { html, name };
}
