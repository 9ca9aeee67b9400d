// The ready-made queries run as the explorer runs them — file attached as `run`, peva_results
// in the memory catalog built from lb's payload_json by the page's own code — on real DuckDB.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLbDb } from '@/test/support/make-memory-db';
import { samplesFromEvents } from '@/components/explorer/peva/peva-payload';
import { insertValuesSql } from '@/components/explorer/peva/peva-results-table';
import { CANNED_QUERIES } from './canned-queries';

let dir: string;
let instance: DuckDBInstance;
let c: DuckDBConnection;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lbweb-canned-'));
  const file = join(dir, 'lb.duckdb');
  await makeLbDb(file);
  instance = await DuckDBInstance.create(':memory:');
  c = await instance.connect();
  await c.run(`ATTACH '${file}' AS run (READ_ONLY)`);
  const events = (
    await c.runAndReadAll(`SELECT config_id, iteration, repetition, run_id, config_functions::VARCHAR AS cf,
      config_rates::VARCHAR AS cr, payload_json::VARCHAR AS payload FROM run.execution_events WHERE skip_reason IS NULL`)
  ).getRowObjects();
  const { samples } = samplesFromEvents(
    events.map((o) => ({
      configId: String(o.config_id),
      runId: String(o.run_id),
      iteration: Number(o.iteration),
      repetition: Number(o.repetition),
      configFunctions: String(o.cf),
      configRates: String(o.cr),
      payloadText: String(o.payload),
    })),
  );
  await c.run(`CREATE TABLE memory.main.peva_results (run_id VARCHAR, config_id VARCHAR, iteration INTEGER,
    repetition INTEGER, function_name VARCHAR, rate DOUBLE, success_rate DOUBLE, latency_avg_ms DOUBLE,
    latency_p95_ms DOUBLE, cpu_usage_node DOUBLE, overloaded BOOLEAN)`);
  for (const sql of insertValuesSql('memory.main.peva_results', samples)) await c.run(sql);
  await c.run('USE run');
  await c.run("SET search_path = 'run.main,memory.main'");
}, 60_000);

afterAll(() => {
  c?.closeSync();
  instance?.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

describe('ready-made queries on a file lb wrote', () => {
  it.each(CANNED_QUERIES.map((q) => [q.label, q] as const))('%s runs', async (_label, q) => {
    const rows = (await c.runAndReadAll(q.sql)).getRowObjects();
    if (q.id === 'by-config' || q.id === 'slowest' || q.id === 'runs') expect(rows.length).toBeGreaterThan(0);
  });

  it('results by configuration average three iterations of each', async () => {
    const rows = (await c.runAndReadAll(CANNED_QUERIES.find((q) => q.id === 'by-config')!.sql)).getRowObjects();
    expect(new Set(rows.map((r) => Number(r.iterations)))).toEqual(new Set([3]));
  });
});
