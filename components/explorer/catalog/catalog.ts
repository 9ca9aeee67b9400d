// Catalog of the attached files: tables and views with columns, types and row counts.
// Built from DuckDB's own duckdb_tables()/duckdb_views()/duckdb_columns() (no extension
// needed), then one count(*) per table in a single UNION ALL query.
import type { Cell } from '@/components/explorer/engine/arrow-values';
import { qualifiedName, quoteString } from '@/components/explorer/engine/sql-text';

export interface CatalogColumn {
  name: string;
  type: string;
}
export interface CatalogTable {
  catalog: string;
  schema: string;
  name: string;
  kind: 'table' | 'view';
  rowCount: number | null;
  columns: CatalogColumn[];
}

const inList = (aliases: readonly string[]) => aliases.map(quoteString).join(', ');

export function objectsSql(aliases: readonly string[]): string {
  return `SELECT database_name, schema_name, table_name AS name, 'table' AS kind FROM duckdb_tables() WHERE database_name IN (${inList(aliases)})
UNION ALL
SELECT database_name, schema_name, view_name AS name, 'view' AS kind FROM duckdb_views() WHERE NOT internal AND database_name IN (${inList(aliases)})
ORDER BY 1, 2, 3`;
}

export function columnsSql(aliases: readonly string[]): string {
  return `SELECT database_name, schema_name, table_name, column_name, data_type FROM duckdb_columns()
WHERE database_name IN (${inList(aliases)}) ORDER BY database_name, schema_name, table_name, column_index`;
}

/** One query counting every table; `i` maps the count back to its table. */
export function countsSql(tables: readonly CatalogTable[]): string | null {
  const parts = tables
    .map((t, i) =>
      t.kind === 'table' ? `SELECT ${i} AS i, count(*) AS n FROM ${qualifiedName(t.catalog, t.schema, t.name)}` : null,
    )
    .filter((s): s is string => s !== null);
  return parts.length > 0 ? parts.join('\nUNION ALL\n') : null;
}

const key = (c: unknown, s: unknown, t: unknown) => `${String(c)}\u0000${String(s)}\u0000${String(t)}`;

export function buildCatalog(
  objects: ReadonlyArray<Record<string, Cell>>,
  columns: ReadonlyArray<Record<string, Cell>>,
): CatalogTable[] {
  const cols = new Map<string, CatalogColumn[]>();
  for (const c of columns) {
    const k = key(c.database_name, c.schema_name, c.table_name);
    cols.set(k, [...(cols.get(k) ?? []), { name: String(c.column_name), type: String(c.data_type) }]);
  }
  return objects.map((o) => ({
    catalog: String(o.database_name),
    schema: String(o.schema_name),
    name: String(o.name),
    kind: o.kind === 'view' ? 'view' : 'table',
    rowCount: null,
    columns: cols.get(key(o.database_name, o.schema_name, o.name)) ?? [],
  }));
}

export function withCounts(
  tables: readonly CatalogTable[],
  counts: ReadonlyArray<Record<string, Cell>>,
): CatalogTable[] {
  const byIndex = new Map(counts.map((r) => [Number(r.i), Number(r.n)]));
  return tables.map((t, i) => ({ ...t, rowCount: byIndex.get(i) ?? t.rowCount }));
}

export const previewSql = (t: CatalogTable, limit = 1000) =>
  `SELECT * FROM ${qualifiedName(t.catalog, t.schema, t.name)} LIMIT ${limit};`;

/** CodeMirror lang-sql schema: `{ run: { table: [cols] } }`; `run` is also the default. */
export function completionSchema(tables: readonly CatalogTable[]): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  for (const t of tables) {
    const ns = (out[t.catalog] ??= {});
    ns[t.name] = t.columns.map((c) => c.name);
  }
  return out;
}

export const hasTable = (tables: readonly CatalogTable[], catalog: string, name: string) =>
  tables.find((t) => t.catalog === catalog && t.name === name);
