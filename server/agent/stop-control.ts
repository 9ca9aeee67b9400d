// The agent's stop: the latched <lb_workdir>/STOP file (polled every 200 ms, within the
// 250 ms the contract asks) or SIGTERM/SIGINT, both ending in one AbortSignal.
import 'server-only';
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { STOP_FILE } from '@/lib/contract/run-tree';

export class StopControl {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  reason: string | undefined;

  constructor(
    readonly lbWorkdir: string,
    private readonly pollMs = 200,
  ) {}

  get stopFile(): string {
    return join(this.lbWorkdir, STOP_FILE);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get stopped(): boolean {
    return this.controller.signal.aborted;
  }

  /** A STOP left by an earlier run must not stop this one (one newer than `before` must). */
  removeStale(before?: number): boolean {
    if (!existsSync(this.stopFile)) return false;
    if (before !== undefined && statSync(this.stopFile).mtimeMs / 1000 >= before) return false;
    rmSync(this.stopFile, { force: true });
    return true;
  }

  start(): void {
    this.timer = setInterval(() => {
      if (existsSync(this.stopFile)) this.stop(`stop file ${this.stopFile}`);
    }, this.pollMs);
    this.timer.unref();
  }

  stop(reason: string): void {
    if (this.stopped) return;
    this.reason = reason;
    this.controller.abort(new Error(reason));
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
