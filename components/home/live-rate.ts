// The live request rate of a run from its newest metric events: one per runner host (several
// runners share a run's load), the newest of each within a couple of seconds of the newest,
// added up per function.
import type { StoredEvent } from '@/lib/contract/stored-event';
import { metricSample } from '@/lib/run-digest/metric-series';

/** Samples older than this (s) behind the newest belong to another second. */
const SAME_SECOND_S = 2.5;

export interface LiveRate {
  /** Epoch seconds of the newest sample. */
  at: number;
  total: number;
  perFunction: Record<string, number>;
  targets: Record<string, number>;
}

export function liveRate(events: readonly StoredEvent[]): LiveRate | null {
  const byHost = new Map<string, ReturnType<typeof metricSample>>();
  let newest = -Infinity;
  for (let i = events.length - 1; i >= 0 && byHost.size < 16; i--) {
    const e = events[i]!;
    const s = metricSample(e);
    if (!s) continue;
    if (s.at < newest - SAME_SECOND_S) break;
    newest = Math.max(newest, s.at);
    const host = e.host ?? '';
    if (!byHost.has(host)) byHost.set(host, s);
  }
  if (byHost.size === 0) return null;
  const perFunction: Record<string, number> = {};
  const targets: Record<string, number> = {};
  for (const s of byHost.values()) {
    for (const [fn, f] of Object.entries(s!.fns)) {
      perFunction[fn] = (perFunction[fn] ?? 0) + (f.rps ?? 0);
      targets[fn] = (targets[fn] ?? 0) + (f.target ?? 0);
    }
  }
  return { at: newest, total: Object.values(perFunction).reduce((a, b) => a + b, 0), perFunction, targets };
}
