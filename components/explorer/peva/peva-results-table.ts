// `peva_results`: one flat row per configuration × iteration × function of an opened file,
// queryable with plain SQL (duckdb-wasm has no JSON functions offline, and lb keeps everything
// in payload_json). Built on open into the engine's in-memory catalog — from our typed
// execution_results in SQL, or from lb's payload_json parsed in the page (NaN → NULL) — and
// found unqualified because every connection searches `memory.main` after the file.
import type { DuckDbConnector } from '@/components/explorer/engine/duckdb-connector';
import { rowObjects } from '@/components/explorer/engine/arrow-values';
import { quoteIdent, quoteString } from '@/components/explorer/engine/sql-text';
import { RESULTS_TABLE } from '@/lib/contract/memory-tables';
import { samplesFromEvents } from './peva-payload';
import type { FunctionSample } from './peva-types';

export const PEVA_RESULTS = 'peva_results';

/** The main slot's table is `peva_results`; the comparison slot's `peva_results_cmp`. */
export const pevaResultsName = (slot: string) => (slot === 'run' ? PEVA_RESULTS : `${PEVA_RESULTS}_${slot}`);

const COLUMNS = `run_id VARCHAR, config_id VARCHAR, iteration INTEGER, repetition INTEGER, function_name VARCHAR,
  rate DOUBLE, success_rate DOUBLE, latency_avg_ms DOUBLE, latency_p95_ms DOUBLE, cpu_usage_node DOUBLE, overloaded BOOLEAN`;

/** Events parsed in the page at most (the rest are not in the table: said in its origin). */
export const PEVA_RESULTS_EVENT_LIMIT = 200_000;
const BATCH = 1000;
const TIMEOUT_MS = 60_000;

const num = (v: number | null) => (v === null || !Number.isFinite(v) ? 'NULL' : String(v));

export function insertValuesSql(table: string, samples: readonly FunctionSample[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < samples.length; i += BATCH) {
    const values = samples
      .slice(i, i + BATCH)
      .map(
        (s) =>
          `(${quoteString(s.runId)}, ${quoteString(s.configId)}, ${s.iteration}, ${s.repetition}, ${quoteString(
            s.functionName,
          )}, ${num(s.rate)}, ${num(s.successRate)}, ${num(s.latencyAvgMs)}, ${num(s.latencyP95Ms)}, ${num(s.cpuNode)}, ${
            s.overloaded === null ? 'NULL' : s.overloaded ? 'TRUE' : 'FALSE'
          })`,
      )
      .join(',\n');
    out.push(`INSERT INTO ${table} VALUES\n${values}`);
  }
  return out;
}

export interface PevaResultsBuild {
  table: string;
  rows: number;
  origin: typeof RESULTS_TABLE | 'payload_json' | 'none';
  truncatedAt: number | null;
}

