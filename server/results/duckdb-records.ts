// Result records from a DuckDB memory file, lb-written or ours (FORMATS.md §9): one per
// recorded iteration of `execution_events` (skip_reason NULL), from `payload_json.result_row`
// (lb's results.csv row), with the figures lb's row lacks taken from the k6 summary it stores
// beside it (`latency_<fn>`: med, p(95), max; `request_count_<fn>`) and, in our files, from the
// typed `execution_results` (p99 too; it wins over the summary, which it was computed from). Runs in a child process (`agent --records <file>`): a
// damaged file must not take the server down.
import 'server-only';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { parseTolerantJson } from '@/lib/contract/tolerant-json';
import type { ResultRecord } from '@/lib/contract/run-results';
import { recordsFromLbRows } from './lb-results-csv';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : Number.NaN);

async function hasTable(c: DuckDBConnection, name: string): Promise<boolean> {
  const r = await c.runAndReadAll(`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = $1`, [name]);
  return Number(r.getRowObjects()[0]?.n ?? 0) > 0;
}

/** k6's figures for one function from the stored summary export (lb's custom metric names). */
function summaryFigures(summary: unknown, fn: string) {
  const metrics = isRecord(summary) && isRecord(summary.metrics) ? summary.metrics : {};
  const latency = isRecord(metrics[`latency_${fn}`]) ? (metrics[`latency_${fn}`] as Record<string, unknown>) : {};
  const count = isRecord(metrics[`request_count_${fn}`])
    ? (metrics[`request_count_${fn}`] as Record<string, unknown>)
    : {};
  return { p50: num(latency.med), p95: num(latency['p(95)']), max: num(latency.max), requests: num(count.count) };
}

/** The better source's value when it has one. */
const keep = (current: number, better: number) => (Number.isFinite(better) ? better : current);

export interface DuckDbRecords {
  records: ResultRecord[];
  /** Distinct run ids of the recorded iterations (a memory file accumulates runs). */
  runIds: string[];
}

export async function recordsFromDuckDb(file: string): Promise<DuckDbRecords> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  try {
    const c = await instance.connect();
    try {
      if (!(await hasTable(c, 'execution_events'))) return { records: [], runIds: [] };
      const events = (
        await c.runAndReadAll(
          `SELECT config_id, iteration, run_id, CAST(payload_json AS VARCHAR) AS payload
           FROM execution_events WHERE skip_reason IS NULL ORDER BY start_ts, config_id, iteration`,
        )
      ).getRowObjects();
      const payloads = events.map((e) => parseTolerantJson(String(e.payload ?? 'null')));
      const records = recordsFromLbRows(
        payloads.flatMap((p, i) =>
          isRecord(p) && isRecord(p.result_row) ? [{ row: p.result_row, iteration: Number(events[i]!.iteration) }] : [],
        ),
      );
      // Summary figures, matched by position (recordsFromLbRows keeps one record per row).
      const withRow = payloads.filter((p) => isRecord(p) && isRecord(p.result_row)) as Record<string, unknown>[];
      records.forEach((r, i) => {
        for (const f of r.functions) {
          const s = summaryFigures(withRow[i]?.summary, f.function);
          f.p50_ms = keep(f.p50_ms, s.p50);
          f.p95_ms = keep(f.p95_ms, s.p95);
          f.max_ms = keep(f.max_ms, s.max);
          f.requests = keep(f.requests, s.requests);
        }
      });
      if (await hasTable(c, 'execution_results')) await enrichFromTyped(c, records);
      const runIds = [...new Set(events.map((e) => String(e.run_id)))];
      return { records, runIds };
    } finally {
      c.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

/** Our typed table has every percentile (p99 included) and the request count. */
async function enrichFromTyped(c: DuckDBConnection, records: ResultRecord[]): Promise<void> {
  const rows = (
    await c.runAndReadAll(
      `SELECT config_id, iteration, function_name, requests, latency_avg_ms, latency_p50_ms, latency_p95_ms,
              latency_p99_ms, latency_max_ms FROM execution_results`,
    )
  ).getRowObjects();
  const byKey = new Map(
    rows.map((r) => [`${String(r.config_id)}|${Number(r.iteration)}|${String(r.function_name)}`, r]),
  );
  for (const rec of records) {
    for (const f of rec.functions) {
      const t = byKey.get(`${rec.config_id}|${rec.iteration}|${f.function}`);
      if (!t) continue;
      f.requests = keep(f.requests, num(t.requests));
      f.avg_ms = keep(f.avg_ms, num(t.latency_avg_ms));
      f.p50_ms = keep(f.p50_ms, num(t.latency_p50_ms));
      f.p95_ms = keep(f.p95_ms, num(t.latency_p95_ms));
      f.p99_ms = keep(f.p99_ms, num(t.latency_p99_ms));
      f.max_ms = keep(f.max_ms, num(t.latency_max_ms));
    }
  }
}
