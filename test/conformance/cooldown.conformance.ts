// lb's services/cooldown.py against server/peva/cooldown.ts: the relative threshold on CPU,
// RAM bytes and power (NaN idle), replicas < 2, and the wait loop (waitForIdle, fed lb's polls
// with a sleep that returns at once).
import { describe, it } from 'vitest';
import { idleCheck, waitForIdle, withinIdleThreshold } from '@/server/peva/cooldown';
import { casesOf, Diffs, expectSame, loadFixture, title } from './support/fixtures';

const file = loadFixture('cooldown');

interface Snapshot {
  cpu: number;
  ram: number;
  ram_pct: number;
  power: number;
}

describe('cooldown: threshold', () => {
  type In = { value: number; baseline: number; idle_threshold_pct: number };
  for (const c of casesOf<In, boolean>(file, 'within_threshold')) {
    it(title(c), () => {
      const { value, baseline, idle_threshold_pct: pct } = c.input;
      expectSame(withinIdleThreshold(value, baseline, pct), c.expected, `within(${value}, ${baseline}, ${pct} %)`);
    });
  }
});

describe('cooldown: idle decision', () => {
  type In = { baseline: Snapshot; current: Snapshot; replicas: Record<string, number>; idle_threshold_pct: number };
  for (const c of casesOf<In, boolean>(file, 'is_idle')) {
    it(title(c), () => {
      const d = idleCheck(c.input.current, c.input.baseline, c.input.replicas, c.input.idle_threshold_pct);
      expectSame(d.idle, c.expected, `idle (ours: ${d.reasons.join('; ') || 'idle'})`);
    });
  }
});

describe('cooldown: wait loop', () => {
  interface In {
    baseline: Snapshot;
    polls: Array<{ snapshot: Snapshot; replicas: Record<string, number> }>;
    functions: string[];
    idle_threshold_pct: number;
    sleep_step_seconds: number;
    max_wait_seconds: number;
  }
  type Lb =
    { outcome: 'idle'; waited_seconds: number; iterations: number } | { outcome: 'timeout'; waited_seconds: number };
  for (const c of casesOf<In, Lb>(file, 'wait_for_idle')) {
    it(title(c), async () => {
      const inp = c.input;
      let polls = 0;
      const out = await waitForIdle({
        baseline: inp.baseline,
        thresholdPct: inp.idle_threshold_pct,
        sleepStepSeconds: inp.sleep_step_seconds,
        maxWaitSeconds: inp.max_wait_seconds,
        poll: async () => {
          const poll = inp.polls[Math.min(polls++, inp.polls.length - 1)]!;
          return {
            snapshot: poll.snapshot,
            replicas: Object.fromEntries(inp.functions.map((f) => [f, poll.replicas[f] ?? 0])),
          };
        },
        sleep: async () => true,
      });
      const diffs = new Diffs();
      diffs.check(out.outcome, c.expected.outcome, 'outcome');
      diffs.check(out.waitedSeconds, c.expected.waited_seconds, 'waited seconds');
      if (c.expected.outcome === 'idle') diffs.check(out.polls, c.expected.iterations, 'polls');
      diffs.assert();
    });
  }
});
