// Picks the load driver: k6 when configured or on PATH (what lb uses), else the built-in one.
import 'server-only';
import { findExecutable } from '@/server/process/find-executable';
import { createBuiltinDriver } from './builtin-driver';
import { createK6Driver } from './k6-driver';
import type { LoadDriver } from './types';

export { findExecutable };

export async function selectLoadDriver(
  opts: { k6Path?: string | null; prefer?: 'k6' | 'builtin'; k6GraceMs?: number } = {},
): Promise<LoadDriver> {
  const k6 = (path: string) => createK6Driver(path, { graceMs: opts.k6GraceMs });
  if (opts.prefer === 'builtin') return createBuiltinDriver();
  if (opts.k6Path) {
    const found = findExecutable(opts.k6Path);
    // A configured path that does not work is a mistake to report, not to paper over.
    if (!found)
      throw new Error(`k6 not found at "${opts.k6Path}": fix the k6 path, install k6, or choose the built-in driver`);
    return k6(found);
  }
  const onPath = findExecutable('k6');
  if (onPath) return k6(onPath);
  if (opts.prefer === 'k6')
    throw new Error(
      'k6 is not on PATH: install k6 (Grafana apt repository or tarball), set its path, or choose the built-in driver',
    );
  return createBuiltinDriver();
}
