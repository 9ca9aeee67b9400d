// lb's results.csv (result_builder.py `build_result_row`, FORMATS.md §5) as result records, so
// the run page, capacity and outcome work on a run directory lb wrote. lb's row has no request
// count, percentiles or config id: those read NaN / are recomputed (lb's config_id from the pairs).
import 'server-only';
import { configLabelOf, type ResultRecord } from '@/lib/contract/run-results';
import { configId } from '@/server/peva/enumeration';
import { parseCsvRecords } from '@/server/peva/csv';

const FUNCTION_COLUMN = /^function_(.+)$/;
/** lb writes floats as %.3f or "nan"; ints as ints; cells of functions outside a configuration are empty. */
const cell = (v: string | undefined): number => (v === undefined || v === '' ? Number.NaN : Number(v));

export function recordsFromLbResultsCsv(text: string): ResultRecord[] {
  const rows = parseCsvRecords(text);
  if (rows.length === 0) return [];
  const names = Object.keys(rows[0]!)
    .map((k) => FUNCTION_COLUMN.exec(k)?.[1])
    .filter((n): n is string => n !== undefined);
  const iterations = new Map<string, number>();
  return rows.flatMap((row) => {
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
        overloaded: row[`overloaded_function_${n}`] === '1',
      }));
    if (functions.length === 0) return [];
    const id = configId(functions.map((f) => ({ name: f.function, rate: f.rate })));
    const iteration = (iterations.get(id) ?? 0) + 1;
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
        overloaded_node: row.overloaded_node === '1',
      },
    ];
  });
}
