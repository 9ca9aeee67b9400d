import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTER, ROW_GROUP, matchesFilter, rowGroups, summarizeEvent, visibleEvents } from './event-filter';
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
    // Unfiltered, the oldest row's seq group stays whole: seqs 1–5 are one group.
    expect(visibleEvents(events, DEFAULT_FILTER, 2)).toEqual({ rows: events, matched: 5 });
    const tail = Array.from({ length: 6 }, (_, i) => ev(2 * ROW_GROUP - 3 + i, {}));
    // 97 98 99 | 100 101 102: the newest 2 are in group 2, whose first row (100) joins them.
    expect(visibleEvents(tail, DEFAULT_FILTER, 2).rows.map((e) => e.seq)).toEqual([100, 101, 102]);
    expect(visibleEvents(tail, DEFAULT_FILTER, 3).rows.map((e) => e.seq)).toEqual([100, 101, 102]);
    expect(visibleEvents(tail, DEFAULT_FILTER, 4).rows.map((e) => e.seq)).toEqual([97, 98, 99, 100, 101, 102]);
    const r = visibleEvents(events, { ...DEFAULT_FILTER, minLevel: 'INFO' }, 2);
    expect(r.rows.map((e) => e.seq)).toEqual([4, 5]);
    expect(r.matched).toBe(4);
  });

  it('cuts rows into groups at every multiple of ROW_GROUP seqs, gaps allowed', () => {
    const seqs = [48, 49, 50, 51, 149, 150, 400];
    const groups = rowGroups(seqs.map((s) => ev(s, {})));
    expect(groups.map((g) => [g.key, g.rows.map((e) => e.seq)])).toEqual([
      [0, [48, 49]],
      [1, [50, 51]],
      [2, [149]],
      [3, [150]],
      [8, [400]],
    ]);
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
