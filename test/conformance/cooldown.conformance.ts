// lb's services/cooldown.py against server/peva/cooldown.ts. lb's threshold is relative
// (value ≤ baseline × (1 + pct/100)) on CPU, RAM bytes and power; lb-web's is absolute
// points on CPU and RAM %. The wait loop is replayed with lb-web's decision per poll, as
// server/agent/cooldown-wait.ts does (decide, then sleep one step).
import { describe, it } from 'vitest';
import { cooldownDecision, withinIdleThreshold, type CooldownDecision } from '@/server/peva/cooldown';
import { casesOf, Diffs, expectSame, loadFixture, title } from './support/fixtures';

const file = loadFixture('cooldown');

interface Snapshot {
  cpu: number;
  ram: number;
  ram_pct: number;
  power: number;
}
const sample = (s: Snapshot) => ({ cpu: s.cpu, ramPct: s.ram_pct });

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
      const d = cooldownDecision({
        baseline: sample(c.input.baseline),
        current: sample(c.input.current),
        replicas: c.input.replicas,
        idleThresholdPct: c.input.idle_threshold_pct,
        elapsedS: 0,
        maxWaitS: Number.MAX_SAFE_INTEGER,
      });
      expectSame(d.reason === 'idle', c.expected, `idle (ours: ${d.detail})`);
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
    it(title(c), () => {
      const inp = c.input;
      let decision: CooldownDecision | undefined;
      let polls = 0;
      for (; polls < 10_000 && !decision?.done; polls++) {
        const poll = inp.polls[Math.min(polls, inp.polls.length - 1)]!;
        const replicas = Object.fromEntries(inp.functions.map((f) => [f, poll.replicas[f] ?? 0]));
        decision = cooldownDecision({
          baseline: sample(inp.baseline),
          current: sample(poll.snapshot),
          replicas,
          idleThresholdPct: inp.idle_threshold_pct,
          elapsedS: polls * inp.sleep_step_seconds,
          maxWaitS: inp.max_wait_seconds,
        });
      }
      const waited = (polls - 1) * inp.sleep_step_seconds;
      const diffs = new Diffs();
      diffs.check(decision?.reason, c.expected.outcome, 'outcome');
      diffs.check(waited, c.expected.waited_seconds, 'waited seconds');
      if (c.expected.outcome === 'idle') diffs.check(polls, c.expected.iterations, 'polls');
      diffs.assert();
    });
  }
});
