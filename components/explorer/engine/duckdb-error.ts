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

/** A JSON function or operator without the json extension (which cannot be installed offline). */
const NEEDS_JSON = /json extension|INSTALL json|json_extract|->>?|payload_json/i;

export const JSON_HINT =
  "JSON functions need DuckDB's json extension, which this page cannot download (it loads nothing from " +
  'the network). The results inside payload_json are in the table peva_results instead — one row per ' +
  'configuration × iteration × function: SELECT * FROM peva_results (peva_results_cmp for the second file).';

/** DuckDB's text, with what to do instead when the query needed the json extension. */
export function explainError(text: string): string {
  return /extension/i.test(text) && NEEDS_JSON.test(text) ? `${text}\n\n${JSON_HINT}` : text;
}

/** Whatever duckdb-wasm threw, as DuckDB's text (and the way out when it needed JSON functions). */
export const errorText = (e: unknown): string =>
  explainError(duckdbErrorText(e instanceof Error ? e.message : String(e)));
