// Loads the PEVA views of one attached file: summary strip numbers and per-configuration
// results, from our typed `execution_results` when the file has it, else from lb's
// payload_json read as text (`::VARCHAR`, no JSON extension) and parsed in the page.
import { rowObjects, type Cell } from '@/components/explorer/engine/arrow-values';
import { hasTable, type CatalogTable } from '@/components/explorer/catalog/catalog';
import type { DuckDbConnector, QueryResult } from '@/components/explorer/engine/duckdb-connector';
import { resultsFromTypedRows, TYPED_REQUIRED_COLUMNS, typedResultsSql, aggregateSamples } from './peva-aggregate';
import { samplesFromEvents } from './peva-payload';
import type { PevaData, PevaSummary } from './peva-types';
import { quoteIdent } from '@/components/explorer/engine/sql-text';
import { RESULTS_TABLE } from '@/lib/contract/memory-tables';

/** Events parsed in the page at most; beyond this the views say they show a sample. */
export const PAYLOAD_ROW_LIMIT = 50_000;
const TIMEOUT_MS = 30_000;

type Run = (sql: string) => Promise<QueryResult>;
const objects = (r: QueryResult): Array<Record<string, Cell>> => rowObjects(r.columns, r.rows);
const str = (v: Cell | undefined) => (v === null || v === undefined ? null : String(v));

async function loadSummary(run: Run, catalog: string, tables: readonly CatalogTable[]): Promise<PevaSummary> {
  const cat = quoteIdent(catalog);
  const summary: PevaSummary = {
    schemaVersion: null,
    sessions: [],
    eventRunIds: [],
    configurations: 0,
    events: 0,
    skipped: 0,
  };
  const jobs: Array<Promise<void>> = [];
  if (hasTable(tables, catalog, 'memory_schema_meta')) {
    jobs.push(
      run(`SELECT schema_version FROM ${cat}.memory_schema_meta LIMIT 1`).then(
        (r) => void (summary.schemaVersion = str(objects(r)[0]?.schema_version)),
      ),
    );
  }
  if (hasTable(tables, catalog, 'run_sessions')) {
    jobs.push(
      run(`SELECT run_id, status FROM ${cat}.run_sessions ORDER BY started_at NULLS LAST, run_id`).then(
        (r) => void (summary.sessions = objects(r).map((o) => ({ runId: String(o.run_id), status: str(o.status) }))),
      ),
    );
  }
  if (hasTable(tables, catalog, 'execution_events')) {
    jobs.push(
      run(`SELECT count(*) AS events, count(skip_reason) AS skipped, count(DISTINCT config_id) AS configs,
             string_agg(DISTINCT run_id, chr(10) ORDER BY run_id) AS run_ids FROM ${cat}.execution_events`).then(
        (r) => {
          const o = objects(r)[0] ?? {};
          summary.events = Number(o.events ?? 0);
          summary.skipped = Number(o.skipped ?? 0);
          summary.configurations = Number(o.configs ?? 0);
          summary.eventRunIds = str(o.run_ids)?.split('\n').filter(Boolean) ?? [];
        },
      ),
    );
  }
  await Promise.all(jobs);
  return summary;
}

export async function loadPevaData(
  connector: DuckDbConnector,
  catalog: string,
  tables: readonly CatalogTable[],
): Promise<PevaData> {
  const cat = quoteIdent(catalog);
  const run: Run = (sql) => connector.query(sql, { timeoutMs: TIMEOUT_MS, maxRows: PAYLOAD_ROW_LIMIT + 1 }).result;
  const summaryP = loadSummary(run, catalog, tables);

  const typed = hasTable(tables, catalog, RESULTS_TABLE);
  const typedUsable = typed && TYPED_REQUIRED_COLUMNS.every((c) => typed.columns.some((col) => col.name === c));
  if (typedUsable) {
    const [summary, r] = await Promise.all([summaryP, run(typedResultsSql(cat))]);
    const results = resultsFromTypedRows(objects(r));
    if (results.length > 0 || summary.events === 0)
      return { origin: RESULTS_TABLE, summary, results, unreadable: 0, truncatedAt: null };
    // An empty typed table beside a filled events table: an older writer; read the payloads.
  }
  if (!hasTable(tables, catalog, 'execution_events')) {
    return { origin: 'none', summary: await summaryP, results: [], unreadable: 0, truncatedAt: null };
  }
  const r = await run(
    `SELECT config_id, iteration, repetition, run_id, config_functions::VARCHAR AS cf, config_rates::VARCHAR AS cr,
            payload_json::VARCHAR AS payload
     FROM ${cat}.execution_events WHERE skip_reason IS NULL LIMIT ${PAYLOAD_ROW_LIMIT + 1}`,
  );
  const rows = objects(r);
  const truncated = rows.length > PAYLOAD_ROW_LIMIT;
  const events = rows.slice(0, PAYLOAD_ROW_LIMIT).map((o) => ({
    configId: String(o.config_id),
    runId: String(o.run_id),
    iteration: Number(o.iteration),
    repetition: Number(o.repetition),
    configFunctions: str(o.cf),
    configRates: str(o.cr),
    payloadText: str(o.payload),
  }));
  const { samples, unreadable } = samplesFromEvents(events);
  return {
    origin: 'payload_json',
    summary: await summaryP,
    results: aggregateSamples(samples),
    unreadable,
    truncatedAt: truncated ? PAYLOAD_ROW_LIMIT : null,
  };
}
