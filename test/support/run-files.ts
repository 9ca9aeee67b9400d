// Reading a run directory the way the tests and benches check it, and the config they run.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredEvent } from '@/lib/contract/stored-event';

/** The complete lines of `<dir>/events.jsonl` (the hub may be mid-write of the last one); [] before it exists. */
export function readStoredEvents(dir: string): StoredEvent[] {
  const file = join(dir, 'events.jsonl');
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  return text
    .slice(0, text.lastIndexOf('\n') + 1)
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as StoredEvent);
}

/** seq runs 1, 2, 3… with no gap and no duplicate: the list of seqs that break it ([] when sound). */
export function seqBreaks(events: readonly StoredEvent[]): number[] {
  return events.filter((e, i) => e.seq !== i + 1).map((e) => e.seq);
}

/** One configuration of 1 min at 5 req/s on a fresh memory: a run to stop while it loads. */
export const STOPPABLE_RUN_CONFIG = {
  functions: [{ name: 'figlet' }],
  rate_strategy: { type: 'custom', rates: [5] },
  duration: '1m',
  iterations: 1,
  cooldown: { max_wait_seconds: 30, sleep_step_seconds: 1, idle_threshold_pct: 100 },
  memory: { fresh: true },
};

/**
 * The agent's stream against what the run stored from it: the end offset of every LB_EVENT line
 * of `<dir>/<host>/agent/events.stream` (collected), and the `src_offset` of each stored event
 * of that host. Equal lists mean every line arrived exactly once, in order.
 */
export function streamDelivery(dir: string, host: string): { lineEnds: number[]; stored: (number | undefined)[] } {
  const stream = readFileSync(join(dir, host, 'agent', 'events.stream'), 'utf8');
  const lineEnds: number[] = [];
  let off = 0;
  for (const line of stream.split('\n').slice(0, -1)) {
    off += Buffer.byteLength(line) + 1;
    if (line.includes('LB_EVENT')) lineEnds.push(off);
  }
  const stored = readStoredEvents(dir)
    .filter((e) => e.host === host)
    .map((e) => (e as { src_offset?: number }).src_offset);
  return { lineEnds, stored };
}

/**
 * A config whose every configuration runs on a busy 2-core test machine: lb skips a
 * configuration whose cooldown times out or that an overloaded one dominates, and lb's CPU rule
 * (percent of ONE core) trips at once there. So: a cooldown that waits up to 30 s for noise to
 * pass, and overload limits nothing reaches (CPU in percent of all cores).
 */
export function everyConfigRuns(rates: number[], duration = '3s', iterations = 1) {
  return {
    functions: [{ name: 'figlet' }],
    rate_strategy: { type: 'custom', rates },
    duration,
    iterations,
    cooldown: { max_wait_seconds: 30, sleep_step_seconds: 1, idle_threshold_pct: 100 },
    memory: { fresh: true },
    overload: {
      cpu_unit: 'node_capacity',
      cpu_overload_pct_of_capacity: 100,
      ram_overload_pct: 100,
      success_rate_node_min: 0,
      success_rate_function_min: 0,
      replicas_overload_threshold: 1000,
    },
  };
}
