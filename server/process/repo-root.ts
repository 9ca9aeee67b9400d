// The lb-web checkout that holds server/agent and server/localstack. Found from the
// working directory (not import.meta.url: inside Next's server bundle that points into
// .next/), overridable with LBWEB_REPO_ROOT.
import 'server-only';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

let cached: string | undefined;

export function repoRoot(): string {
  if (cached) return cached;
  const fromEnv = process.env.LBWEB_REPO_ROOT;
  if (fromEnv && existsSync(join(fromEnv, 'server', 'agent', 'main.ts'))) return (cached = fromEnv);
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'lb-web') return (cached = dir);
      } catch {
        /* keep looking */
      }
    }
    if (dirname(dir) === dir)
      throw new Error(`cannot find the lb-web checkout from ${process.cwd()}: set LBWEB_REPO_ROOT`);
  }
}

/**
 * argv prefix running a TypeScript entry point of this repo with this Node and tsx. The tsx
 * loader is given by absolute URL: a bare `--import tsx` resolves from the child's cwd,
 * which for a host is its own directory, not the checkout.
 */
export function tsEntryArgv(relPath: string): string[] {
  // tsx looks for tsconfig.json (our `@/` paths) from the cwd unless told; children inherit this.
  process.env.TSX_TSCONFIG_PATH ??= join(repoRoot(), 'tsconfig.json');
  const loader = pathToFileURL(join(repoRoot(), 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  return [process.execPath, '--import', loader, join(repoRoot(), relPath)];
}
