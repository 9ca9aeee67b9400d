// The one polling helper: probe with a backoff (100/250/500/1000 ms by default) raced against
// a deadline, an abort signal and "the process exited before it was ready".
import 'server-only';
import { sleep } from './sleep';

export class WaitTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WaitTimeoutError';
  }
}

export interface WaitForOptions {
  /** What we wait for, used in the timeout message ("Prometheus ready at http://…"). */
  what: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Rejects early when this promise settles (e.g. "process exited before ready"). */
  exited?: Promise<unknown>;
  /** Delays between attempts; the last one repeats. */
  backoffMs?: readonly number[];
  /** An error of the probe that waiting will not heal: rethrown at once instead of retried. */
  isFatal?: (err: unknown) => boolean;
  /** The timeout error's message, given what the last attempt saw (default names `what`). */
  timeoutMessage?: (last: string) => string;
}

/** A probe's answer: done with a value, or not yet (with what it saw, for the timeout message). */
export type Probe<T> = { done: true; value: T } | { done: false; last?: string };

const BACKOFF_MS = [100, 250, 500, 1000];

export async function pollFor<T>(probe: () => Promise<Probe<T>> | Probe<T>, opts: WaitForOptions): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  const backoff = opts.backoffMs ?? BACKOFF_MS;
  let exitedEarly = false;
  void opts.exited?.then(() => (exitedEarly = true));
  let last = 'no answer yet';
  for (let attempt = 0; ; attempt++) {
    if (opts.signal?.aborted) throw new Error(`aborted while waiting for ${opts.what}`);
    try {
      const r = await probe();
      if (r.done) return r.value;
      if (r.last) last = r.last;
    } catch (err) {
      if (opts.isFatal?.(err)) throw err;
      last = err instanceof Error ? err.message : String(err);
    }
    if (exitedEarly) throw new Error(`process exited before ${opts.what}`);
    if (Date.now() >= deadline) {
      throw new WaitTimeoutError(
        opts.timeoutMessage?.(last) ?? `timed out after ${opts.timeoutMs} ms waiting for ${opts.what}`,
      );
    }
    const delay = backoff[Math.min(attempt, backoff.length - 1)] ?? 1000;
    await sleep(Math.min(delay, Math.max(10, deadline - Date.now())), opts.signal);
  }
}

/** Waits until `check` answers true (a throwing check counts as "not yet"). */
export function waitFor(check: () => Promise<boolean> | boolean, opts: WaitForOptions): Promise<void> {
  return pollFor(async () => ((await check()) ? { done: true, value: undefined } : { done: false }), opts);
}
