// Python's csv module as lb uses it (the default "excel" dialect): csv.writer / DictWriter for
// results.csv, skipped.csv, metrics-….csv and the ";"-delimited index.csv, csv.reader /
// DictReader for resuming from index.csv. Cells are Python's str() of the value
// (python-format.ts), so the bytes equal lb's: "\r\n" line ends, QUOTE_MINIMAL, "" for a row
// made of one empty field, True/False, 1.0, nan.
import 'server-only';
import { pyCell, type PyValue } from './python-format';

export type CsvValue = PyValue;

/** Python's csv.Error. */
export class CsvError extends Error {
  override name = 'csv.Error';
}

/** csv.field_size_limit() default. */
export const FIELD_SIZE_LIMIT = 131072;

/** One cell as QUOTE_MINIMAL writes it: quoted when it holds the delimiter, a quote, CR or LF. */
export function formatCsvField(value: CsvValue, delimiter = ','): string {
  const text = pyCell(value);
  let quote = false;
  for (const ch of text) {
    if (ch === delimiter || ch === '"' || ch === '\r' || ch === '\n') {
      quote = true;
      break;
    }
  }
  return quote ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `csv.writer(f, delimiter=…).writerow(values)`: the line with its "\r\n". */
export function csvLine(values: readonly CsvValue[], delimiter = ','): string {
  const cells = values.map((v) => formatCsvField(v, delimiter));
  // A record of a single empty field is written as "" so that it is not read back as no field.
  if (cells.length === 1 && cells[0] === '') return '""\r\n';
  return `${cells.join(delimiter)}\r\n`;
}

/**
 * `csv.DictWriter(f, fieldnames=header).writerow(row)`: missing keys are "" (restval), a key
 * outside the header is an error (extrasaction="raise"), as in lb's `_write_csv`.
 */
export function csvDictLine(
  header: readonly string[],
  row: Readonly<Record<string, CsvValue>>,
  delimiter = ',',
): string {
  const known = new Set(header);
  const extra = Object.keys(row).filter((k) => !known.has(k));
  if (extra.length > 0) {
    throw new Error(`dict contains fields not in fieldnames: ${extra.map((k) => `'${k}'`).join(', ')}`);
  }
  return csvLine(
    header.map((h) => (Object.prototype.hasOwnProperty.call(row, h) ? row[h] : '')),
    delimiter,
  );
}

/** Lines as Python iterates a text file: "\r\n" and "\r" read as "\n" (open() without newline=""). */
function textLines(text: string, universalNewlines: boolean): string[] {
  const t = universalNewlines ? text.replace(/\r\n?/g, '\n') : text;
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < t.length; i++) {
    const ch = t[i]!;
    if (ch === '\n' || (!universalNewlines && ch === '\r')) {
      if (!universalNewlines && ch === '\r' && t[i + 1] === '\n') i++;
      lines.push(t.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < t.length) lines.push(t.slice(start));
  return lines;
}

type State = 'START_RECORD' | 'START_FIELD' | 'IN_FIELD' | 'IN_QUOTED_FIELD' | 'QUOTE_IN_QUOTED_FIELD' | 'EAT_CRNL';

export interface CsvReadOptions {
  delimiter?: string;
  /** Python's text mode without newline="" (how lb opens index.csv). Default true. */
  universalNewlines?: boolean;
  fieldSizeLimit?: number;
}

/**
 * `list(csv.reader(f, delimiter=…))` — CPython's _csv.c state machine for the excel dialect
 * (doublequote, not strict, no escapechar, no skipinitialspace). A blank line is an empty row.
 */
export function readCsvRows(text: string, opts: CsvReadOptions = {}): string[][] {
  const delimiter = opts.delimiter ?? ',';
  const limit = opts.fieldSizeLimit ?? FIELD_SIZE_LIMIT;
  const rows: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let fieldLen = 0;
  let state: State = 'START_RECORD';
  const save = () => {
    fields.push(field);
    field = '';
    fieldLen = 0;
  };
  const add = (ch: string) => {
    if (fieldLen >= limit) throw new CsvError(`field larger than field limit (${limit})`);
    field += ch;
    fieldLen++;
  };
  const EOL = null;
  const step = (c: string | null) => {
    switch (state) {
      case 'START_RECORD':
        if (c === EOL) return;
        if (c === '\n' || c === '\r') {
          state = 'EAT_CRNL';
          return;
        }
        state = 'START_FIELD';
      // falls through
      case 'START_FIELD':
        if (c === '\n' || c === '\r' || c === EOL) {
          save();
          state = c === EOL ? 'START_RECORD' : 'EAT_CRNL';
        } else if (c === '"') state = 'IN_QUOTED_FIELD';
        else if (c === delimiter) save();
        else {
          add(c);
          state = 'IN_FIELD';
        }
        return;
      case 'IN_FIELD':
        if (c === '\n' || c === '\r' || c === EOL) {
          save();
          state = c === EOL ? 'START_RECORD' : 'EAT_CRNL';
        } else if (c === delimiter) {
          save();
          state = 'START_FIELD';
        } else add(c);
        return;
      case 'IN_QUOTED_FIELD':
        if (c === EOL) return;
        if (c === '"') state = 'QUOTE_IN_QUOTED_FIELD';
        else add(c);
        return;
      case 'QUOTE_IN_QUOTED_FIELD':
        if (c === '"') {
          add(c);
          state = 'IN_QUOTED_FIELD';
        } else if (c === delimiter) {
          save();
          state = 'START_FIELD';
        } else if (c === '\n' || c === '\r' || c === EOL) {
          save();
          state = c === EOL ? 'START_RECORD' : 'EAT_CRNL';
        } else {
          add(c);
          state = 'IN_FIELD';
        }
        return;
      case 'EAT_CRNL':
        if (c === '\n' || c === '\r') return;
        if (c === EOL) {
          state = 'START_RECORD';
          return;
        }
        throw new CsvError("new-line character seen in unquoted field - do you need to open the file with newline=''?");
    }
  };
  for (const line of textLines(text, opts.universalNewlines ?? true)) {
    for (const ch of line) step(ch);
    step(EOL);
    if (state === 'START_RECORD') {
      rows.push(fields);
      fields = [];
    }
  }
  // End of input inside a record: csv saves what it has (not strict).
  if (state !== 'START_RECORD' && (fieldLen !== 0 || state === 'IN_QUOTED_FIELD')) {
    save();
    rows.push(fields);
  }
  return rows;
}

/**
 * One row of csv.DictReader: `get(key, default)` as Python's dict.get. Fields past the header
 * are under the rest key (None); a header column the row does not reach is None (restval).
 */
export class CsvDictRow {
  constructor(
    private readonly fieldnames: readonly string[],
    readonly fields: readonly string[],
  ) {}

  /** The value of `key`: the field, null (Python None) when the row is short, `dflt` when no such column. */
  get<D>(key: string, dflt: D): string | null | D {
    const idx = this.fieldnames.lastIndexOf(key);
    if (idx < 0) return dflt;
    return idx < this.fields.length ? this.fields[idx]! : null;
  }

  /** The row as a plain object (later duplicate header names win, as in dict(zip(…))). */
  toRecord(): Record<string, string | null> {
    const out: Record<string, string | null> = {};
    for (const key of this.fieldnames) out[key] = this.get(key, null);
    return out;
  }
}

/** `list(csv.DictReader(f, delimiter=…))`: the first row names the fields, blank rows are skipped. */
export function readCsvDicts(text: string, opts: CsvReadOptions = {}): CsvDictRow[] {
  const [header, ...rows] = readCsvRows(text, opts);
  if (!header) return [];
  return rows.filter((r) => r.length > 0).map((r) => new CsvDictRow(header, r));
}

/** Rows of fields; "\r\n", "\r" and "\n" all end a record. */
export function parseCsv(text: string, delimiter = ','): string[][] {
  return readCsvRows(text, { delimiter });
}

/** Rows as objects keyed by the header line ("" for a missing cell). */
export function parseCsvRecords(text: string, delimiter = ','): Record<string, string>[] {
  return readCsvDicts(text, { delimiter }).map((r) =>
    Object.fromEntries(Object.entries(r.toRecord()).map(([k, v]) => [k, v ?? ''])),
  );
}
