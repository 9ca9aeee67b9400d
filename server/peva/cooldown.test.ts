import { describe, expect, it } from 'vitest';
import { idleCheck, waitForIdle, withinIdleThreshold, type IdleSnapshot } from './cooldown';

const baseline: IdleSnapshot = { cpu: 10, ram: 1e9, ram_pct: 40, power: NaN };
const at = (cpu: number, ram = 1e9, power = NaN): IdleSnapshot => ({ cpu, ram, ram_pct: 40, power });

describe('withinIdleThreshold (lb: value ≤ baseline × (1 + pct/100); NaN counts as idle)', () => {
  it('is relative to the baseline, one-sided, and NaN on either side is idle', () => {
    expect(withinIdleThreshold(11.5, 10, 15)).toBe(true);
    expect(withinIdleThreshold(11.6, 10, 15)).toBe(false);
    expect(withinIdleThreshold(0, 10, 15)).toBe(true);
    expect(withinIdleThreshold(NaN, 10, 15)).toBe(true);
    expect(withinIdleThreshold(50, NaN, 15)).toBe(true);
  });
});

describe('idleCheck', () => {
  it('checks CPU, RAM bytes and power, and every function below 2 replicas, saying what is not idle', () => {
    expect(idleCheck(at(11), baseline, { figlet: 1, env: 0 }, 15).idle).toBe(true);
    const busy = idleCheck(at(20, 2e9), baseline, { figlet: 3, env: 1 }, 15);
    expect(busy.idle).toBe(false);
    expect(busy.reasons.join(' ')).toMatch(/cpu 20\.0.*ram 2000000000.*figlet=3/);
    expect(busy.reasons.join(' ')).not.toContain('env=');
    expect(idleCheck(at(10, 1e9, 9e6), { ...baseline, power: 5e6 }, {}, 15).idle).toBe(false);
  });
});

describe('waitForIdle (lb wait_for_idle)', () => {
  const loop = (snapshots: IdleSnapshot[], max: number, step = 5) => {
    let i = 0;
    return waitForIdle({
      baseline,
      thresholdPct: 15,
      sleepStepSeconds: step,
      maxWaitSeconds: max,
      poll: async () => ({ snapshot: snapshots[Math.min(i++, snapshots.length - 1)]!, replicas: {} }),
      sleep: async () => true,
    });
  };

  it('returns the idle snapshot and the seconds waited (rest_seconds)', async () => {
    expect(await loop([at(50), at(40), at(10)], 180)).toMatchObject({ outcome: 'idle', waitedSeconds: 10, polls: 3 });
  });

  it('times out once it has waited MORE than max_wait (max 10, step 5 → 15 s; max 0 → 5 s)', async () => {
    expect(await loop([at(50)], 10)).toMatchObject({ outcome: 'timeout', waitedSeconds: 15 });
    expect(await loop([at(50)], 0)).toMatchObject({ outcome: 'timeout', waitedSeconds: 5 });
  });

  it('ends at once when the run is stopped during a sleep', async () => {
    const out = await waitForIdle({
      baseline,
      thresholdPct: 15,
      sleepStepSeconds: 5,
      maxWaitSeconds: 180,
      poll: async () => ({ snapshot: at(50), replicas: {} }),
      sleep: async () => false,
    });
    expect(out).toMatchObject({ outcome: 'stopped', waitedSeconds: 0 });
  });
});
