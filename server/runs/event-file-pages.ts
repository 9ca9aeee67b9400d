// Reading a part of events.jsonl without reading all of it: the newest events before a byte
// offset (read backwards from there, a chunk at a time), and where a seq's line starts (a
// binary search over byte offsets: lines are in seq order). A page of a 1M-event run costs a
// few dozen small reads, not the file.
import 'server-only';
import { open, type FileHandle } from 'node:fs/promises';
import { parseStoredLine, quickSeq, type StoredEvent } from '@/lib/contract/stored-event';

const CHUNK = 64 * 1024;

const isEnoent = (err: unknown) => (err as NodeJS.ErrnoException | null)?.code === 'ENOENT';

/** Opens the file for reading, or null when it is not there (a run without events yet). */
export async function openEvents(file: string): Promise<FileHandle | null> {
  try {
    return await open(file, 'r');
  } catch (err) {
    if (isEnoent(err)) return null;
    throw err;
  }
}

export interface RawLine {
  line: string;
  /** Byte offset of the line's first byte. */
  start: number;
}

/**
 * The lines that end at or before `end` (a line boundary), newest first. A piece after the
 * last newline before `end` is not a line (a write in progress) and is never yielded.
 */
export async function* linesBackward(fh: FileHandle, end: number): AsyncGenerator<RawLine> {
  let pos = end;
  // Bytes already read that come before the lines yielded so far: the head of a line, and the
  // newline that ends it.
  let carry = Buffer.alloc(0);
  // `end` should be a boundary; if it is not, the bytes after the last newline are cut.
  let seekingBoundary = true;
  while (pos > 0) {
    const from = Math.max(0, pos - CHUNK);
    const buf = Buffer.alloc(pos - from);
    await readFully(fh, buf, from);
    pos = from;
    let block = carry.length ? Buffer.concat([buf, carry]) : buf;
    if (seekingBoundary) {
      const lastNl = block.lastIndexOf(10);
      block = block.subarray(0, lastNl + 1);
      if (lastNl === -1) continue; // all of it is the unfinished piece
      seekingBoundary = false;
    }
    // block[stop] is the newline that ends the line being cut out; yield them newest first.
    let stop = block.length - 1;
    while (stop > 0) {
      const nl = block.lastIndexOf(10, stop - 1);
      if (nl === -1) break;
      if (stop > nl + 1) yield { line: block.toString('utf8', nl + 1, stop), start: from + nl + 1 };
      stop = nl;
    }
    carry = Buffer.from(block.subarray(0, stop + 1));
    if (pos === 0 && stop > 0) yield { line: block.toString('utf8', 0, stop), start: 0 };
  }
}

async function readFully(fh: FileHandle, buf: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < buf.length) {
    const { bytesRead } = await fh.read(buf, done, buf.length - done, position + done);
    if (bytesRead === 0) throw new Error('events file shrank while it was read');
    done += bytesRead;
  }
}

const seqOf = (line: string): number | null => quickSeq(line) ?? parseStoredLine(line)?.seq ?? null;

/** The first line that starts at or after `pos` and carries a seq, or null at the end. */
async function lineFrom(fh: FileHandle, pos: number, size: number): Promise<{ start: number; seq: number } | null> {
  let start = pos;
  if (pos > 0) {
    // A line starts after a newline: find the first one at or after pos - 1.
    const nl = await nextNewline(fh, pos - 1, size);
    if (nl === -1) return null;
    start = nl + 1;
  }
  while (start < size) {
    const nl = await nextNewline(fh, start, size);
    if (nl === -1) return null; // an unfinished last line is no event yet
    const buf = Buffer.alloc(nl - start);
    await readFully(fh, buf, start);
    const seq = seqOf(buf.toString('utf8'));
    if (seq !== null) return { start, seq };
    start = nl + 1;
  }
  return null;
}

async function nextNewline(fh: FileHandle, from: number, size: number): Promise<number> {
  const buf = Buffer.alloc(4096);
  for (let pos = from; pos < size; pos += buf.length) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, size - pos), pos);
    if (bytesRead === 0) return -1;
    const i = buf.subarray(0, bytesRead).indexOf(10);
    if (i !== -1) return pos + i;
  }
  return -1;
}

/** Byte offset where the first event with seq >= `seq` starts (`size` when there is none). */
export async function offsetOfSeq(fh: FileHandle, seq: number, size: number): Promise<number> {
  let lo = 0;
  let hi = size;
  // Smallest pos whose next line has seq >= target (true from some pos on: seqs only grow).
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const line = await lineFrom(fh, mid, size);
    if (line === null || line.seq >= seq) hi = mid;
    else lo = mid + 1;
  }
  return (await lineFrom(fh, lo, size))?.start ?? size;
}

/** Up to `limit` events ending at byte `end`, oldest first, and whether older lines remain. */
export async function eventsBefore(
  fh: FileHandle,
  end: number,
  limit: number,
): Promise<{ events: StoredEvent[]; more: boolean }> {
  const events: StoredEvent[] = [];
  let more = false;
  if (limit <= 0) return { events, more: end > 0 };
  for await (const { line } of linesBackward(fh, end)) {
    if (events.length === limit) {
      more = true;
      break;
    }
    const e = parseStoredLine(line);
    if (e) events.push(e);
  }
  return { events: events.reverse(), more };
}

/** The `limit` events just before `beforeSeq` (seq < beforeSeq), oldest first. */
export async function readEventsPage(
  file: string,
  beforeSeq: number,
  limit: number,
): Promise<{ events: StoredEvent[]; more: boolean }> {
  const fh = await openEvents(file);
  if (!fh) return { events: [], more: false };
  try {
    const { size } = await fh.stat();
    return await eventsBefore(fh, await offsetOfSeq(fh, beforeSeq, size), limit);
  } finally {
    await fh.close();
  }
}
