// The explorer works offline and loads nothing from a CDN, so user SQL that would make
// DuckDB download an extension (INSTALL, LOAD, turning autoload back on) is refused with a
// reason instead of being sent — offline such a download can hold the worker until timeout.

/** SQL without comments and with string literals emptied, so keywords inside them don't count. */
export function stripLiterals(sql: string): string {
  return sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/"(?:[^"]|"")*"/g, '""');
}

const EXTENSION_SETTINGS =
  /^(autoinstall_known_extensions|autoload_known_extensions|custom_extension_repository|autoinstall_extension_repository|allow_community_extensions)$/i;

/** Why a statement is refused, or null when it may run. */
export function refusedReason(sql: string): string | null {
  for (const raw of stripLiterals(sql).split(';')) {
    const stmt = raw.trim();
    if (/^(force\s+)?install\b/i.test(stmt) || /^load\b/i.test(stmt)) {
      return 'Extensions are not loaded in the explorer: it runs offline with the DuckDB core bundled in lb-web (json, parquet, httpfs are not available). Read JSON columns as text (payload_json::VARCHAR) instead.';
    }
    const set = /^(set|reset)\s+(?:(?:global|session|local)\s+)?([a-z_]+)\s*(?:=|to)?\s*(.*)$/i.exec(stmt);
    // RESET restores DuckDB's default, which for autoload is "on".
    const turnsOn = set && (/^reset$/i.test(set[1]!) || !/^(false|0)$/i.test(set[3]!.trim()));
    if (set && turnsOn && EXTENSION_SETTINGS.test(set[2]!)) {
      return `${set[2]} stays off in the explorer: DuckDB would download extensions from the internet, which an offline page cannot do (the query would hang until its timeout).`;
    }
  }
  return null;
}
