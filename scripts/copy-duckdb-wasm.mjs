// Copies the duckdb-wasm bundles (34–39 MB each) from node_modules into public/duckdb/
// so the explorer loads them from our own origin, never a CDN. The copies are git-ignored.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'node_modules', '@duckdb', 'duckdb-wasm', 'dist');
const target = join(root, 'public', 'duckdb');
const files = [
  'duckdb-mvp.wasm',
  'duckdb-eh.wasm',
  'duckdb-coi.wasm',
  'duckdb-browser-mvp.worker.js',
  'duckdb-browser-eh.worker.js',
  // The multi-threaded bundle, used only on a cross-origin-isolated page (LBWEB_EXPLORER_THREADS).
  'duckdb-browser-coi.worker.js',
  'duckdb-browser-coi.pthread.worker.js',
];

if (!existsSync(dist)) {
  console.warn(`copy-duckdb-wasm: ${dist} not found; skipping (run npm install)`);
  process.exit(0);
}
mkdirSync(target, { recursive: true });
for (const file of files) copyFileSync(join(dist, file), join(target, file));
console.log(`copy-duckdb-wasm: ${files.length} files -> public/duckdb/`);
