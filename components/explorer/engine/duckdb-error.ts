// duckdb-wasm 1.32 hands some errors over as DuckDB's JSON error object (parser errors:
// {"exception_type":"Parser","exception_message":"syntax error at or near …"}) and others
// as text ("Binder Error: …"). The explorer shows both the way DuckDB itself prints them.

/** `message` as DuckDB's text ("<Type> Error: <message>"); anything else unchanged. */
export function duckdbErrorText(message: string): string {
  const t = message.trim();
  if (!t.startsWith('{')) return message;
  try {
    const o = JSON.parse(t) as { exception_type?: unknown; exception_message?: unknown };
    if (typeof o.exception_message !== 'string') return message;
    const type = typeof o.exception_type === 'string' ? o.exception_type : '';
    return type ? `${type} Error: ${o.exception_message}` : o.exception_message;
  } catch {
    return message;
  }
}

/** Whatever duckdb-wasm threw, as DuckDB's text. */
export const errorText = (e: unknown): string => duckdbErrorText(e instanceof Error ? e.message : String(e));
