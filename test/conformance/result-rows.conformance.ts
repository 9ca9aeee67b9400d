// lb's result rows (result_builder.py build_result_row / build_skipped_row) against lb-web's
// (result-row.ts lbRow, buildLbSkippedRow): the same keys in the same order, the same values
// with the same Python types (a "%.3f" string is not an int).
import { describe, it } from 'vitest';
import { pyStrCompare } from '@/server/peva/python-format';
import { buildLbSkippedRow } from '@/server/peva/result-row';
import { casesOf, Diffs, loadFixture, title } from './support/fixtures';
import { ourRow, type Measurement } from './support/measurement';

const file = loadFixture('result-rows');

/** `columns` is lb's key order (fixture objects have their keys sorted). */
function compareRows(
  ours: Record<string, unknown>,
  lb: Record<string, unknown>,
  columns: string[],
  diffs: Diffs,
): void {
  const lbCols = columns;
  const ourCols = Object.keys(ours);
  const absent = lbCols.filter((c) => !(c in ours));
  const extra = ourCols.filter((c) => !(c in lb));
  if (absent.length) diffs.add(`${absent.length}/${lbCols.length} lb columns absent in ours: ${absent.join(', ')}`);
  if (extra.length) diffs.add(`ours-only columns: ${extra.join(', ')}`);
  if (!absent.length && !extra.length) diffs.check(ourCols, lbCols, 'column order');
  for (const col of lbCols.filter((c) => c in ours)) diffs.check(ours[col], lb[col], col);
}

describe('result rows: results.csv row', () => {
  type Lb = { row: Record<string, unknown>; columns: string[]; overloaded: boolean };
  for (const c of casesOf<Measurement, Lb>(file, 'result_row')) {
    it(title(c), () => {
      const row = ourRow(c.input);
      const diffs = new Diffs();
      compareRows(row.lbRow, c.expected.row, c.expected.columns, diffs);
      diffs.check(row.overloadedNode, c.expected.overloaded, 'overloaded');
      diffs.assert();
    });
  }
});

describe('result rows: skipped.csv row', () => {
  type In = { all_functions: string[]; config_pairs: Array<[string, number]> };
  for (const c of casesOf<In, { row: Record<string, unknown>; columns: string[] }>(file, 'skipped_row')) {
    it(title(c), () => {
      const pairs = c.input.config_pairs
        .map(([name, rate]) => ({ name, rate }))
        .sort((a, b) => pyStrCompare(a.name, b.name));
      const diffs = new Diffs();
      compareRows(buildLbSkippedRow(c.input.all_functions, pairs), c.expected.row, c.expected.columns, diffs);
      diffs.assert();
    });
  }
});
