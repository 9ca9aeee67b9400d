import { describe, expect, it } from 'vitest';
import { emptyProgress, etaSeconds } from './progress';

describe('time left of a run', () => {
  it('is the pace so far times the configurations left', () => {
    const p = { ...emptyProgress(10), configs_done: 3, configs_skipped: 1 };
    expect(etaSeconds(p, 120)).toBe(180);
  });

  it('is unknown before the first configuration ends, and nothing once all are handled', () => {
    expect(etaSeconds(emptyProgress(4), 60)).toBeNull();
    expect(etaSeconds({ ...emptyProgress(2), configs_done: 1, configs_failed: 1 }, 60)).toBeNull();
    expect(etaSeconds(null, 60)).toBeNull();
    expect(etaSeconds({ ...emptyProgress(2), configs_done: 1 }, null)).toBeNull();
  });
});
