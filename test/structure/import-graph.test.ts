// Structure rules that lint cannot see: every server module is marked server-only, and no
// production module exists only for tests (each is reachable from a real entry point).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const CODE = /\.(ts|tsx|mjs)$/;
const isTest = (f: string) => /\.(test|int\.test|e2e)\.ts$/.test(f);
const isDeclaration = (f: string) => /\.d\.(ts|mts)$/.test(f);

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(root, dir))) {
    const rel = path.join(dir, name);
    if (statSync(path.join(root, rel)).isDirectory()) out.push(...walk(rel));
    else if (CODE.test(name)) out.push(rel);
  }
  return out;
}

const production = ['app', 'components', 'lib', 'server'].flatMap(walk).filter((f) => !isTest(f) && !isDeclaration(f));

const SPECIFIER =
  /(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]|new URL\(\s*['"](\.[^'"]+)['"]\s*,\s*import\.meta\.url/g;

function resolveSpecifier(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith('@/')) base = spec.slice(2);
  else if (spec.startsWith('.')) base = path.join(path.dirname(from), spec);
  else return null; // a package
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}.mjs`, path.join(base, 'index.ts')]) {
    try {
      if (statSync(path.join(root, candidate)).isFile()) return path.normalize(candidate);
    } catch {
      /* try the next */
    }
  }
  return null;
}

function importsOf(file: string): string[] {
  const text = readFileSync(path.join(root, file), 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(SPECIFIER)) {
    const resolved = resolveSpecifier(file, m[1] ?? m[2]!);
    if (resolved) out.push(resolved);
  }
  return out;
}

/** What runs in production: Next's app tree and hooks, the CLI, and the programs it spawns by path. */
const ENTRIES = [
  ...walk('app').filter((f) => !isTest(f)),
  'proxy.ts',
  'instrumentation.ts',
  'server/cli/main.ts', // bin/lb-web.mjs
  'server/agent/main.ts', // spawned: tsEntryArgv('server/agent/main.ts'), and bundled for remote runners
  'server/localstack/main.ts', // spawned: tsEntryArgv('server/localstack/main.ts')
  'server/http/main.ts', // spawned: httpServerArgv() by `lb-web serve` and the e2e suite
];

describe('structure', () => {
  it('every server module starts with import "server-only"', () => {
    const unmarked = production
      .filter((f) => f.startsWith('server/') && f.endsWith('.ts'))
      .filter((f) => !/^import 'server-only';$/m.test(readFileSync(path.join(root, f), 'utf8')));
    expect(unmarked).toEqual([]);
  });

  it('no module under server/, components/ or lib/ is imported only by tests', () => {
    const reached = new Set<string>();
    const queue = [...ENTRIES];
    while (queue.length) {
      const f = queue.pop()!;
      if (reached.has(f)) continue;
      reached.add(f);
      queue.push(...importsOf(f));
    }
    expect(production.filter((f) => !reached.has(f))).toEqual([]);
  });
});
