#!/usr/bin/env node
// lb-web CLI entry. The CLI is TypeScript (shared with the server), so register tsx's
// ESM loader with this checkout's tsconfig (for the `@/` alias, whatever the cwd) and
// import the real entry point.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { register } = await import('tsx/esm/api');
register({ tsconfig: path.join(repoRoot, 'tsconfig.json') });

const { main } = await import(pathToFileURL(path.join(repoRoot, 'server', 'cli', 'main.ts')).href);
process.exitCode = await main(process.argv.slice(2));
