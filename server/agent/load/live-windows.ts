// Per-second live figures (rps, success, p50/p95/p99 of that second) plus cumulative totals,
// shared by both drivers: the built-in one feeds responses, the k6 one feeds JSON points. Each
// window's latencies go to an HDR histogram that is reset, not reallocated, every second.
import 'server-only';
import { LatencyRecorder } from './latency-recorder';
import type { LiveFunctionSample, LiveSample } from './types';

export interface Window {
  ok: number;
  errors: number;
  latency: LatencyRecorder;
  totalRequests: number;
  totalErrors: number;
}

export class LiveWindows {
  private readonly windows = new Map<string, Window>();

  /** Functions listed here appear in every sample, with zeros when idle. */
  constructor(names: readonly string[]) {
    for (const n of names) this.ensure(n);
  }

  record(name: string, ok: boolean, latencyMs: number): void {
    recordIn(this.ensure(name), ok, latencyMs);
  }

  /**
   * A function's window, for a caller that records every response of it (the built-in
   * driver): recordIn() on it saves the lookup by name per response.
   */
  windowOf(name: string): Window {
    return this.ensure(name);
  }

  /** Closes the current window (which lasted `windowS` seconds) and starts the next. */
  flush(t: number, windowS = 1): LiveSample {
    const functions: Record<string, LiveFunctionSample> = {};
    for (const [name, w] of this.windows) {
      const n = w.ok + w.errors;
      const [p50, p95, p99] = w.latency.percentiles([50, 95, 99]) as [number, number, number];
      functions[name] = {
        rps: windowS > 0 ? n / windowS : n,
        successRate: n > 0 ? w.ok / n : NaN,
        p50,
        p95,
        p99,
        requests: w.totalRequests,
        errors: w.totalErrors,
      };
      w.ok = 0;
      w.errors = 0;
      w.latency.reset();
    }
    return { t, windowS, functions };
  }

  private ensure(name: string): Window {
    let w = this.windows.get(name);
    if (!w) {
      w = { ok: 0, errors: 0, latency: new LatencyRecorder(), totalRequests: 0, totalErrors: 0 };
      this.windows.set(name, w);
    }
    return w;
  }
}

/** Records one response in a function's window. */
export function recordIn(w: Window, ok: boolean, latencyMs: number): void {
  if (ok) w.ok++;
  else w.errors++;
  w.latency.add(latencyMs);
  w.totalRequests++;
  if (!ok) w.totalErrors++;
}
