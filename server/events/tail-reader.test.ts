import { appendFile, mkdir, mkdtemp, rename, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readLinesFrom, tailLines, type TailLine, type TruncateInfo } from './tail-reader';

const dir = await mkdtemp(path.join(tmpdir(), 'lbweb-tail-'));
afterAll(() => rm(dir, { recursive: true, force: true }));
let n = 0;
const fresh = () => path.join(dir, `f${++n}.log`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Pulls `count` lines from a running tail, failing after `ms`. */
async function take(it: AsyncGenerator<TailLine>, count: number, ms = 3000): Promise<TailLine[]> {
  const out: TailLine[] = [];
  const deadline = Date.now() + ms;
  while (out.length < count) {
    const next = await Promise.race([
      it.next(),
      sleep(Math.max(0, deadline - Date.now())).then(() => 'timeout' as const),
    ]);
    if (next === 'timeout') throw new Error(`timed out with ${out.length}/${count} lines: ${JSON.stringify(out)}`);
    if (next.done) break;
    out.push(next.value);
  }
  return out;
}

describe('tailLines', () => {
  it('yields complete lines only and keeps a partial line until its newline', async () => {
    const file = fresh();
    await writeFile(file, 'one\ntw');
    const ac = new AbortController();
    const it = tailLines(file, { signal: ac.signal, pollMs: 20 });
    expect(await take(it, 1)).toEqual([{ line: 'one', endOffset: 4 }]);
    const pending = take(it, 2);
    await sleep(60);
    await appendFile(file, 'o\r\nthree\n');
    expect(await pending).toEqual([
      { line: 'two', endOffset: 9 },
      { line: 'three', endOffset: 15 },
    ]);
    ac.abort();
    expect((await it.next()).done).toBe(true);
  });

  it('waits for a file that does not exist yet (nor its directory)', async () => {
    const file = path.join(dir, 'later', 'stream.log');
    const it = tailLines(file, { pollMs: 20 });
    const pending = take(it, 2);
    await sleep(80);
    await mkdir(path.dirname(file));
    await writeFile(file, 'a\nb\n');
    expect((await pending).map((l) => l.line)).toEqual(['a', 'b']);
    await it.return(undefined);
  });

  it('restarts at 0 after truncation and says so', async () => {
    const file = fresh();
    await writeFile(file, 'aaaa\nbbbb\n');
    const truncs: TruncateInfo[] = [];
    const it = tailLines(file, { pollMs: 20, onTruncate: (t) => truncs.push(t) });
    expect((await take(it, 2)).map((l) => l.line)).toEqual(['aaaa', 'bbbb']);
    await truncate(file, 0);
    await sleep(60);
    await appendFile(file, 'new\n');
    expect(await take(it, 1)).toEqual([{ line: 'new', endOffset: 4 }]);
    expect(truncs).toEqual([{ previousOffset: 10, size: expect.any(Number), reason: 'truncated' }]);
    await it.return(undefined);
  });

  it('follows a replaced (rotated or recreated) file from its start', async () => {
    const file = fresh();
    await writeFile(file, 'old-1\nold-2\n');
    const truncs: TruncateInfo[] = [];
    const it = tailLines(file, { pollMs: 20, onTruncate: (t) => truncs.push(t) });
    await take(it, 2);
    await rename(file, `${file}.1`);
    await writeFile(file, 'new-1\nnew-2 is longer than before\n');
    expect((await take(it, 2)).map((l) => l.line)).toEqual(['new-1', 'new-2 is longer than before']);
    await unlink(file);
    await sleep(60);
    await writeFile(file, 'again\n');
    expect((await take(it, 1)).map((l) => l.line)).toEqual(['again']);
    expect(truncs.map((t) => t.reason)).toEqual(['replaced', 'replaced']);
    await it.return(undefined);
  });

  it('resumes from the last endOffset with no gap and no duplicate', async () => {
    const file = fresh();
    const writer = (async () => {
      for (let i = 0; i < 300; i++) {
        await appendFile(file, `line ${i}\n`);
        if (i % 20 === 0) await sleep(5);
      }
    })();
    const seen: string[] = [];
    let offset = 0;
    // Reattach several times mid-stream, as the controller does after a dropped tail or a restart.
    while (seen.length < 300) {
      const ac = new AbortController();
      const it = tailLines(file, { fromOffset: offset, signal: ac.signal, pollMs: 10 });
      for (const l of await take(it, Math.min(37, 300 - seen.length))) {
        seen.push(l.line);
        offset = l.endOffset;
      }
      ac.abort();
      await it.return(undefined);
    }
    await writer;
    expect(seen).toEqual(Array.from({ length: 300 }, (_, i) => `line ${i}`));
  });

  it('decodes multi-byte characters split across read chunks', async () => {
    const file = fresh();
    const lines = ['héllo wörld ✓', '日本語のテキスト', 'emoji 🎉🎉'];
    await writeFile(file, lines.join('\n') + '\n');
    const got: string[] = [];
    for await (const l of tailLines(file, { follow: false, chunkBytes: 5 })) got.push(l.line);
    expect(got).toEqual(lines);
  });

  it("coalescing: a fast writer's lines come once and in order; one after a quiet spell at once", async () => {
    const file = fresh();
    await writeFile(file, '');
    const ac = new AbortController();
    // A poll far longer than the test: only the file's change events wake the reader.
    const it = tailLines(file, { signal: ac.signal, pollMs: 60_000, coalesceMs: 25 });
    const first = take(it, 1);
    await sleep(30);
    const t0 = Date.now();
    await appendFile(file, 'a0\n');
    expect((await first)[0]!.line).toBe('a0');
    expect(Date.now() - t0).toBeLessThan(1000); // after a quiet spell, read at once
    const rest = take(it, 40);
    for (let i = 1; i <= 40; i++) {
      await appendFile(file, `a${i}\n`);
      if (i % 4 === 0) await sleep(1);
    }
    expect((await rest).map((l) => l.line)).toEqual(Array.from({ length: 40 }, (_, i) => `a${i + 1}`));
    ac.abort();
    expect((await it.next()).done).toBe(true);
  });

  it('stops promptly on abort while waiting', async () => {
    const file = fresh();
    await writeFile(file, '');
    const ac = new AbortController();
    const it = tailLines(file, { signal: ac.signal, pollMs: 10_000 });
    const next = it.next();
    await sleep(30);
    const t0 = Date.now();
    ac.abort();
    expect((await next).done).toBe(true);
    expect(Date.now() - t0).toBeLessThan(200);
  });
});

describe('readLinesFrom', () => {
  it('reads complete lines from an offset, a missing file gives none', async () => {
    const file = fresh();
    await writeFile(file, 'a\nbb\nccc');
    expect(await readLinesFrom(file, 0)).toEqual([
      { line: 'a', endOffset: 2 },
      { line: 'bb', endOffset: 5 },
    ]);
    expect(await readLinesFrom(file, 2)).toEqual([{ line: 'bb', endOffset: 5 }]);
    expect(await readLinesFrom(file, 5)).toEqual([]);
    expect(await readLinesFrom(path.join(dir, 'missing'), 0)).toEqual([]);
    let truncated = false;
    expect(await readLinesFrom(file, 100, { onTruncate: () => (truncated = true) })).toHaveLength(2);
    expect(truncated).toBe(true);
  });
});
