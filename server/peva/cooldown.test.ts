import { describe, expect, it } from 'vitest';
import { cooldownDecision, withinIdleThreshold } from './cooldown';

const base = {
  baseline: { cpu: 10, ramPct: 40 },
  replicas: { figlet: 1 },
  idleThresholdPct: 15,
  elapsedS: 5,
  maxWaitS: 180,
};

describe('cooldownDecision', () => {
  it('is idle when cpu and ram are within the threshold and replicas < 2', () => {
    const d = cooldownDecision({ ...base, current: { cpu: 25, ramPct: 55 } });
    expect(d).toMatchObject({ done: true, reason: 'idle' });
  });
  it('waits while cpu is above baseline + threshold points, and says why', () => {
    const d = cooldownDecision({ ...base, current: { cpu: 25.5, ramPct: 40 } });
    expect(d).toMatchObject({ done: false, reason: 'waiting' });
    expect(d.detail).toContain('cpu 25.5');
  });
  it('waits while a function still has 2+ replicas', () => {
    const d = cooldownDecision({ ...base, current: { cpu: 10, ramPct: 40 }, replicas: { figlet: 3, env: 1 } });
    expect(d.reason).toBe('waiting');
    expect(d.detail).toContain('figlet=3');
    expect(d.detail).not.toContain('env=');
  });
  it('times out at max wait', () => {
    const d = cooldownDecision({ ...base, current: { cpu: 90, ramPct: 40 }, elapsedS: 180 });
    expect(d).toMatchObject({ done: true, reason: 'timeout' });
    expect(d.detail).toContain('max 180s');
  });
  it('a NaN current value is not idle unless the baseline is NaN too', () => {
    expect(cooldownDecision({ ...base, current: { cpu: NaN, ramPct: 40 } }).reason).toBe('waiting');
    expect(
      cooldownDecision({ ...base, baseline: { cpu: NaN, ramPct: 40 }, current: { cpu: NaN, ramPct: 40 } }).reason,
    ).toBe('idle');
  });
  it('below baseline counts as idle', () => {
    expect(withinIdleThreshold(0, 30, 15)).toBe(true);
    expect(withinIdleThreshold(45, 30, 15)).toBe(true);
    expect(withinIdleThreshold(45.1, 30, 15)).toBe(false);
  });
});
