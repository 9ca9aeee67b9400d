import { describe, expect, it } from 'vitest';
import {
  capacityPerFunction,
  capacityText,
  capacityValueText,
  recordFromEvent,
  runOutcome,
  testedRatesText,
  verdicts,
} from './run-results';
import { ThresholdsSchema } from './thresholds';
import { fn, record } from '@/test/support/result-records';

describe('thresholds', () => {
  it('parses per-function and "*" limits and refuses unknown ones by name', () => {
    expect(ThresholdsSchema.parse({ '*': { p95_ms: 200 }, figlet: { success_rate: 0.99 } })).toEqual({
      '*': { p95_ms: 200 },
      figlet: { success_rate: 0.99 },
    });
    const bad = ThresholdsSchema.safeParse({ figlet: { p96_ms: 1 } });
    expect(bad.success ? '' : bad.error.issues[0]!.message).toMatch(/unknown limit p96_ms/);
    expect(ThresholdsSchema.safeParse({ figlet: { success_rate: 2 } }).success).toBe(false);
    expect(ThresholdsSchema.safeParse({ figlet: { overloaded: true } }).success).toBe(false);
  });

  it('checks every limit, the function entry overriding "*"', () => {
    const t = ThresholdsSchema.parse({ '*': { p95_ms: 15 }, figlet: { p95_ms: 25, errors: 0, overloaded: false } });
    const r = record('c1', [fn('figlet', 10, { success_rate: 0.9 }), fn('env', 5)], { overloaded_node: true });
    expect(verdicts(r, t)).toEqual([
      {
        function: 'figlet',
        rate: 10,
        pass: false,
        failures: ['30 errors > 0', 'node overloaded'],
        unknown: [],
      },
      { function: 'env', rate: 5, pass: false, failures: ['p95 20 ms > 15 ms'], unknown: [] },
    ]);
  });

  it('says when a limit asks for a value that was not measured (k6 gives no p99)', () => {
    const t = ThresholdsSchema.parse({ figlet: { p99_ms: 100 } });
    expect(verdicts(record('c1', [fn('figlet', 10, { p99_ms: NaN })]), t)[0]).toMatchObject({
      pass: true,
      unknown: ['p99 not measured'],
    });
  });
});

describe('capacity per function', () => {
  const t = ThresholdsSchema.parse({ figlet: { p95_ms: 100 } });
  it('is the last passing rate before the first failing one, with why', () => {
    const records = [
      record('a', [fn('figlet', 10)]),
      record('b', [fn('figlet', 20, { p95_ms: 312 })]),
      record('c', [fn('figlet', 30)]),
    ];
    const [c] = capacityPerFunction(records, t);
    expect(c).toEqual({
      function: 'figlet',
      capacity: 10,
      failsAt: 20,
      reason: 'p95 312 ms > 100 ms (figlet=20)',
      testedRates: [10, 20, 30],
    });
    expect(capacityText(c!)).toBe('figlet: 10 req/s (fails at 20: p95 312 ms > 100 ms (figlet=20))');
  });

  it('counts an overload as a failure even without thresholds; rate 0 is no test', () => {
    const records = [
      record('a', [fn('figlet', 10), fn('env', 0)]),
      record('b', [fn('figlet', 20)], { overloaded_node: true }),
    ];
    expect(capacityPerFunction(records)).toEqual([
      { function: 'figlet', capacity: 10, failsAt: 20, reason: 'node overloaded (figlet=20)', testedRates: [10, 20] },
    ]);
  });

  it('holds up to the highest rate when nothing fails; fails below the lowest when it fails', () => {
    expect(capacityText(capacityPerFunction([record('a', [fn('f', 5)]), record('b', [fn('f', 9)])])[0]!)).toBe(
      'f: 9 req/s (held up to the highest rate tested)',
    );
    const low = capacityPerFunction([record('a', [fn('f', 5, { overloaded: true })])])[0]!;
    expect(capacityText(low)).toBe('f: below 5 req/s (fails at 5: function overloaded (f=5))');
  });
});

describe('run outcome', () => {
  const progress = (done: number, skipped = 0, failed = 0) => ({
    configs_total: done + skipped + failed,
    configs_done: done,
    configs_skipped: skipped,
    configs_failed: failed,
  });
  const ok = [record('a', [fn('figlet', 10)])];

  it('passed, thresholds failed, configurations failed, nothing run, partial, failed', () => {
    const t = ThresholdsSchema.parse({ figlet: { p95_ms: 5 } });
    expect(runOutcome({ state: 'finished', progress: progress(1), records: ok }).kind).toBe('passed');
    expect(runOutcome({ state: 'finished', progress: progress(1), records: ok, thresholds: t })).toEqual({
      kind: 'thresholds_failed',
      detail: '1 failing: figlet=10: p95 20 ms > 5 ms',
    });
    expect(runOutcome({ state: 'finished', progress: progress(0, 0, 2), records: [] }).kind).toBe(
      'configurations_failed',
    );
    expect(runOutcome({ state: 'finished', progress: progress(0, 3), records: [] })).toEqual({
      kind: 'nothing_run',
      detail: 'all 3 configuration(s) skipped',
    });
    expect(runOutcome({ state: 'aborted', progress: progress(1), records: ok }).kind).toBe('partial');
    expect(runOutcome({ state: 'failed', progress: null, records: [] }).kind).toBe('failed');
  });
});

describe('records from result events', () => {
  it('reads data.result, nulls as NaN; anything else is not a record', () => {
    const data = {
      result: {
        functions: [{ ...fn('figlet', 10), p99_ms: null }],
        cpu_usage_node: 40,
        cpu_unit: 'one_core',
        ram_usage_node_pct: null,
        overloaded_node: false,
      },
    };
    const r = recordFromEvent({ phase: 'result', config_id: 'abc', iteration: 2, data })!;
    expect(r).toMatchObject({ config_id: 'abc', iteration: 2, label: 'figlet=10' });
    expect(r.functions[0]!.p99_ms).toBeNaN();
    expect(r.ram_usage_node_pct).toBeNaN();
    expect(recordFromEvent({ phase: 'result', config_id: 'abc', data: { result: { functions: 'x' } } })).toBeNull();
    expect(recordFromEvent({ phase: 'load', config_id: 'abc', data })).toBeNull();
  });
});

describe('capacity value text', () => {
  it('is the capacity without the function name, or "not tested"', () => {
    expect(
      capacityValueText({
        function: 'figlet',
        capacity: 10,
        failsAt: 20,
        reason: 'p95 300 ms > 200 ms',
        testedRates: [10, 20],
      }),
    ).toBe('10 req/s (fails at 20: p95 300 ms > 200 ms)');
    expect(capacityValueText(null)).toBe('not tested');
  });
});

describe('tested rates text', () => {
  const cap = (testedRates: number[]) => ({ function: 'f', capacity: 70, failsAt: 80, reason: 'x', testedRates });
  it("lists a capacity search's few probes, and counts a grid's rates", () => {
    expect(testedRatesText(cap([50, 70, 80, 100]))).toBe('tried 50, 70, 80, 100 req/s');
    expect(testedRatesText(cap(Array.from({ length: 21 }, (_, i) => i * 10)))).toBe('tested at 21 rates');
  });
});
