// Wakes a waiting file follower on fs.watch events, on a poll timer and on abort.
// fs.watch alone is not enough: it misses events on some filesystems (NFS, overlay, bind mounts)
// and cannot watch a path that does not exist yet, so a poll timer always backs it up.
import 'server-only';
import { watch, type FSWatcher } from 'node:fs';

export class Waker {
  #pending = false;
  #resolve: (() => void) | null = null;
  #timer: NodeJS.Timeout | null = null;
  #watcher: FSWatcher | null = null;
  #watching: string | null = null;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort = () => this.kick();

  constructor(signal?: AbortSignal) {
    this.#signal = signal;
    signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  /**
   * Watches `target` (a file, or a directory to see a file appear). `filter` receives the changed
   * name for directory watches. A failure to watch is silent: polling still wakes us.
   */
  watch(target: string, filter?: (name: string | null) => boolean): void {
    if (this.#watching === target) return;
    this.unwatch();
    try {
      this.#watcher = watch(target, { persistent: false }, (_event, name) => {
        if (!filter || filter(name === null ? null : String(name))) this.kick();
      });
      this.#watcher.on('error', () => this.unwatch());
      this.#watching = target;
    } catch {
      this.#watcher = null;
    }
  }

  unwatch(): void {
    this.#watcher?.close();
    this.#watcher = null;
    this.#watching = null;
  }

  /** Wakes the current wait, or the next one if nobody waits (so a change is never lost). */
  kick(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const resolve = this.#resolve;
    this.#resolve = null;
    if (resolve) resolve();
    else this.#pending = true;
  }

  /** Resolves on the next change, after `pollMs`, or at once when aborted or already kicked. */
  wait(pollMs: number): Promise<void> {
    if (this.#pending || this.#signal?.aborted) {
      this.#pending = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      this.#resolve = resolve;
      this.#timer = setTimeout(() => this.kick(), pollMs);
    });
  }

  close(): void {
    this.unwatch();
    this.#signal?.removeEventListener('abort', this.#onAbort);
    this.kick();
    this.#pending = false;
  }
}
