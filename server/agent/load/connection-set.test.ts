import { describe, expect, it } from 'vitest';
import { ConnectionSet } from './connection-set';
import type { Http1Connection } from './http1-connection';

// Connections connect only on their first request, so the set's bookkeeping is testable
// offline: here no connection ever finishes its set-up.
const ORIGIN = { host: '127.0.0.1', port: 9, tls: false };
const NO_DONE = () => undefined;

describe('ConnectionSet', () => {
  it('reuses a released connection instead of opening another', () => {
    const set = new ConnectionSet(ORIGIN, NO_DONE, 10, 100);
    const got: Array<Http1Connection | null> = [];
    set.acquire((c) => got.push(c));
    set.release(got[0]!);
    set.acquire((c) => got.push(c));
    expect(got[1]).toBe(got[0]);
    expect(set.opened).toBe(1);
    set.destroy();
  });

  it('sets up at most 4 at once; waiters get released connections in order, then null on destroy', () => {
    const set = new ConnectionSet(ORIGIN, NO_DONE, 10, 100);
    const got: Array<Http1Connection | null> = [];
    for (let i = 0; i < 6; i++) set.acquire((c) => got.push(c));
    expect(set.opened).toBe(4);
    expect(got).toHaveLength(4);
    set.release(got[2]!);
    expect(got[4]).toBe(got[2]);
    set.destroy();
    expect(got[5]).toBeNull();
    set.acquire((c) => got.push(c));
    expect(got[6]).toBeNull();
  });

  it('stops opening at rate × observed service time × 2 (+ one tick of arrivals) and lets requests wait', () => {
    // 100/s × 10 ms × 2 + 1 (one arrival per tick at this rate) = 3 connections.
    const set = new ConnectionSet(ORIGIN, NO_DONE, 100, 100);
    set.observe(10);
    const got: Array<Http1Connection | null> = [];
    for (let i = 0; i < 3; i++) set.acquire((c) => got.push(c));
    expect(set.opened).toBe(3);
    set.acquire((c) => got.push(c));
    expect(set.opened).toBe(3);
    expect(got).toHaveLength(3);
    set.release(got[0]!);
    expect(got[3]).toBe(got[0]);
    set.destroy();
  });

  it('sizes by the median service time of the last period, which a stall barely moves', () => {
    const set = new ConnectionSet(ORIGIN, NO_DONE, 100, 100);
    const t = performance.now();
    set.observe(40, t); // the first response sets the estimate
    for (let i = 0; i < 15; i++) set.observe(10, t + 1);
    for (let i = 0; i < 5; i++) set.observe(1000, t + 2); // a stall: the mean is ~250 ms
    set.observe(10, t + 300); // the period ends: median 10 ms → 100/s × 10 ms × 2 + 1 = 3
    for (let i = 0; i < 5; i++) set.acquire(() => undefined);
    expect(set.opened).toBe(3);
    set.destroy();
  });

  it('never exceeds its cap', () => {
    const set = new ConnectionSet(ORIGIN, NO_DONE, 2, 100);
    for (let i = 0; i < 5; i++) set.acquire(() => undefined);
    expect(set.opened).toBe(2);
    set.destroy();
  });

  it("opens past the Little's-law size only for a waiter still waiting after 100 ms", async () => {
    const set = new ConnectionSet(ORIGIN, NO_DONE, 100, 100);
    set.observe(10); // 100/s × 10 ms × 2 + 1 = 3
    const got: Array<Http1Connection | null> = [];
    for (let i = 0; i < 4; i++) set.acquire((c) => got.push(c));
    await new Promise((r) => setImmediate(r));
    expect(set.opened).toBe(3); // the waiter is fresh: it waits
    await new Promise((r) => setTimeout(r, 130));
    set.acquire((c) => got.push(c)); // an arrival triggers the check, after the loop's I/O
    await new Promise((r) => setImmediate(r));
    expect(set.opened).toBe(4);
    expect(got).toHaveLength(4);
    expect(got[3]).not.toBe(got[0]);
    set.destroy();
  });
});
