// Follows a growing text file line by line, resumable by byte offset (like `tail -F` from an offset).
// Only complete lines are yielded: a writer's partial last line waits for its newline, so a reader
// resuming from the last `endOffset` gets every line exactly once.
import 'server-only';
import { open, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Waker } from './tail-reader-waker';

export interface TailLine {
  /** The line without its "\n" (and without a trailing "\r"). */
  line: string;
  /** Byte offset just after this line's newline: resume from here. */
  endOffset: number;
}

export interface TruncateInfo {
  /** Where we were when the file shrank or was replaced. */
  previousOffset: number;
  size: number;
  reason: 'truncated' | 'replaced';
}

export interface TailOptions {
  fromOffset?: number;
  signal?: AbortSignal;
  pollMs?: number;
  /** false: read to the current end and return (a missing file yields nothing). */
  follow?: boolean;
  /** Called when the file shrank below our offset or was replaced; reading restarts at 0. */
  onTruncate?: (info: TruncateInfo) => void;
  chunkBytes?: number;
  /**
   * Following: after reading new lines, the next read waits at least this long, so a writer
   * appending a line every ms is read a few lines per wake-up (and file system call) instead of
   * one; a line written after a quiet spell is still read at once. 0 (default): no pause.
   */
  coalesceMs?: number;
}

const isEnoent = (err: unknown) => (err as NodeJS.ErrnoException | null)?.code === 'ENOENT';

export async function* tailLines(file: string, opts: TailOptions = {}): AsyncGenerator<TailLine> {
  const { signal, pollMs = 100, follow = true, onTruncate, coalesceMs = 0 } = opts;
  let offset = Math.max(0, opts.fromOffset ?? 0);
  const waker = new Waker(signal);
  const base = path.basename(file);
  const buf = Buffer.allocUnsafe(opts.chunkBytes ?? 64 * 1024);
  let fh: FileHandle | null = null;
  let ino = -1;
  // Set when the file vanished or its inode changed: the next file is new content from byte 0
  // (an inode number can be reused by a recreated file, so it alone cannot tell).
  let replaced = false;
  // Bytes after the last newline, already read (they start at `offset`).
  let partial: Buffer[] = [];
  let partialLen = 0;
  const restart = (info: TruncateInfo) => {
    offset = 0;
    partial = [];
    partialLen = 0;
    onTruncate?.(info);
  };
  try {
    while (!signal?.aborted) {
      if (!fh) {
        try {
          fh = await open(file, 'r');
        } catch (err) {
          if (!isEnoent(err) || !follow) {
            if (isEnoent(err)) return;
            throw err;
          }
          // Not there yet: watch its directory for it to appear (polling covers a missing dir).
          waker.watch(path.dirname(file), (name) => name === null || name === base);
          await waker.wait(pollMs);
          continue;
        }
        const st = await fh.stat();
        if (replaced || (ino !== -1 && st.ino !== ino))
          restart({ previousOffset: offset, size: st.size, reason: 'replaced' });
        replaced = false;
        ino = st.ino;
        if (st.size < offset + partialLen) restart({ previousOffset: offset, size: st.size, reason: 'truncated' });
        if (follow) waker.watch(file);
      }
      const readPos = offset + partialLen;
      const { bytesRead } = await fh.read(buf, 0, buf.length, readPos);
      if (bytesRead > 0) {
        let start = 0;
        for (let nl = buf.indexOf(10, 0); nl !== -1 && nl < bytesRead; nl = buf.indexOf(10, start)) {
          const piece = buf.subarray(start, nl);
          const lineBuf = partialLen ? Buffer.concat([...partial, piece]) : piece;
          partial = [];
          partialLen = 0;
          start = nl + 1;
          offset = readPos + start;
          const text = lineBuf.toString('utf8');
          yield { line: text.endsWith('\r') ? text.slice(0, -1) : text, endOffset: offset };
        }
        if (start < bytesRead) {
          // Copy: `buf` is reused by the next read.
          partial.push(Buffer.from(buf.subarray(start, bytesRead)));
          partialLen += bytesRead - start;
        }
        // A short read reached the end: following, wait for more (below) without a read that
        // would only find the end again.
        if (bytesRead === buf.length || !follow) continue;
        if (coalesceMs > 0) await sleep(coalesceMs, undefined, { signal }).catch(() => undefined);
      }
      if (!follow) return;
      await waker.wait(pollMs);
      if (signal?.aborted) return;
      // At EOF: has the file shrunk, been replaced (rotation) or removed since we opened it?
      let st: Awaited<ReturnType<typeof stat>> | null;
      try {
        st = await stat(file);
      } catch (err) {
        if (!isEnoent(err)) throw err;
        st = null;
      }
      if (!st || st.ino !== ino) {
        // Removed or rotated: reopen by path (reported as replaced) once it is there.
        await fh.close();
        fh = null;
        replaced = true;
        waker.unwatch();
      } else if (st.size < offset + partialLen) {
        restart({ previousOffset: offset, size: st.size, reason: 'truncated' });
      }
    }
  } finally {
    waker.close();
    await fh?.close();
  }
}

/**
 * One-shot read of the complete lines from `offset` to the current end of the file (a missing file
 * gives none). Resume from the last line's endOffset (or `offset` when none came back).
 */
export async function readLinesFrom(
  file: string,
  offset = 0,
  opts: Pick<TailOptions, 'onTruncate' | 'signal'> = {},
): Promise<TailLine[]> {
  const lines: TailLine[] = [];
  for await (const l of tailLines(file, { ...opts, fromOffset: offset, follow: false })) lines.push(l);
  return lines;
}
