// Reads the catalog of the attached files from DuckDB: objects and columns together, then
// the row counts of the tables found (one query for all of them).
import { rowObjects } from '@/components/explorer/engine/arrow-values';
import type { DuckDbConnector } from '@/components/explorer/engine/duckdb-connector';
import { buildCatalog, columnsSql, countsSql, objectsSql, withCounts, type CatalogTable } from './catalog';

export async function readCatalog(connector: DuckDbConnector, aliases: readonly string[]): Promise<CatalogTable[]> {
  const [objs, cols] = await Promise.all([
    connector.query(objectsSql(aliases)).result,
    connector.query(columnsSql(aliases)).result,
  ]);
  const tables = buildCatalog(rowObjects(objs.columns, objs.rows), rowObjects(cols.columns, cols.rows));
  const sql = countsSql(tables);
  if (!sql) return tables;
  const counts = await connector.query(sql).result;
  return withCounts(tables, rowObjects(counts.columns, counts.rows));
}
