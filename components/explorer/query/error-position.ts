// Where in the SQL a DuckDB error points: DuckDB prints the offending line and a caret under it
//   Parser Error: syntax error at or near "FORM"
//   LINE 1: SELECT 1 FORM t
//                    ^
// (a long line shown cut, with "..." around the part it kept). The editor underlines that
// token. Null when the message has no caret or its line cannot be found in the SQL.
export interface ErrorRange {
  from: number;
  to: number;
}

const CARET = /LINE (\d+): (.*)\r?\n( *)\^/;

export function errorPosition(sql: string, message: string): ErrorRange | null {
  const m = CARET.exec(message);
  if (!m) return null;
  const lineNo = Number(m[1]);
  let snippet = m[2]!;
  let col = m[3]!.length - `LINE ${m[1]}: `.length;
  const lines = sql.split('\n');
  const line = lines[lineNo - 1];
  if (line === undefined || col < 0) return null;
  if (snippet.startsWith('...')) {
    snippet = snippet.slice(3);
    col -= 3;
  }
  snippet = snippet.replace(/\.\.\.$/, '');
  const at = line.indexOf(snippet.slice(0, Math.max(1, Math.min(snippet.length, 40))));
  if (at < 0 || col < 0 || col > line.length - at) return null;
  const lineStart = lines.slice(0, lineNo - 1).reduce((n, l) => n + l.length + 1, 0);
  const from = lineStart + at + col;
  const token = /^[A-Za-z0-9_"'.]+/.exec(sql.slice(from))?.[0].length ?? 1;
  return { from, to: Math.min(sql.length, from + Math.max(1, token)) };
}
