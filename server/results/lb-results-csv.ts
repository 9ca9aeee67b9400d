// lb's results.csv (result_builder.py `build_result_row`, FORMATS.md §5) as result records, so
// the run page, capacity, outcome and comparisons work on a run directory lb wrote. The same
// row is `payload_json.result_row` in lb's DuckDB memory (§9): `recordsFromLbRows` reads both.
// lb's row has no request count, percentiles or config id: those read NaN / are recomputed
// (lb's config_id from the pairs).
import 'server-only';
import { configLabelOf, type ResultRecord } from '@/lib/contract/run-results';
import { configId } from '@/server/peva/enumeration';
import { parseCsvRecords } from '@/server/peva/csv';

const FUNCTION_COLUMN = /^function_(.+)$/;
/** lb writes floats as %.3f or "nan"; ints as ints; cells of functions outside a configuration are empty. */
const cell = (v: unknown): number =>
  v === undefined || v === null || v === '' ? Number.NaN : typeof v === 'number' ? v : Number(v);
const flag = (v: unknown): boolean => v === '1' || v === 1 || v === true;

/** lb's result rows (string cells, or JSON values) as records; `iteration` when the source knows it. */
export function recordsFromLbRows(
  rows: ReadonlyArray<{ row: Record<string, unknown>; iteration?: number }>,
): ResultRecord[] {
  const iterations = new Map<string, number>();
  return rows.flatMap(({ row, iteration: given }) => {
    const names = Object.keys(row)
      .map((k) => FUNCTION_COLUMN.exec(k)?.[1])
      .filter((n): n is string => n !== undefined);
    const functions = names
      .filter((n) => (row[`function_${n}`] ?? '') !== '')
      .map((n) => ({
        function: n,
        rate: cell(row[`rate_function_${n}`]),
        requests: Number.NaN,
        success_rate: cell(row[`success_rate_function_${n}`]),
        avg_ms: cell(row[`medium_latency_function_${n}`]),
        p50_ms: Number.NaN,
        p95_ms: Number.NaN,
        p99_ms: Number.NaN,
        max_ms: Number.NaN,
        replicas: cell(row[`replica_${n}`]),
        overloaded: flag(row[`overloaded_function_${n}`]),
      }));
    if (functions.length === 0) return [];
    const id = configId(functions.map((f) => ({ name: f.function, rate: f.rate })));
    const iteration = given ?? (iterations.get(id) ?? 0) + 1;
    iterations.set(id, iteration);
    return [
      {
        config_id: id,
        iteration,
        label: configLabelOf(functions),
        functions,
        cpu_usage_node: cell(row.cpu_usage_node),
        cpu_unit: 'one_core',
        ram_usage_node_pct: cell(row.ram_usage_node_percentage),
        overloaded_node: flag(row.overloaded_node),
      },
    ];
  });
}

export function recordsFromLbResultsCsv(text: string): ResultRecord[] {
  return recordsFromLbRows(parseCsvRecords(text).map((row) => ({ row })));
}
