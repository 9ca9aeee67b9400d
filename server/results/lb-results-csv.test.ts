import { describe, expect, it } from 'vitest';
import { loadFixture } from '@/test/conformance/support/fixtures';
import { configId } from '@/server/peva/enumeration';
import { recordsFromLbResultsCsv } from './lb-results-csv';

// A results.csv written by lb's own code (scripts/lb-fixtures, lb's export of a measured run).
const measured = loadFixture('output-files').cases.find(
  (c) => c.kind === 'export_measured' && c.id === 'a measured run',
)!;
const lbResultsCsv = (measured.expected as { files: Record<string, string> }).files['results.csv']!;

describe("lb's results.csv as result records", () => {
  it('one record per row with lb config ids, iterations counted per configuration, lb-only values NaN', () => {
    const records = recordsFromLbResultsCsv(lbResultsCsv);
    const figlet10 = configId([{ name: 'figlet', rate: 10 }]);
    expect(records.map((r) => [r.config_id, r.iteration, r.label])).toEqual([
      [figlet10, 1, 'figlet=10'],
      [figlet10, 2, 'figlet=10'],
      [
        configId([
          { name: 'env', rate: 20 },
          { name: 'figlet', rate: 10 },
        ]),
        1,
        'env=20, figlet=10',
      ],
    ]);
    const f = records[0]!.functions[0]!;
    expect(f).toMatchObject({ function: 'figlet', rate: 10, success_rate: 1, avg_ms: 12, overloaded: false });
    expect(f.p95_ms).toBeNaN();
    expect(records[0]!.cpu_usage_node).toBe(40);
  });

  it('reads nothing from a header-only or empty file', () => {
    expect(recordsFromLbResultsCsv('')).toEqual([]);
    expect(recordsFromLbResultsCsv(lbResultsCsv.split('\r\n')[0] + '\r\n')).toEqual([]);
  });
});
