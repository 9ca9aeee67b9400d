// The runner role's own verification: DuckDB opens (native bindings present) and which
// load driver this host would use.
import 'server-only';
import { DuckDBInstance } from '@duckdb/node-api';
import { selectLoadDriver } from './load';

export interface SelfCheckReport {
  ok: boolean;
  node: string;
  duckdb: string;
  loadDriver: string;
  error?: string;
}

export async function selfCheck(): Promise<SelfCheckReport> {
  const report: SelfCheckReport = { ok: false, node: process.version, duckdb: '', loadDriver: '' };
  try {
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const rows = (await conn.runAndReadAll('SELECT version() AS v')).getRowObjects();
    report.duckdb = String(rows[0]?.v ?? '');
    conn.closeSync();
    db.closeSync();
    report.loadDriver = await (await selectLoadDriver({})).describe();
    report.ok = report.duckdb.length > 0;
  } catch (err) {
    report.error = (err as Error).message;
  }
  return report;
}
