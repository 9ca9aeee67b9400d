// The controller side of lb's stop file (FORMATS.md §3): <run_dir>/STOP, created by the Stop button,
// the CLI or a user's `touch`. Its existence means stop, and it latches.
import 'server-only';
import { existsSync } from 'node:fs';
import { access, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Waker } from '@/server/events/tail-reader-waker';
import { STOP_FILE } from '@/lib/contract/run-tree';

export interface StopWatcher {
  dispose(): void;
  /** True once onStop has fired. */
  readonly fired: boolean;
}

/**
 * Calls `onStop` once when `stopPath` exists (at once, on the next microtask, if it already does).
 * fs.watch on the directory reacts within milliseconds; the poll covers filesystems where watch
 * is silent and a run directory that does not exist yet.
 */
export function watchStopFile(stopPath: string, onStop: () => void, opts: { pollMs?: number } = {}): StopWatcher {
  const pollMs = opts.pollMs ?? 200;
  const ac = new AbortController();
  const waker = new Waker(ac.signal);
  const name = path.basename(stopPath);
  let fired = false;
  const fire = () => {
    if (fired || ac.signal.aborted) return;
    fired = true;
    ac.abort();
    waker.close();
    try {
      onStop();
    } catch {
      /* the owner's handler reports its own errors */
    }
  };
  // Checked synchronously so that "already there" does not wait for a poll, but fired on a
  // microtask so the caller holds the returned handle before onStop runs.
  if (existsSync(stopPath)) queueMicrotask(fire);
  else
    void (async () => {
      while (!ac.signal.aborted) {
        waker.watch(path.dirname(stopPath), (n) => n === null || n === name);
        if (await exists(stopPath)) return fire();
        await waker.wait(pollMs);
      }
    })();
  return {
    dispose: () => {
      ac.abort();
      waker.close();
    },
    get fired() {
      return fired;
    },
  };
}

async function exists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}

/** Creates <runDir>/STOP. Idempotent: a second stop leaves the first file alone and says so. */
export async function requestStop(
  runDir: string,
  note = 'stop requested by lb-web',
): Promise<{ path: string; created: boolean }> {
  const stopPath = path.join(runDir, STOP_FILE);
  try {
    await writeFile(stopPath, `${note} at ${new Date().toISOString()}\n`, { flag: 'wx' });
    return { path: stopPath, created: true };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return { path: stopPath, created: false };
    // Never create a run directory here: a stop for an unknown run is the caller's mistake.
    if (code === 'ENOENT') {
      throw new Error(`cannot stop: run directory ${runDir} does not exist (check the run id)`, { cause: err });
    }
    throw err;
  }
}
