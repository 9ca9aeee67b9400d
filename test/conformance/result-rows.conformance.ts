// lb's result rows (result_builder.py build_result_row / build_skipped_row) against the
// records lb-web writes (result-row.ts record, output-writers.ts appendSkipped). Values are
// compared as the CSV cell text each tool would write.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { formatCsvField, parseCsvRecords, type CsvValue } from '@/server/peva/csv';
import { configId } from '@/server/peva/enumeration';
import { PevaOutputWriter } from '@/server/peva/output-writers';
import { casesOf, Diffs, loadFixture, title } from './support/fixtures';
import { ourRow, type Measurement } from './support/measurement';

const file = loadFixture('result-rows');

/** Python's str() of a cell as csv.DictWriter writes it. */
const pyCell = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

function compareRecords(ours: Record<string, string>, lb: Record<string, unknown>, diffs: Diffs): void {
  const lbCols = Object.keys(lb);
  const absent = lbCols.filter((c) => !(c in ours));
  const extra = Object.keys(ours).filter((c) => !(c in lb));
  if (absent.length) diffs.add(`${absent.length}/${lbCols.length} lb columns absent in ours: ${absent.join(', ')}`);
  if (extra.length) diffs.add(`ours-only columns: ${extra.join(', ')}`);
  for (const col of lbCols.filter((c) => c in ours)) diffs.check(ours[col], pyCell(lb[col]), col);
}

describe('result rows: results.csv row', () => {
  for (const c of casesOf<Measurement, { row: Record<string, unknown>; overloaded: boolean }>(file, 'result_row')) {
    it(title(c), () => {
      const record = ourRow(c.input).record;
      const cells = Object.fromEntries(Object.entries(record).map(([k, v]) => [k, formatCsvField(v as CsvValue)]));
      const diffs = new Diffs();
      compareRecords(cells, c.expected.row, diffs);
      diffs.assert();
    });
  }
});

describe('result rows: skipped.csv row', () => {
  type In = { all_functions: string[]; config_pairs: Array<[string, number]> };
  for (const c of casesOf<In, Record<string, unknown>>(file, 'skipped_row')) {
    it(title(c), async () => {
      const dir = mkdtempSync(join(tmpdir(), 'lb-conformance-'));
      try {
        const pairs = c.input.config_pairs
          .map(([name, rate]) => ({ name, rate }))
          .sort((a, b) => (a.name < b.name ? -1 : 1));
        const writer = new PevaOutputWriter(dir, c.input.all_functions.length);
        await writer.appendSkipped({
          configId: configId(pairs),
          functions: pairs.map((p) => p.name),
          rates: pairs.map((p) => p.rate),
          reason: 'dominated_by_overload',
          ts: 0,
        });
        const [record] = parseCsvRecords(readFileSync(writer.skippedPath, 'utf8'));
        const diffs = new Diffs();
        compareRecords(record ?? {}, c.expected, diffs);
        diffs.assert();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
