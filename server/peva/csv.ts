// Minimal RFC 4180 CSV for the PEVA-FAAS output tree (FORMATS.md §5).
// Non-finite numbers are written as `NaN` / `Infinity` / `-Infinity`, what JavaScript prints:
// pandas' read_csv and DuckDB's read_csv both read `NaN` as a missing/NaN double by default
// (lb itself writes lowercase `nan`, which both read the same way).
import 'server-only';

export type CsvValue = string | number | boolean | null | undefined;

/** Quotes a field when it holds a comma, a quote, CR or LF; booleans as 1/0 like lb's flags. */
export function formatCsvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? '1' : '0';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line including its trailing "\n". */
export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(formatCsvField).join(',')}\n`;
}

/** Parses CSV text into rows of fields (quoted fields may span lines). A final newline adds no row. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Rows as objects keyed by the header line. */
export function parseCsvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}
