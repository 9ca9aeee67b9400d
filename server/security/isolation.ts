// Cross-origin isolation for the explorer's multi-threaded DuckDB build (LBWEB_EXPLORER_THREADS=1):
// SharedArrayBuffer needs COOP/COEP on the page, and Chromium also requires COEP on the scripts
// of the workers it starts. Everything the explorer loads is same-origin, so require-corp
// blocks nothing of ours.
import 'server-only';

const ISOLATED: ReadonlyArray<readonly [string, string]> = [
  ['cross-origin-opener-policy', 'same-origin'],
  ['cross-origin-embedder-policy', 'require-corp'],
];

export function isolationHeaders(pathname: string, enabled: boolean): ReadonlyArray<readonly [string, string]> {
  if (!enabled) return [];
  return pathname === '/explore' || pathname.startsWith('/duckdb/') ? ISOLATED : [];
}
