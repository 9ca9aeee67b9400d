// One hub per run for the whole server process. Cached on globalThis so that Next's dev hot reload,
// which re-evaluates modules, does not open a second hub (two writers would hand out the same seq).
import 'server-only';
import path from 'node:path';
import { RunEventHub, type HubOptions } from './event-hub';
import { digestTracker } from './run-digest-store';

interface HubRegistry {
  hubs: Map<string, Promise<RunEventHub>>;
}

const KEY = Symbol.for('lb-web.event-hub-registry');
const g = globalThis as typeof globalThis & { [KEY]?: HubRegistry };
const registry: HubRegistry = (g[KEY] ??= { hubs: new Map() });

/**
 * The run's hub, opened on first use (concurrent callers share one open). A run found finished
 * after a server restart should be `end()`ed by the caller so that its streams terminate.
 */
export function getHub(runId: string, eventsPath: string, opts: HubOptions = {}): Promise<RunEventHub> {
  // Keyed by the file, not the id: two output roots may hold runs of the same id.
  const key = path.resolve(eventsPath);
  let hub = registry.hubs.get(key);
  if (!hub) {
    // The run's digest (series.json) follows every append, so the run page never rebuilds it.
    hub = RunEventHub.open(eventsPath, {
      runId,
      onAppended: (events, range) => digestTracker(eventsPath).appended(events, range),
      ...opts,
    });
    registry.hubs.set(key, hub);
    // A failed open is not cached: the next caller retries.
    hub.catch(() => {
      if (registry.hubs.get(key) === hub) registry.hubs.delete(key);
    });
  }
  return hub;
}

export function peekHub(eventsPath: string): Promise<RunEventHub> | undefined {
  return registry.hubs.get(path.resolve(eventsPath));
}

/** Closes the run's hub (ending its streams) and forgets it. */
export async function closeHub(eventsPath: string): Promise<void> {
  const key = path.resolve(eventsPath);
  const hub = registry.hubs.get(key);
  registry.hubs.delete(key);
  await (await hub?.catch(() => undefined))?.close();
}

/** SSE subscribers across every open hub (for /metrics). */
export async function subscriberCount(): Promise<number> {
  const hubs = await Promise.allSettled([...registry.hubs.values()]);
  return hubs.reduce((n, h) => n + (h.status === 'fulfilled' ? h.value.stats().subscribers : 0), 0);
}
