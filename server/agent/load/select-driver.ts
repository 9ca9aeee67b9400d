// Picks the load driver: k6 when configured or on PATH (what lb uses), else the built-in one.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { createBuiltinDriver } from './builtin-driver';
import { createK6Driver } from './k6-driver';
import type { LoadDriver } from './types';

function isExecutableFile(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Absolute path of `cmd` (a bare name looked up on PATH, or a path), or null. */
export function findExecutable(cmd: string, pathEnv = process.env.PATH ?? ''): string | null {
  if (cmd.includes('/')) {
    const p = isAbsolute(cmd) ? cmd : resolve(cmd);
    return isExecutableFile(p) ? p : null;
  }
  for (const dir of pathEnv.split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, cmd);
    if (isExecutableFile(p)) return p;
  }
  return null;
}

export async function selectLoadDriver(opts: { k6Path?: string | null; prefer?: 'k6' | 'builtin' } = {}): Promise<LoadDriver> {
  if (opts.prefer === 'builtin') return createBuiltinDriver();
  if (opts.k6Path) {
    const found = findExecutable(opts.k6Path);
    // A configured path that does not work is a mistake to report, not to paper over.
    if (!found) throw new Error(`k6 not found at "${opts.k6Path}": fix the k6 path, install k6, or choose the built-in driver`);
    return createK6Driver(found);
  }
  const onPath = findExecutable('k6');
  if (onPath) return createK6Driver(onPath);
  if (opts.prefer === 'k6') throw new Error('k6 is not on PATH: install k6 (Grafana apt repository or tarball), set its path, or choose the built-in driver');
  return createBuiltinDriver();
}
