import { describe, expect, it } from 'vitest';
import { ACTIVE_STATE, comparePair, filterRuns, NO_FILTER, type FilterableRun } from './runs-filter';

const run = (runId: string, over: Partial<FilterableRun & { startedAt: number }> = {}) => ({
  runId,
  state: 'finished',
  outcome: { kind: 'passed' as const },
  workload: 'figlet',
  provider: 'local',
  error: null,
  capacity: [
    { function: 'figlet', capacity: 10, failsAt: 20, reason: 'p95 300 ms > 200 ms (figlet=20)', testedRates: [10, 20] },
  ],
  startedAt: 0,
  ...over,
});

describe('runs filter', () => {
  const runs = [
    run('run-a'),
    run('run-b', { state: 'aborted', outcome: { kind: 'partial' } }),
    run('run-c', { workload: 'env+figlet', outcome: null, state: 'running', capacity: null }),
  ];

  it('keeps everything without a filter, and narrows by state, outcome and text together', () => {
    expect(filterRuns(runs, NO_FILTER)).toHaveLength(3);
    expect(filterRuns(runs, { ...NO_FILTER, state: 'aborted' }).map((r) => r.runId)).toEqual(['run-b']);
    expect(filterRuns(runs, { ...NO_FILTER, outcome: 'none' }).map((r) => r.runId)).toEqual(['run-c']);
    expect(filterRuns(runs, { ...NO_FILTER, text: 'ENV' }).map((r) => r.runId)).toEqual(['run-c']);
    // Capacity words are searchable: "fails at 20".
    expect(filterRuns(runs, { ...NO_FILTER, text: 'fails 20', outcome: 'passed' }).map((r) => r.runId)).toEqual([
      'run-a',
    ]);
  });

  it('compares exactly two selected runs, the older as A', () => {
    const list = [run('new', { startedAt: 20 }), run('old', { startedAt: 10 }), run('other', { startedAt: 5 })];
    expect(comparePair(list, new Set(['new', 'old']))).toEqual({ a: 'old', b: 'new' });
    expect(comparePair(list, new Set(['new']))).toBeNull();
    expect(comparePair(list, new Set(['new', 'old', 'other']))).toBeNull();
  });
});

describe('the active pseudo-state', () => {
  it('matches every known state that is not over, nothing else', () => {
    const withState = (runId: string, state: string | null) => ({
      runId,
      state,
      outcome: null,
      workload: 'w',
      provider: null,
      error: null,
      capacity: null,
    });
    const runs = [
      withState('a', 'running_workloads'),
      withState('b', 'finished'),
      withState('c', 'stopping_wait_runners'),
      withState('d', 'aborted'),
      withState('e', 'some_newer_lb_state'),
      withState('f', null),
    ];
    expect(filterRuns(runs, { state: ACTIVE_STATE, outcome: '', text: '' }).map((r) => r.runId)).toEqual(['a', 'c']);
  });
});
