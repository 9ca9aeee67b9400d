import { describe, expect, it, vi } from 'vitest';
import { arrivalsIn, arrivalsPerTick, coalesceTickMs, LoopDelayMeter, startArrivals } from './arrival-scheduler';

describe('arrivalsIn', () => {
  it('counts i/rate < duration like k6 constant-arrival-rate', () => {
    expect(arrivalsIn(100, 2)).toBe(200);
    expect(arrivalsIn(3, 1.5)).toBe(5);
    expect(arrivalsIn(0, 10)).toBe(0);
    expect(arrivalsIn(0.1, 10)).toBe(1);
  });
});

describe('coalesced ticks', () => {
  it('wakes up at most every 4 ms, with at most 10 arrivals per wake-up while the 1 ms timer allows', () => {
    expect(coalesceTickMs(100)).toBe(4);
    expect(coalesceTickMs(1000)).toBe(4);
    expect(coalesceTickMs(2500)).toBe(4);
    expect(coalesceTickMs(3000)).toBe(3);
    expect(coalesceTickMs(5000)).toBe(2);
    expect(coalesceTickMs(10000)).toBe(1);
    expect(coalesceTickMs(20000)).toBe(1);
    expect(coalesceTickMs(0)).toBe(0);
    expect(arrivalsPerTick(100)).toBe(1);
    expect(arrivalsPerTick(1000)).toBe(4);
    expect(arrivalsPerTick(3000)).toBe(9);
    expect(arrivalsPerTick(5000)).toBe(10);
    expect(arrivalsPerTick(20000)).toBe(20);
  });

  it('starts nothing before it is due, and several arrivals per wake-up', async () => {
    const t0 = performance.now();
    const starts: number[] = [];
    const run = startArrivals([{ rate: 1000, total: 60 }], (_p, seq) => starts.push(performance.now() - t0 - seq), {
      tickMs: 3,
    });
    await run.done;
    expect(starts).toHaveLength(60);
    // Never early (the clock read before t0 was taken allows a few µs).
    for (const early of starts) expect(early).toBeGreaterThanOrEqual(-0.05);
    // Arrivals 1 ms apart, wake-ups at least 3 ms apart: starts come in groups.
    const groups = new Set(starts.map((lag, seq) => Math.round(seq + lag))).size;
    expect(groups).toBeLessThanOrEqual(30);
    expect(run.lagMs.count).toBe(60);
  });

  it('coalesces by default at high rates too: 10 arrivals per wake-up at 5 000/s', async () => {
    const t0 = performance.now();
    const at: number[] = [];
    const run = startArrivals([{ rate: 5000, total: 600 }], () => at.push(performance.now() - t0));
    await run.done;
    expect(at).toHaveLength(600);
    // A wake-up starts its arrivals back to back; a gap of over 0.5 ms is the next wake-up.
    let wakeUps = 1;
    for (let i = 1; i < at.length; i++) if (at[i]! - at[i - 1]! > 0.5) wakeUps++;
    // 120 ms of arrivals, wake-ups 2 ms apart or more: 51–55 measured (a 1 ms tick: 98–99).
    expect(wakeUps).toBeLessThanOrEqual(70);
  });
});

describe('the tick timer', () => {
  it('is re-armed, not created anew, while its delay stays the same', async () => {
    const created = vi.spyOn(globalThis, 'setTimeout');
    try {
      const t0 = performance.now();
      const early: number[] = [];
      const run = startArrivals([{ rate: 1000, total: 90 }], (_p, seq) => early.push(seq - (performance.now() - t0)));
      await run.done;
      expect(early).toHaveLength(90);
      expect(Math.max(...early)).toBeLessThanOrEqual(0.05); // never started before it was due
      // ~30 wake-ups of 3 ms; a new timer only when the delay changes (a late or early wake-up).
      expect(created.mock.calls.length).toBeLessThanOrEqual(12);
    } finally {
      created.mockRestore();
    }
  });
});

describe('LoopDelayMeter', () => {
  it('counts lateness beyond 1 ms, as a mean per wake-up and a share of the wall time', () => {
    const m = new LoopDelayMeter();
    m.take(0);
    for (let i = 0; i < 99; i++) m.add(0.8); // punctual for a 1 ms timer
    m.add(201); // one 200 ms stall
    const r = m.take(250);
    expect(r.meanMs).toBeCloseTo(2);
    expect(r.lateShare).toBeCloseTo(0.8);
    expect(m.take(500)).toEqual({ meanMs: 0, lateShare: 0 });
  });
});

describe('startArrivals', () => {
  it('catches up on lag from elapsed time instead of drifting', async () => {
    let fake = 0;
    const started: Array<[number, number]> = [];
    // The clock jumps 35 ms between reads: every due request must still start, in order.
    const run = startArrivals(
      [
        { rate: 100, total: 10 },
        { rate: 50, total: 3 },
      ],
      (p, i) => started.push([p, i]),
      { now: () => (fake += 35) },
    );
    await run.done;
    expect(started.filter(([p]) => p === 0).map(([, i]) => i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(started.filter(([p]) => p === 1).map(([, i]) => i)).toEqual([0, 1, 2]);
    expect(run.lagMs.count).toBe(13);
  });

  it('keeps real-time starts on schedule and stops at once', async () => {
    const times: number[] = [];
    const t0 = performance.now();
    const run = startArrivals([{ rate: 200, total: 1000 }], () => times.push(performance.now() - t0));
    await new Promise((r) => setTimeout(r, 300));
    run.stop();
    await run.done;
    const n = times.length;
    expect(n).toBeGreaterThanOrEqual(55);
    expect(n).toBeLessThanOrEqual(63);
    expect(run.lagMs.percentile(50)).toBeLessThan(5);
  });
});
