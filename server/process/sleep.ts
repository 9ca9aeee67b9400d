// The one abortable sleep: resolves after `ms`, or as soon as `signal` aborts (it never
// rejects; a caller that must fail on abort checks `signal.throwIfAborted()` after it).
// Its timer and listener are released either way.
import 'server-only';

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted || ms <= 0) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
