// What a run found, computed from its result records (one per configuration × iteration, from
// the agent's `result` events or from an lb-written results.csv): threshold verdicts, capacity
// per function, and the run's outcome. Browser-safe: the run page, the controller (journal
// `outcome`, CLI exit code) and `lb-web status` all use these same functions.
import { z } from 'zod';
import { brokenLimits, hasThresholds, limitsFor, type MeasuredFunction, type Thresholds } from './thresholds';

/** JSON has no NaN: the agent's events carry null where a value was not measured. */
const num = z
  .number()
  .nullable()
  .transform((v) => (v === null ? Number.NaN : v));

export const ResultFunctionSchema = z.object({
  function: z.string(),
  rate: z.number(),
  requests: num,
  success_rate: num,
  avg_ms: num,
  p50_ms: num,
  p95_ms: num,
  p99_ms: num,
  max_ms: num,
  replicas: num,
  overloaded: z.boolean(),
});

/** `data.result` of an agent `result` event (FORMATS.md "Our additions"). */
export const ResultDataSchema = z.object({
  functions: z.array(ResultFunctionSchema),
  cpu_usage_node: num,
  cpu_unit: z.string(),
  ram_usage_node_pct: num,
  overloaded_node: z.boolean(),
});

export interface ResultRecord {
  config_id: string;
  iteration: number;
  /** lb's label: "a=10, b=20". */
  label: string;
  functions: z.output<typeof ResultFunctionSchema>[];
  cpu_usage_node: number;
  cpu_unit: string;
  ram_usage_node_pct: number;
  overloaded_node: boolean;
}

/** A record as JSON carries it (NaN written as null), e.g. from `agent --records <file>`. */
export const ResultRecordSchema = ResultDataSchema.extend({
  config_id: z.string(),
  iteration: z.number(),
  label: z.string(),
}) satisfies z.ZodType<ResultRecord, unknown>;

/** The record of a stored `result` event, or null when it is not one (or malformed). */
export function recordFromEvent(e: {
  phase?: string;
  config_id?: string;
  iteration?: number;
  data?: Record<string, unknown>;
}): ResultRecord | null {
  if (e.phase !== 'result' || !e.config_id || !e.data) return null;
  const parsed = ResultDataSchema.safeParse(e.data.result);
  if (!parsed.success) return null;
  const r = parsed.data;
  return {
    config_id: e.config_id,
    iteration: e.iteration ?? 1,
    label: configLabelOf(r.functions),
    ...r,
  };
}

/** lb's label (`_format_pairs_label`): name=rate, names in code-point order. */
export function configLabelOf(fns: ReadonlyArray<{ function: string; rate: number }>): string {
  return [...fns]
    .sort((a, b) => (a.function < b.function ? -1 : a.function > b.function ? 1 : 0))
    .map((f) => `${f.function}=${f.rate}`)
    .join(', ');
}

const measured = (r: ResultRecord, f: ResultRecord['functions'][number]): MeasuredFunction => ({
  function: f.function,
  rate: f.rate,
  requests: f.requests,
  success_rate: f.success_rate,
  avg_ms: f.avg_ms,
  p95_ms: f.p95_ms,
  p99_ms: f.p99_ms,
  max_ms: f.max_ms,
  overloaded_function: f.overloaded,
  overloaded_node: r.overloaded_node,
});

export interface FunctionVerdict {
  function: string;
  rate: number;
  pass: boolean;
  /** Broken limits in words; empty when it passed. */
  failures: string[];
  /** Limits that could not be checked (a value not measured). */
  unknown: string[];
}

/** Each loaded function of a record against its limits (rate-0 functions carry no load: left out). */
export function verdicts(record: ResultRecord, thresholds: Thresholds | undefined): FunctionVerdict[] {
  return record.functions
    .filter((f) => f.rate > 0)
    .map((f) => {
      const { failures, unknown } = brokenLimits(measured(record, f), limitsFor(thresholds, f.function));
      return { function: f.function, rate: f.rate, pass: failures.length === 0, failures, unknown };
    });
}

export const FunctionCapacitySchema = z.object({
  function: z.string(),
  /** The highest tested rate below the first failing one at which it met every limit and nothing overloaded. */
  capacity: z.number().nullable(),
  /** The first tested rate that failed, and why (null: held up to the highest rate tested). */
  failsAt: z.number().nullable(),
  reason: z.string().nullable(),
  testedRates: z.array(z.number()),
});
export type FunctionCapacity = z.infer<typeof FunctionCapacitySchema>;

/**
 * Capacity per function: at each tested rate (every configuration and iteration where the
 * function ran at that rate), it passes when every record met its limits and neither the
 * function nor the node overloaded. Capacity is the last passing rate before the first failing one.
 */
export function capacityPerFunction(records: readonly ResultRecord[], thresholds?: Thresholds): FunctionCapacity[] {
  const byFunction = new Map<string, Map<number, string[]>>();
  for (const r of records) {
    for (const f of r.functions) {
      if (f.rate <= 0) continue;
      const limits = { ...limitsFor(thresholds, f.function), overloaded: false as const };
      const { failures } = brokenLimits(measured(r, f), limits);
      const rates = byFunction.get(f.function) ?? new Map<number, string[]>();
      rates.set(f.rate, [...(rates.get(f.rate) ?? []), ...failures.map((x) => `${x} (${r.label})`)]);
      byFunction.set(f.function, rates);
    }
  }
  return [...byFunction.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([fn, rates]) => {
      const tested = [...rates.keys()].sort((a, b) => a - b);
      let capacity: number | null = null;
      for (const rate of tested) {
        const failures = rates.get(rate)!;
        if (failures.length > 0)
          return { function: fn, capacity, failsAt: rate, reason: failures[0]!, testedRates: tested };
        capacity = rate;
      }
      return { function: fn, capacity, failsAt: null, reason: null, testedRates: tested };
    });
}

