// The only door to files under the output root: a run id that is one plain segment,
// then a path that must stay inside that run's directory (symlinks included).
import 'server-only';
import { constants, type Dirent } from 'node:fs';
import { lstat, open, readdir, realpath, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { isPathInside, PathEscapeError, resolveInsideRoot } from './safe-path';
import { RUN_ID_PATTERN } from '@/lib/contract/run-tree';

// Same rule as RunIdSchema in server/runs/run-dir.ts (kept local so this guard has no
// dependency on the controller).

export class InvalidRunIdError extends Error {
  constructor(readonly runId: string) {
    super(`run id "${runId}" is invalid: use 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit`);
    this.name = 'InvalidRunIdError';
  }
}

export class NotAFileError extends Error {
  constructor(readonly relPath: string) {
    super(`"${relPath}" is not a regular file`);
    this.name = 'NotAFileError';
  }
}

export class NoSuchRunError extends Error {
  constructor(readonly runId: string) {
    super(`run ${runId} not found`);
    this.name = 'NoSuchRunError';
  }
}

export async function runDirectory(outputRoot: string, runId: string): Promise<string> {
  if (!RUN_ID_PATTERN.test(runId)) throw new InvalidRunIdError(runId);
  try {
    return await resolveInsideRoot(outputRoot, [runId]);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new NoSuchRunError(runId);
    throw err;
  }
}

export interface OpenRunFile {
  handle: FileHandle;
  size: number;
  mtime: Date;
  /** Base name, for Content-Disposition. */
  name: string;
}

/** Opens a regular file inside the run directory. The caller owns (and must close) the handle. */
export async function openRunFile(
  outputRoot: string,
  runId: string,
  requested: string | readonly string[],
): Promise<OpenRunFile> {
  const dir = await runDirectory(outputRoot, runId);
  const real = await resolveInsideRoot(dir, requested);
  // O_NOFOLLOW: if a symlink is swapped in after the realpath check, open fails rather than follows it.
  const handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new NotAFileError(typeof requested === 'string' ? requested : requested.join('/'));
    return { handle, size: st.size, mtime: st.mtime, name: path.basename(real) };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

export interface RunFileEntry {
  /** Relative to the run directory, '/'-separated. */
  path: string;
  size: number;
  mtime: string;
}

/**
 * Every regular file under the run directory, sorted by path. Symlinked files are listed
 * only when their target is inside the run directory; symlinked directories are not
 * descended (no loops, no escapes).
 */
export async function listRunFiles(outputRoot: string, runId: string, maxEntries = 10_000): Promise<RunFileEntry[]> {
  const root = await runDirectory(outputRoot, runId);
  const files: RunFileEntry[] = [];
  const pending: string[] = [''];
  while (pending.length > 0 && files.length < maxEntries) {
    const rel = pending.pop() ?? '';
    let entries: Dirent[];
    try {
      entries = await readdir(path.join(root, rel), { withFileTypes: true });
    } catch {
      continue; // removed while we walked (a run still writing): skip, never fail the listing
    }
    for (const entry of entries) {
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      const abs = path.join(root, childRel);
      if (entry.isDirectory()) pending.push(childRel);
      else if (entry.isFile() || entry.isSymbolicLink()) {
        const st = await statInside(root, abs, entry.isSymbolicLink());
        if (st) files.push({ path: childRel, size: st.size, mtime: st.mtime.toISOString() });
      }
      if (files.length >= maxEntries) break;
    }
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function statInside(root: string, abs: string, isLink: boolean) {
  try {
    if (isLink) {
      const target = await realpath(abs);
      if (!isPathInside(root, target)) return null;
      const st = await stat(target);
      return st.isFile() ? st : null;
    }
    return await lstat(abs);
  } catch {
    return null;
  }
}

export { PathEscapeError };
