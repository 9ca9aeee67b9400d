// Follows the agent's stream file on the runner host from a byte offset. Local hosts read
// the file directly; remote hosts run `tail -c +N -F` through the Host (re-attaching after
// a dropped tail resumes from the last complete line's offset: no gap, no duplicate).
import 'server-only';
import type { Host } from '@/server/hosts/host';
import type { LocalHost } from '@/server/hosts/local/local-host';
import { readLinesFrom, tailLines } from '@/server/events/tail-reader';

/**
 * Duck-typed on purpose: Next bundles server modules more than once (route handlers and
 * instrumentation), so `instanceof LocalHost` can be false for a real local host.
 */
function isLocalHost(host: Host): host is LocalHost {
  return host.provider === 'local' && typeof (host as Partial<LocalHost>).hostPath === 'function';
}

/**
 * A fast agent's lines are read a few per wake-up: each read, end-of-file check and wake-up
 * costs the server CPU that, on a shared machine, the run and its viewers need (≤ 4 ms added
 * only to a line written within 4 ms of the previous read).
 */
const TAIL_COALESCE_MS = 4;

export interface TailedLine {
  line: string;
  endOffset: number;
}

export async function* followHostFile(
  host: Host,
  path: string,
  fromOffset: number,
  signal: AbortSignal,
): AsyncGenerator<TailedLine> {
  if (isLocalHost(host)) {
    yield* tailLines(host.hostPath(path), {
      fromOffset,
      signal,
      pollMs: 50,
      follow: true,
      coalesceMs: TAIL_COALESCE_MS,
    });
    return;
  }
  let offset = fromOffset;
  // The last line yielded and where it starts. A transport killed mid-line hands us a torn
  // last line, so a re-attach starts one line back: the same line again is skipped, a longer
  // one (the torn line in full) is yielded.
  let last: { line: string; start: number } | undefined;
  while (!signal.aborted) {
    const start = last ? last.start : offset;
    const argv = ['tail', '-c', `+${start + 1}`, '-F', path];
    let recheck = last;
    let pos = start;
    const queue: string[] = [];
    let wake: (() => void) | undefined;
    const handle = host.stream(argv, {
      signal,
      onStdoutLine: (l) => {
        queue.push(l);
        wake?.();
      },
    });
    let ended = false;
    void handle.exited.then(() => {
      ended = true;
      wake?.();
    });
    while (!signal.aborted && !(ended && queue.length === 0)) {
      if (!queue.length) await new Promise<void>((r) => (wake = r));
      wake = undefined;
      while (queue.length) {
        const line = queue.shift()!;
        const lineStart = pos;
        pos += Buffer.byteLength(line) + 1;
        if (recheck) {
          const same = line === recheck.line;
          recheck = undefined;
          if (same) continue;
        }
        last = { line, start: lineStart };
        offset = pos;
        yield { line, endOffset: pos };
      }
    }
    await handle.stop();
    // Ending the local transport does not end a remote `tail -F` (no TTY, no SIGHUP): end
    // exactly the command we started, matched on its whole command line.
    await host
      .exec(['pkill', '-x', '-f', argv.join(' ').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')], { timeoutMs: 10_000 })
      .catch(() => undefined);
    if (!signal.aborted) await new Promise((r) => setTimeout(r, 1000));
  }
}

/** The rest of the file after `fromOffset`, complete lines only (after the agent has exited). */
export async function drainHostFile(host: Host, path: string, fromOffset: number): Promise<TailedLine[]> {
  if (isLocalHost(host)) return readLinesFrom(host.hostPath(path), fromOffset);
  const r = await host.exec(['tail', '-c', `+${fromOffset + 1}`, path], { timeoutMs: 30_000 });
  if (r.code !== 0) return [];
  const out: TailedLine[] = [];
  let offset = fromOffset;
  const parts = r.stdout.split('\n');
  parts.pop(); // a torn last line stays for the next read
  for (const line of parts) {
    offset += Buffer.byteLength(line) + 1;
    out.push({ line, endOffset: offset });
  }
  return out;
}