export async function buildPevaResults(connector: DuckDbConnector, slot: string): Promise<PevaResultsBuild> {
  const name = pevaResultsName(slot);
  const table = `memory.main.${quoteIdent(name)}`;
  const run = (sql: string, maxRows = 10) => connector.query(sql, { timeoutMs: TIMEOUT_MS, maxRows }).result;
  const tables = rowObjects(
    ...(await run(
      `SELECT table_name FROM duckdb_tables() WHERE database_name = ${quoteString(slot)} AND schema_name = 'main'`,
      1000,
    ).then((r) => [r.columns, r.rows] as const)),
  ).map((o) => String(o.table_name));
  const cat = quoteIdent(slot);
  await run(`CREATE OR REPLACE TABLE ${table} (${COLUMNS})`);
  if (tables.includes(RESULTS_TABLE)) {
    await run(`INSERT INTO ${table} SELECT run_id, config_id, iteration, repetition, function_name,
      TRY_CAST(rate AS DOUBLE), TRY_CAST(success_rate AS DOUBLE), TRY_CAST(latency_avg_ms AS DOUBLE),
      TRY_CAST(latency_p95_ms AS DOUBLE), TRY_CAST(cpu_usage_node AS DOUBLE), overloaded_function
      FROM ${cat}.main.${RESULTS_TABLE}`);
    const n = await run(`SELECT count(*) AS n FROM ${table}`);
    const rows = Number(rowObjects(n.columns, n.rows)[0]?.n ?? 0);
    if (rows > 0) return { table: name, rows, origin: RESULTS_TABLE, truncatedAt: null };
  }
  if (!tables.includes('execution_events')) return { table: name, rows: 0, origin: 'none', truncatedAt: null };
  const r = await run(
    `SELECT config_id, iteration, repetition, run_id, config_functions::VARCHAR AS cf, config_rates::VARCHAR AS cr,
            payload_json::VARCHAR AS payload
     FROM ${cat}.main.execution_events WHERE skip_reason IS NULL LIMIT ${PEVA_RESULTS_EVENT_LIMIT + 1}`,
    PEVA_RESULTS_EVENT_LIMIT + 1,
  );
  const events = rowObjects(r.columns, r.rows);
  const truncated = events.length > PEVA_RESULTS_EVENT_LIMIT;
  const { samples } = samplesFromEvents(
    events.slice(0, PEVA_RESULTS_EVENT_LIMIT).map((o) => ({
      configId: String(o.config_id),
      runId: String(o.run_id),
      iteration: Number(o.iteration),
      repetition: Number(o.repetition),
      configFunctions: o.cf === null ? null : String(o.cf),
      configRates: o.cr === null ? null : String(o.cr),
      payloadText: o.payload === null ? null : String(o.payload),
    })),
  );
  for (const sql of insertValuesSql(table, samples)) await run(sql);
  return {
    table: name,
    rows: samples.length,
    origin: 'payload_json',
    truncatedAt: truncated ? PEVA_RESULTS_EVENT_LIMIT : null,
  };
}

/** Best effort: a slot closes even when the engine is gone. */
export async function dropPevaResults(connector: DuckDbConnector, slot: string): Promise<void> {
  try {
    await connector.query(`DROP TABLE IF EXISTS memory.main.${quoteIdent(pevaResultsName(slot))}`, {
      timeoutMs: 10_000,
    }).result;
  } catch {
    /* nothing to drop */
  }
}

/**
 * Payloads parsed on open at most: beyond this, parsing them would hold the engine for seconds
 * after the catalog shows (350 000 events took ~5 s), so the table is built when a query first
 * names it. Our typed table is always copied on open (plain SQL, fast).
 */
export const EAGER_PAYLOAD_EVENTS = 20_000;

/** Whether the slot's peva_results is cheap enough to build right after the open. */
export async function pevaResultsIsCheap(connector: DuckDbConnector, slot: string): Promise<boolean> {
  const run = (sql: string) => connector.query(sql, { timeoutMs: 10_000, maxRows: 10 }).result;
  const t = await run(
    `SELECT table_name FROM duckdb_tables() WHERE database_name = ${quoteString(slot)} AND schema_name = 'main'
       AND table_name IN ('${RESULTS_TABLE}', 'execution_events')`,
  );
  const names = rowObjects(t.columns, t.rows).map((o) => String(o.table_name));
  if (names.includes(RESULTS_TABLE)) return true;
  if (!names.includes('execution_events')) return true;
  const n = await run(`SELECT count(*) AS n FROM ${quoteIdent(slot)}.main.execution_events`);
  return Number(rowObjects(n.columns, n.rows)[0]?.n ?? 0) <= EAGER_PAYLOAD_EVENTS;
}

/** Builds waiting for a query that names their table (a big file is not read whole on open). */
const deferred = new Map<string, () => Promise<unknown>>();

export function deferPevaResults(slot: string, build: () => Promise<unknown>): void {
  deferred.set(pevaResultsName(slot), build);
}

export function forgetPevaResults(slot: string): void {
  deferred.delete(pevaResultsName(slot));
}

/** Before a user query: builds every deferred table it names (once). */
export async function ensurePevaResultsFor(sql: string): Promise<void> {
  for (const [name, build] of [...deferred]) {
    if (!new RegExp(`\\b${name}\\b`, 'i').test(sql)) continue;
    deferred.delete(name);
    await build().catch(() => undefined);
  }
}
