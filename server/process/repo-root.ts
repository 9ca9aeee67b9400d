// The lb-web checkout that holds server/agent and server/localstack. Found from the
// working directory (not import.meta.url: inside Next's server bundle that points into
// .next/), overridable with LBWEB_REPO_ROOT.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

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
    if (dirname(dir) === dir) throw new Error(`cannot find the lb-web checkout from ${process.cwd()}: set LBWEB_REPO_ROOT`);
  }
}

/** argv prefix running a TypeScript entry point of this repo with this Node and tsx. */
export function tsEntryArgv(relPath: string): string[] {
  return [process.execPath, '--import', 'tsx', join(repoRoot(), relPath)];
}
