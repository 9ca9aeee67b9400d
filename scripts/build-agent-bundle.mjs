#!/usr/bin/env node
// Bundles the runner agent (server/agent/main.ts and everything it imports) into one ESM
// file for a remote runner host that has Node but not this checkout:
//   node scripts/build-agent-bundle.mjs --out <dir>
// Writes <dir>/agent.mjs and <dir>/package.json. `@duckdb/node-api` stays external: it
// ships native bindings per architecture, so the runner setup installs it (pinned exactly,
// from package.json here) and npm picks the VM's own prebuilt binding.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EXTERNAL = ['@duckdb/node-api'];

const { values } = parseArgs({ options: { out: { type: 'string' } }, strict: true });
if (!values.out) {
  process.stderr.write('usage: node scripts/build-agent-bundle.mjs --out <dir>\n');
  process.exit(2);
}
const outDir = path.resolve(values.out);
mkdirSync(outDir, { recursive: true });

const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const dependencies = Object.fromEntries(EXTERNAL.map((name) => [name, pkg.dependencies?.[name]]));
for (const [name, version] of Object.entries(dependencies)) {
  // An exact pin: `^1.5.0` would not match DuckDB's `-r.N` tags (FORMATS.md §10).
  if (!version || !/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(version)) {
    process.stderr.write(
      `build-agent-bundle: ${name} must be pinned exactly in package.json (found ${version ?? 'nothing'})\n`,
    );
    process.exit(1);
  }
}

const result = await build({
  absWorkingDir: root,
  entryPoints: [path.join(root, 'server', 'agent', 'main.ts')],
  outfile: path.join(outDir, 'agent.mjs'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external: EXTERNAL,
  tsconfig: path.join(root, 'tsconfig.json'),
  // Bundled CommonJS dependencies may call require(); ESM output has none of its own.
  banner: {
    js: "import { createRequire as __lbwebCreateRequire } from 'node:module';\nconst require = __lbwebCreateRequire(import.meta.url);",
  },
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
});

writeFileSync(
  path.join(outDir, 'package.json'),
  `${JSON.stringify({ name: 'lb-web-agent', version: pkg.version, private: true, type: 'module', main: 'agent.mjs', dependencies }, null, 2)}\n`,
);
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
process.stdout.write(
  `agent bundle: ${path.join(outDir, 'agent.mjs')} (${Math.round(bytes / 1024)} KiB; external: ${EXTERNAL.join(', ')})\n`,
);
