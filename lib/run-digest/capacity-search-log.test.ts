import { describe, expect, it } from 'vitest';
import type { SearchLine, SearchState } from '@/lib/contract/capacity-search';
import { ev } from '@/test/support/run-events';
import { CapacitySearchLog } from './capacity-search-log';
import { RunDigest } from './run-digest';

const RATES = Array.from({ length: 20 }, (_, i) => (i + 1) * 10);
const line = (over: Partial<SearchLine>): SearchLine => ({
  line: 'cpu-burn|',
  function: 'cpu-burn',
  fixed: '',
  rates: RATES,
  tried: [],
  capacity: null,
  failsAt: null,
  bracketed: false,
  ...over,
});
const policyEv = (seq: number, search: SearchState | unknown) =>
  ev(seq, {
    type: 'log',
    phase: 'policy',
    message: 'chose …',
    data: { policy: 'lb_web.policies:CapacitySearch', reason: 'capacity search …', search },
  });
const pass = (rate: number) => ({ rate, verdict: 'passed' as const, reason: 'met every limit' });
const fail = (rate: number) => ({ rate, verdict: 'failed' as const, reason: 'p95 612 ms > 400 ms' });

/** The events a search of cpu-burn with capacity 120 emits (as the agent's loop does). */
const searchEvents = () => [
  policyEv(3, { lines: [line({})], probe: { line: 'cpu-burn|', rate: 100 }, done: false }),
  policyEv(9, {
    lines: [line({ tried: [pass(100)], capacity: 100 })],
    probe: { line: 'cpu-burn|', rate: 150 },
    done: false,
  }),
  policyEv(15, {
    lines: [line({ tried: [pass(100), fail(150)], capacity: 100, failsAt: 150 })],
    probe: { line: 'cpu-burn|', rate: 120 },
    done: false,
  }),
  policyEv(21, {
    lines: [line({ tried: [pass(100), fail(150), pass(120)], capacity: 120, failsAt: 150 })],
    probe: { line: 'cpu-burn|', rate: 130 },
    done: false,
  }),
  policyEv(27, {
    lines: [
      line({ tried: [pass(100), fail(150), pass(120), fail(130)], capacity: 120, failsAt: 130, bracketed: true }),
    ],
    probe: null,
    done: true,
  }),
];

describe('CapacitySearchLog', () => {
  it('keeps the latest state and the bracket after each verdict (the search narrowing)', () => {
    const log = new CapacitySearchLog();
    expect(log.toState()).toBeNull();
    const [first, ...rest] = searchEvents();
    expect(log.add(first!)).toBe(true);
    expect(log.snapshotAt(1)).toMatchObject({ probe: { rate: 100 }, done: false, lines: [{ steps: [] }] });
    for (const e of rest) log.add(e);
    expect(log.snapshotAt(1)!.lines[0]!.steps).toEqual([]); // the same version: the copy made then
    const s = log.snapshotAt(2)!;
    expect(s.policy).toBe('lb_web.policies:CapacitySearch');
    expect(s.done).toBe(true);
    expect(s.probe).toBeNull();
    expect(s.lines[0]).toMatchObject({ capacity: 120, failsAt: 130, bracketed: true });
    expect(s.lines[0]!.steps.map((st) => [st.rate, st.verdict, st.capacity, st.failsAt])).toEqual([
      [100, 'passed', 100, null],
      [150, 'failed', 100, 150],
      [120, 'passed', 120, 150],
      [130, 'failed', 120, 130],
    ]);
  });

  it('ignores other events and a policy event without a valid search (another policy, a malformed one)', () => {
    const log = new CapacitySearchLog();
    expect(log.add(ev(1, { type: 'log', phase: 'policy', data: { policy: 'policies.mine:P', reason: 'x' } }))).toBe(
      false,
    );
    expect(log.add(policyEv(2, { lines: 'nope' }))).toBe(false);
    expect(log.add(ev(3, { type: 'log', phase: 'result', data: { search: { lines: [] } } }))).toBe(false);
    expect(log.toState()).toBeNull();
  });

  it('is part of the run digest and survives its state round trip (series.json, the browser seed)', () => {
    const events = searchEvents();
    const whole = new RunDigest();
    for (const e of events) whole.add(e);
    const resumed = new RunDigest();
    for (const e of events.slice(0, 2)) resumed.add(e);
    const carried = new RunDigest(JSON.parse(JSON.stringify(resumed.toState())));
    for (const e of events.slice(2)) carried.add(e);
    expect(carried.toState().search).toEqual(whole.toState().search);
    expect(whole.toState().search?.lines[0]?.steps).toHaveLength(4);
    expect(new RunDigest().toState().search).toBeNull();
  });
});
