import { describe, expect, it } from 'vitest';
import { CUT_STEP, DEFAULT_FILTER, matchesFilter, summarizeEvent, visibleEvents } from './event-filter';
import { ev, metricEv } from '@/test/support/run-events';

describe('event filter', () => {
  const events = [
    ev(1, { level: 'DEBUG', type: 'log', message: 'debug detail' }),
    ev(2, { message: 'controller state: running_workloads', host: 'controller' }),
    ev(3, { level: 'WARNING', type: 'log', message: 'cooldown slow' }),
    ev(4, { level: 'ERROR', status: 'failed', message: 'config failed', config_id: 'deadbeef0001' }),
    metricEv(5, 100, { figlet: { rps: 10, successRate: 0.5, p50: 3, p95: 7 } }),
  ];

  it('filters by minimum level', () => {
    const f = { ...DEFAULT_FILTER, minLevel: 'WARNING' as const };
    expect(events.filter((e) => matchesFilter(e, f)).map((e) => e.seq)).toEqual([3, 4]);
  });

  it('filters by type and searches text case-insensitively (incl. config ids and metric summaries)', () => {
    expect(events.filter((e) => matchesFilter(e, { ...DEFAULT_FILTER, type: 'metric' })).map((e) => e.seq)).toEqual([
      5,
    ]);
    expect(events.filter((e) => matchesFilter(e, { ...DEFAULT_FILTER, search: 'DEADBEEF' })).map((e) => e.seq)).toEqual(
      [4],
    );
    expect(events.filter((e) => matchesFilter(e, { ...DEFAULT_FILTER, search: 'figlet' })).map((e) => e.seq)).toEqual([
      5,
    ]);
    expect(
      events.filter((e) => matchesFilter(e, { ...DEFAULT_FILTER, search: 'controller' })).map((e) => e.seq),
    ).toEqual([2]);
  });

  it('returns the newest rows up to a limit, oldest first, with the match count', () => {
    // Unfiltered, the cut falls on a multiple of CUT_STEP seqs: seqs 1–5 are one step.
    expect(visibleEvents(events, DEFAULT_FILTER, 2)).toEqual({ rows: events, matched: 5 });
    const tail = Array.from({ length: 6 }, (_, i) => ev(2 * CUT_STEP - 3 + i, {}));
    // 997 998 999 | 1000 1001 1002: the newest 2 are past the cut at 1000, which joins them.
    expect(visibleEvents(tail, DEFAULT_FILTER, 2).rows.map((e) => e.seq)).toEqual([1000, 1001, 1002]);
    expect(visibleEvents(tail, DEFAULT_FILTER, 3).rows.map((e) => e.seq)).toEqual([1000, 1001, 1002]);
    expect(visibleEvents(tail, DEFAULT_FILTER, 4).rows.map((e) => e.seq)).toEqual([997, 998, 999, 1000, 1001, 1002]);
    // Only the first `count` events (the log grew while a render was in flight).
    expect(visibleEvents(tail, DEFAULT_FILTER, 2, 5).rows.map((e) => e.seq)).toEqual([1000, 1001]);
    const r = visibleEvents(events, { ...DEFAULT_FILTER, minLevel: 'INFO' }, 2);
    expect(r.rows.map((e) => e.seq)).toEqual([4, 5]);
    expect(r.matched).toBe(4);
  });

  it('summarizes metric samples and tags config/iteration', () => {
    expect(summarizeEvent(events[4]!)).toBe('figlet: 10.0 req/s, 50.0% ok, p50 3.0 ms, p95 7.0 ms');
    expect(summarizeEvent(ev(6, { message: 'load', config_id: 'abc', iteration: 2 }))).toBe('load (abc iter 2)');
  });

  it('handles 10k events quickly', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ev(i + 1, { message: `line ${i}` }));
    const t0 = performance.now();
    const r = visibleEvents(many, { ...DEFAULT_FILTER, search: 'line 99' }, 500);
    expect(r.matched).toBe(111);
    expect(performance.now() - t0).toBeLessThan(500);
  });
});
