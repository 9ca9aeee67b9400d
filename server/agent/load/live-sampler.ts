// Per-second live samples during a load, aligned to its start: each timer is re-armed from the
// clock (t0 + k s), not from the last tick, so samples do not drift over a long window.
import 'server-only';
import type { LiveWindows } from './live-windows';
import type { LiveSample } from './types';

export class LiveSampler {
  #windowStart: number;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly live: LiveWindows,
    private readonly t0: number,
    private readonly startEpoch: number,
    private readonly onSample: ((s: LiveSample) => void) | undefined,
  ) {
    this.#windowStart = t0;
    if (onSample) this.#arm(1);
  }

  /** Stops the ticks and emits the last partial window when it is long enough to mean something. */
  finish(now: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    if (this.onSample && now - this.#windowStart > 50) this.#emit(now);
  }

  /** Stops the ticks without a last sample. */
  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer);
  }

  #emit(now: number): void {
    const s = this.live.flush(this.startEpoch + (now - this.t0) / 1000, (now - this.#windowStart) / 1000);
    this.#windowStart = now;
    try {
      this.onSample?.(s);
    } catch {
      /* a failing listener must not break the load */
    }
  }

  #arm(k: number): void {
    this.#timer = setTimeout(
      () => {
        this.#emit(performance.now());
        this.#arm(k + 1);
      },
      this.t0 + k * 1000 - performance.now(),
    );
  }
}
