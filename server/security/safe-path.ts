// Resolve a user-supplied relative path under a root and refuse anything that could
// leave it: `..` (plain or percent-encoded, even twice), absolute paths, NUL,
// backslashes, and symlinks whose real target lies outside the root.
import 'server-only';
import { realpath } from 'node:fs/promises';
import path from 'node:path';

export class PathEscapeError extends Error {
  /** 'escape' → 403 (tries to leave the root); 'invalid' → 400 (not a plain relative path). */
  constructor(
    message: string,
    readonly kind: 'escape' | 'invalid',
  ) {
    super(message);
    this.name = 'PathEscapeError';
  }
}

// Route params arrive decoded once; a client that encodes twice ("%252e%252e") would get
// ".." only after a second decode somewhere downstream, so look at every decoding.
function decodings(segment: string): string[] {
  const forms = [segment];
  let current = segment;
  for (let i = 0; i < 3 && current.includes('%'); i++) {
    try {
      const next = decodeURIComponent(current);
      if (next === current) break;
      forms.push(next);
      current = next;
    } catch {
      break; // a literal '%' that is not an escape: nothing more to decode
    }
  }
  return forms;
}

function checkSegment(segment: string, shown: string): void {
  for (const form of decodings(segment)) {
    if (form.includes('\0')) throw new PathEscapeError(`path "${shown}" contains a NUL byte`, 'invalid');
    if (form.startsWith('/') || form.startsWith('\\') || /^[A-Za-z]:/.test(form)) {
      throw new PathEscapeError(`path "${shown}" is absolute; give a path relative to the run directory`, 'escape');
    }
    const parts = form.split(/[/\\]/);
    if (parts.includes('..')) throw new PathEscapeError(`path "${shown}" contains ".."`, 'escape');
    if (form.includes('\\')) throw new PathEscapeError(`path "${shown}" contains a backslash`, 'invalid');
    if (form === '.' || form === '')
      throw new PathEscapeError(`path "${shown}" has an empty or "." segment`, 'invalid');
    if (form !== segment && form.includes('/')) {
      throw new PathEscapeError(`path "${shown}" contains an encoded "/"`, 'invalid');
    }
  }
}

/** Lexical check only: returns the plain segments of a relative path, or throws PathEscapeError. */
export function relativeSegments(requested: string | readonly string[]): string[] {
  const shown = typeof requested === 'string' ? requested : requested.join('/');
  if (typeof requested === 'string') {
    checkSegment(requested.replace(/\/+$/, ''), shown); // catches absolute and drive paths as a whole
    requested = requested.split('/');
  }
  for (const segment of requested) checkSegment(segment, shown);
  return [...requested];
}

function isInside(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/**
 * The real absolute path of `requested` under `root` (which may itself be a symlink).
 * Throws PathEscapeError for unsafe paths, and the fs error (ENOENT, ENOTDIR…) when
 * the path or the root does not exist. An empty `requested` yields the root itself.
 */
export async function resolveInsideRoot(root: string, requested: string | readonly string[]): Promise<string> {
  const segments = typeof requested === 'string' && requested === '' ? [] : relativeSegments(requested);
  const lexical = path.resolve(root, ...segments);
  if (!isInside(path.resolve(root), lexical)) {
    throw new PathEscapeError(`path "${segments.join('/')}" resolves outside its root`, 'escape');
  }
  const realRoot = await realpath(root);
  const real = await realpath(lexical);
  if (!isInside(realRoot, real)) {
    throw new PathEscapeError(`path "${segments.join('/')}" is a link that leads outside its root`, 'escape');
  }
  return real;
}

export { isInside as isPathInside };
