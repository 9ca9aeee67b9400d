// Readiness polling with a 100/250/500/1000 ms backoff raced against a deadline.
import 'server-only';
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
}

const BACKOFF_MS = [100, 250, 500, 1000];

export async function waitFor(check: () => Promise<boolean> | boolean, opts: WaitForOptions): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let exitedEarly = false;
  void opts.exited?.then(() => (exitedEarly = true));
  for (let attempt = 0; ; attempt++) {
    if (opts.signal?.aborted) throw new Error(`aborted while waiting for ${opts.what}`);
    try {
      if (await check()) return;
    } catch {
      /* not ready yet */
    }
    if (exitedEarly) throw new Error(`process exited before ${opts.what}`);
    if (Date.now() >= deadline)
      throw new WaitTimeoutError(`timed out after ${opts.timeoutMs} ms waiting for ${opts.what}`);
    const delay = Math.min(BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)]!, Math.max(10, deadline - Date.now()));
    await new Promise((r) => setTimeout(r, delay));
  }
}
