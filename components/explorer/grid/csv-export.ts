// RFC 4180 CSV of a result grid (in its current sort order), for download. Numbers keep
// full precision; NaN/Infinity are written as DuckDB prints them so a re-import keeps them.

export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s: string;
  if (typeof value === 'number') {
    s = Number.isNaN(value) ? 'nan' : value === Infinity ? 'inf' : value === -Infinity ? '-inf' : String(value);
  } else if (typeof value === 'string') s = value;
  else if (value instanceof Date) s = value.toISOString();
  else if (typeof value === 'object') s = JSON.stringify(value);
  else s = String(value);
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV text with a header row; `order` lists row indices to emit (default: all, as given). */
export function toCsv(
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  order?: readonly number[],
): string {
  const lines: string[] = [columns.map(csvField).join(',')];
  const emit = (row: readonly unknown[] | undefined) => {
    if (row) lines.push(columns.map((_, c) => csvField(row[c])).join(','));
  };
  if (order) for (const i of order) emit(rows[i]);
  else for (const row of rows) emit(row);
  return lines.join('\r\n') + '\r\n';
}
