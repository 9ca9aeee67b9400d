// Run ids, the run output tree (contracts §5) and path resolution that never leaves the output root.
import { existsSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

export const RunIdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
    'run id must be 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit',
  );
export type RunId = z.infer<typeof RunIdSchema>;

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * `run-YYYYMMDD-HHMMSS` in UTC (lb's format). Two runs started in the same second get `-2`, `-3`…
 * `taken` is the output root (checked on disk) or a callback saying whether an id is in use.
 */
export function newRunId(now: Date = new Date(), taken?: string | ((id: string) => boolean)): string {
  const base =
    `run-${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}` +
    `-${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
  const isTaken =
    typeof taken === 'string' ? (id: string) => existsSync(path.join(taken, id)) : (taken ?? (() => false));
  if (!isTaken(base)) return base;
  for (let n = 2; ; n++) {
    const id = `${base}-${n}`;
    if (!isTaken(id)) return id;
  }
}

export interface RunPaths {
  dir: string;
  journal: string;
  events: string;
  runLog: string;
  stop: string;
  hostDir(host: string): string;
  pevaDir(host: string): string;
  memoryFile(host: string): string;
}

// Host names land in paths: the same rule as run ids keeps them one plain segment.
const HostSegmentSchema = RunIdSchema;

export function runPaths(outputRoot: string, runId: string): RunPaths {
  const id = RunIdSchema.parse(runId);
  const dir = path.resolve(outputRoot, id);
  const host = (h: string) => HostSegmentSchema.parse(h);
  return {
    dir,
    journal: path.join(dir, 'run_journal.json'),
    events: path.join(dir, 'events.jsonl'),
    runLog: path.join(dir, 'run.log'),
    stop: path.join(dir, 'STOP'),
    hostDir: (h) => path.join(dir, host(h)),
    pevaDir: (h) => path.join(dir, host(h), 'peva_faas'),
    memoryFile: (h) => path.join(dir, 'memory', host(h), 'peva_faas.duckdb'),
  };
}

export class PathEscapeError extends Error {
  constructor(
    readonly requested: string,
    readonly reason: string,
  ) {
    super(`path "${requested}" is not allowed: ${reason}`);
    this.name = 'PathEscapeError';
  }
}

function checkSegments(requested: string | readonly string[]): string[] {
  const shown = typeof requested === 'string' ? requested : requested.join('/');
  if (typeof requested === 'string' && (path.isAbsolute(requested) || requested.startsWith('/')))
    throw new PathEscapeError(shown, 'absolute paths are refused; give a path relative to the output root');
  const segments = typeof requested === 'string' ? requested.split('/') : [...requested];
  for (const seg of segments) {
    if (seg.startsWith('/')) throw new PathEscapeError(shown, 'absolute paths are refused');
    if (seg.includes('\0')) throw new PathEscapeError(shown, 'NUL byte in path');
    if (seg.includes('\\')) throw new PathEscapeError(shown, 'backslash in path');
    if (seg === '..') throw new PathEscapeError(shown, '".." segment');
    // Callers decode once; a segment that still decodes to ".." or a separator was encoded twice.
    let decoded = seg;
    try {
      decoded = decodeURIComponent(seg);
    } catch {
      /* not percent-encoded: taken literally */
    }
    if (decoded === '..' || decoded.includes('/') || decoded.includes('\\'))
      throw new PathEscapeError(shown, 'encoded ".." or separator');
  }
  return segments.filter((s) => s !== '' && s !== '.');
}

function isInside(root: string, target: string): boolean {
  return target === root || target.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/**
 * Resolves `requested` (a relative path or decoded segments) inside `root` and returns its real path.
 * Throws PathEscapeError for `..`, absolute paths, NUL/backslash and symlinks that lead outside;
 * a missing target rejects with the fs error (ENOENT) unless `allowMissing`, in which case the
 * deepest existing ancestor is the one checked for symlink escape.
 */
export async function resolveInsideRoot(
  root: string,
  requested: string | readonly string[],
  opts: { allowMissing?: boolean } = {},
): Promise<string> {
  const shown = typeof requested === 'string' ? requested : requested.join('/');
  const segments = checkSegments(requested);
  const realRoot = await realpath(root);
  const lexical = path.resolve(realRoot, ...segments);
  if (!isInside(realRoot, lexical)) throw new PathEscapeError(shown, 'outside the output root');
  let real: string;
  try {
    real = await realpath(lexical);
  } catch (err) {
    if (!opts.allowMissing || (err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    real = await realMissing(lexical);
  }
  if (!isInside(realRoot, real)) throw new PathEscapeError(shown, 'a symlink leads outside the output root');
  return real;
}

async function realMissing(lexical: string): Promise<string> {
  const tail: string[] = [];
  let cur = lexical;
  for (;;) {
    try {
      return path.join(await realpath(cur), ...tail.reverse());
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      const parent = path.dirname(cur);
      if (parent === cur) throw err;
      tail.push(path.basename(cur));
      cur = parent;
    }
  }
}
