import { describe, expect, it } from 'vitest';
import { sleep } from './sleep';

describe('sleep', () => {
  it('waits about the time asked', async () => {
    const t0 = performance.now();
    await sleep(60);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(55);
  });

  it('ends early when its signal aborts, and at once when already aborted', async () => {
    const ac = new AbortController();
    const t0 = performance.now();
    setTimeout(() => ac.abort(), 20);
    await sleep(10_000, ac.signal);
    expect(performance.now() - t0).toBeLessThan(1000);
    const t1 = performance.now();
    await sleep(10_000, ac.signal);
    expect(performance.now() - t1).toBeLessThan(50);
  });
});
