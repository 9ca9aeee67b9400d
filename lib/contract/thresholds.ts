// Pass/fail limits for a run, kept OUTSIDE the PEVA-FAAS config so lb still accepts the config
// file: the run request's `thresholds` field, `lb-web run --thresholds <file>`, and the journal's
// `thresholds` key. Shape (every limit optional; "*" applies to every function, a function's own
// entry overrides it limit by limit):
//   { "*": { "p95_ms": 200, "success_rate": 0.99 }, "figlet": { "p99_ms": 500, "overloaded": false } }
// Latencies and errors are maxima, success_rate a minimum; `overloaded: false` makes an overloaded
// function or node a failure (k6's thresholds, Artillery's `ensure`, Gatling's assertions).
import { z } from 'zod';

const ms = (what: string) =>
  z
    .number({ error: `${what} must be a number of milliseconds` })
    .positive(`${what} must be > 0`)
    .max(3_600_000, `${what} must be ≤ 1 h`);

export const FunctionLimitsSchema = z.strictObject(
  {
    avg_ms: ms('avg_ms').optional(),
    p95_ms: ms('p95_ms').optional(),
    p99_ms: ms('p99_ms').optional(),
    max_ms: ms('max_ms').optional(),
    success_rate: z
      .number({ error: 'success_rate must be a fraction 0–1' })
      .min(0, 'success_rate must be ≥ 0')
      .max(1, 'success_rate must be ≤ 1')
      .optional(),
    errors: z
      .number({ error: 'errors must be a whole number of failed requests' })
      .int('errors must be a whole number')
      .min(0, 'errors must be ≥ 0')
      .optional(),
    overloaded: z
      .literal(false, { error: 'overloaded can only be false (an overload fails the threshold)' })
      .optional(),
  },
  {
    error: (i) => (i.code === 'unrecognized_keys' ? `unknown limit ${i.keys.join(', ')}` : 'limits must be an object'),
  },
);
export type FunctionLimits = z.infer<typeof FunctionLimitsSchema>;

export const ThresholdsSchema = z
  .record(z.string().min(1, 'a function name or "*"').max(128), FunctionLimitsSchema, {
    error: 'thresholds must map a function name (or "*") to its limits',
  })
  .refine((t) => Object.keys(t).length <= 65, 'at most 64 functions and "*"');
export type Thresholds = z.infer<typeof ThresholdsSchema>;

export const ALL_FUNCTIONS = '*';

/** The limits for one function: "*" merged with its own entry (its own wins per limit). */
export function limitsFor(thresholds: Thresholds | undefined, fn: string): FunctionLimits {
  if (!thresholds) return {};
  return { ...thresholds[ALL_FUNCTIONS], ...thresholds[fn] };
}

export const hasThresholds = (t: Thresholds | undefined | null): t is Thresholds =>
  !!t && Object.values(t).some((l) => Object.keys(l).length > 0);

/** What one function of one iteration measured (a result row's per-function part). */
export interface MeasuredFunction {
  function: string;
  rate: number;
  requests: number;
  /** 0–1; NaN when unknown. */
  success_rate: number;
  avg_ms: number;
  p95_ms: number;
  p99_ms: number;
  max_ms: number;
  overloaded_function: boolean;
  overloaded_node: boolean;
}

const fmtMs = (v: number) => `${Math.round(v * 10) / 10} ms`;

/**
 * The limits a measurement breaks, in words ("p95 312 ms > 200 ms"). A value that was not
 * measured (NaN: k6 gives no p99) breaks nothing, but is said when a limit asks for it.
 */
export function brokenLimits(m: MeasuredFunction, limits: FunctionLimits): { failures: string[]; unknown: string[] } {
  const failures: string[] = [];
  const unknown: string[] = [];
  const latency = (key: 'avg_ms' | 'p95_ms' | 'p99_ms' | 'max_ms', label: string) => {
    const limit = limits[key];
    if (limit === undefined) return;
    const v = m[key];
    if (!Number.isFinite(v)) unknown.push(`${label} not measured`);
    else if (v > limit) failures.push(`${label} ${fmtMs(v)} > ${fmtMs(limit)}`);
  };
  latency('avg_ms', 'avg');
  latency('p95_ms', 'p95');
  latency('p99_ms', 'p99');
  latency('max_ms', 'max');
  if (limits.success_rate !== undefined) {
    if (!Number.isFinite(m.success_rate)) unknown.push('success rate not measured');
    else if (m.success_rate < limits.success_rate)
      failures.push(`success ${(m.success_rate * 100).toFixed(1)} % < ${(limits.success_rate * 100).toFixed(1)} %`);
  }
  if (limits.errors !== undefined && Number.isFinite(m.success_rate)) {
    const errors = Math.round(m.requests * (1 - m.success_rate));
    if (errors > limits.errors) failures.push(`${errors} errors > ${limits.errors}`);
  }
  if (limits.overloaded === false) {
    if (m.overloaded_function) failures.push('function overloaded');
    if (m.overloaded_node) failures.push('node overloaded');
  }
  return { failures, unknown };
}

export type ThresholdsText = { ok: true; thresholds: Thresholds | undefined } | { ok: false; errors: string[] };

/**
 * The New-run form's thresholds box: empty means none; otherwise JSON checked by ThresholdsSchema
 * (the schema runs.start validates with), each problem said with its path ("figlet.p95_ms: …").
 */
export function parseThresholdsText(text: string): ThresholdsText {
  if (!text.trim()) return { ok: true, thresholds: undefined };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { ok: false, errors: [`not JSON: ${(err as Error).message}`] };
  }
  const r = ThresholdsSchema.safeParse(doc);
  if (r.success) return { ok: true, thresholds: hasThresholds(r.data) ? r.data : undefined };
  return {
    ok: false,
    errors: r.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)),
  };
}
