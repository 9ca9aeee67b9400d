// SQL quoting for names that come from files (table and column names, file names):
// the explorer builds preview and catalog queries from them.

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
export const quoteString = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** `catalog.schema.table`, schema omitted when it is `main` (shorter previews). */
export function qualifiedName(catalog: string, schema: string, table: string): string {
  const parts = schema === 'main' ? [catalog, table] : [catalog, schema, table];
  return parts.map((p) => (/^[a-z_][a-z0-9_]*$/.test(p) ? p : quoteIdent(p))).join('.');
}

/** A file name safe inside DuckDB's virtual file system (letters, digits, dot, dash). */
export function virtualFileName(prefix: string, original: string, n: number): string {
  const base =
    original
      .replace(/^.*[\\/]/, '')
      .replace(/[^A-Za-z0-9._-]/g, '_')
      .slice(-60) || 'file';
  return `${prefix}-${n}-${base}`;
}