/** "figlet: 10 req/s (fails at 20: p95 312 ms > 200 ms (figlet=20))". */
export function capacityText(c: FunctionCapacity): string {
  const head = c.capacity === null ? `${c.function}: below ${c.failsAt} req/s` : `${c.function}: ${c.capacity} req/s`;
  if (c.failsAt === null) return `${head} (held up to the highest rate tested)`;
  return `${head} (fails at ${c.failsAt}: ${c.reason})`;
}

/** Rates listed in full up to this many (a capacity search tries a few; a grid, all). */
const TESTED_LISTED = 8;

/**
 * The rates a capacity rests on: "tried 10, 50, 70, 80 req/s" for a few (a capacity search's
 * probes, in rate order), "tested at 21 rates" for a grid.
 */
export function testedRatesText(c: FunctionCapacity): string {
  const n = c.testedRates.length;
  if (n <= TESTED_LISTED) return `tried ${c.testedRates.join(', ')} req/s`;
  return `tested at ${n} rates`;
}

/** capacityText without the function name ("10 req/s (fails at 20: …)"); "not tested" for none. */
export function capacityValueText(c: FunctionCapacity | null): string {
  return c ? capacityText(c).slice(c.function.length + 2) : 'not tested';
}

export const OUTCOMES = [
  'passed',
  'thresholds_failed',
  'configurations_failed',
  'nothing_run',
  'partial',
  'failed',
] as const;
export type OutcomeKind = (typeof OUTCOMES)[number];

export const OUTCOME_TEXT: Record<OutcomeKind, string> = {
  passed: 'passed',
  thresholds_failed: 'thresholds failed',
  configurations_failed: 'configurations failed',
  nothing_run: 'nothing run (all skipped)',
  partial: 'partial (stopped)',
  failed: 'failed',
};

/**
 * `lb-web run`'s exit code per outcome (k6's convention: 99 when thresholds failed). 2 is a
 * usage or config error and 4 a stop the agent never confirmed (stop_failed), both before any
 * outcome.
 */
/** How an outcome reads at a glance: green only when it passed. */
export const OUTCOME_TONE: Record<OutcomeKind, 'ok' | 'bad' | 'warn'> = {
  passed: 'ok',
  thresholds_failed: 'bad',
  configurations_failed: 'bad',
  failed: 'bad',
  nothing_run: 'warn',
  partial: 'warn',
};

export const OUTCOME_EXIT_CODE: Record<OutcomeKind, number> = {
  passed: 0,
  failed: 1,
  partial: 3,
  configurations_failed: 5,
  nothing_run: 6,
  thresholds_failed: 99,
};

export const RunOutcomeSchema = z.object({
  kind: z.enum(OUTCOMES),
  detail: z.string(),
});
export type RunOutcome = z.infer<typeof RunOutcomeSchema>;

export interface OutcomeInput {
  /** The controller's terminal state (finished, aborted, stop_failed, failed). */
  state: string;
  progress: { configs_total: number; configs_done: number; configs_skipped: number; configs_failed: number } | null;
  records: readonly ResultRecord[];
  thresholds?: Thresholds;
}

/**
 * The run's outcome beside lb's controller state: what a user acts on. Failed configurations
 * win over thresholds (their limits were never measured), thresholds over a pass.
 */
export function runOutcome(input: OutcomeInput): RunOutcome {
  const p = input.progress;
  const recorded = new Set(input.records.map((r) => r.config_id)).size;
  if (input.state === 'failed') return { kind: 'failed', detail: 'the run failed before it could finish' };
  if (input.state === 'aborted' || input.state === 'stop_failed') {
    return { kind: 'partial', detail: `stopped; ${recorded} configuration(s) recorded` };
  }
  if (p && p.configs_failed > 0) {
    return {
      kind: 'configurations_failed',
      detail: `${p.configs_failed} of ${p.configs_total} configuration(s) failed`,
    };
  }
  if (input.records.length === 0) {
    const skipped = p ? p.configs_skipped : 0;
    return {
      kind: 'nothing_run',
      detail:
        skipped > 0
          ? `all ${skipped} configuration(s) skipped`
          : 'no configuration ran (all already seen or none selected)',
    };
  }
  if (hasThresholds(input.thresholds)) {
    const failing = input.records.flatMap((r) =>
      verdicts(r, input.thresholds)
        .filter((v) => !v.pass)
        .map((v) => `${r.label}: ${v.failures.join(', ')}`),
    );
    if (failing.length > 0) {
      return { kind: 'thresholds_failed', detail: `${failing.length} failing: ${failing.slice(0, 3).join('; ')}` };
    }
    return { kind: 'passed', detail: `${recorded} configuration(s) within every threshold` };
  }
  return { kind: 'passed', detail: `${recorded} configuration(s) recorded, no thresholds set` };
}
