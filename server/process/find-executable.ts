// "which": the one lookup of executables (k6, prometheus, multipass, …) on PATH plus the
// directories a service manager's PATH may lack (/usr/sbin, /snap/bin).
import 'server-only';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

export function isExecutableFile(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

export interface FindExecutableOptions {
  pathEnv?: string;
  extraDirs?: readonly string[];
}

/** Absolute path of the first of `names` found (a name with a `/` is taken as a path), or null. */
export function findExecutable(names: string | readonly string[], opts: FindExecutableOptions = {}): string | null {
  const dirs = [
    ...(opts.pathEnv ?? process.env.PATH ?? '').split(delimiter).filter(Boolean),
    ...(opts.extraDirs ?? []),
  ];
  for (const name of typeof names === 'string' ? [names] : names) {
    if (name.includes('/')) {
      const p = isAbsolute(name) ? name : resolve(name);
      if (isExecutableFile(p)) return p;
      continue;
    }
    for (const dir of dirs) {
      const p = join(dir, name);
      if (isExecutableFile(p)) return p;
    }
  }
  return null;
}
