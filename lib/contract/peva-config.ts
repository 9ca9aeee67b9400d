// PEVA-FAAS configuration (FORMATS.md §6). Field names and defaults are lb's so that a
// `plugin_settings.peva_faas` block copied from an lb config parses unchanged here.
import { z } from 'zod';
import { MEMORY_SCHEMA_VERSION } from './memory-tables';
import { MEMORY_FILE_NAME } from './run-tree';
import { auditConfigKeys } from './config-keys';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'] as const;
export const DURATION_PATTERN = /^(\d+)(ms|s|m|h)$/;
export const DEFAULT_DB_PATH = `benchmark_results/peva_faas/memory/${MEMORY_FILE_NAME}`;

/**
 * Bounds lb does not set, so that a typo cannot start a run that never ends or exhausts the
 * runner (docs/FORMATS.md §6 lists them): each is far above what a PEVA-FAAS run needs.
 */
export const LIMITS = {
  rate: 100_000,
  functions: 64,
  nameLength: 128,
  ratesPerFunction: 1_000,
  durationSeconds: 24 * 3600,
  iterations: 100,
  cooldownWaitSeconds: 24 * 3600,
  cooldownStepSeconds: 3600,
  headers: 64,
  headerValueLength: 8 * 1024,
  bodyBytes: 256 * 1024,
  k6Options: 64,
  textLength: 1024,
  /** Configurations after enumeration; more need an explicit confirmation. */
  configurations: 1_000,
} as const;

/** True when the text holds no C0 control character or DEL (names land in URLs, PromQL, logs). */
const noControlChars = (v: string): boolean => ![...v].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
const text = (what: string, max: number = LIMITS.textLength) =>
  z
    .string()
    .max(max, `${what} must be at most ${max} characters`)
    .refine(noControlChars, `${what} must not contain control characters`);

const rate = (what: string) =>
  z
    .number({ error: `${what} must be a number of requests per second` })
    .finite()
    .min(0, `${what} must be ≥ 0`)
    .max(LIMITS.rate, `${what} must be ≤ ${LIMITS.rate} requests per second`);
const minLeMax = <T extends { min_rate: number; max_rate: number }>(v: T) => v.min_rate <= v.max_rate;
const minLeMaxError = { message: 'max_rate must be ≥ min_rate (swap them or raise max_rate)', path: ['max_rate'] };

export const FunctionSchema = z.object({
  name: text('function name', LIMITS.nameLength)
    .trim()
    .min(1, 'function name must not be empty (the OpenFaaS function to call)'),
  // lb upper-cases the method before checking it, so "post" is accepted.
  method: z
    .string()
    .transform((m) => m.trim().toUpperCase())
    .pipe(z.enum(HTTP_METHODS, { error: `method must be one of ${HTTP_METHODS.join(', ')}` }))
    .default('GET'),
  body: z
    .string()
    .refine(
      (b) => new TextEncoder().encode(b).length <= LIMITS.bodyBytes,
      `body must be at most ${LIMITS.bodyBytes / 1024} KiB`,
    )
    .default(''),
  headers: z
    .record(text('header name', 256), text('header value', LIMITS.headerValueLength))
    .refine((h) => Object.keys(h).length <= LIMITS.headers, `at most ${LIMITS.headers} headers`)
    .default({}),
  max_rate: rate('max_rate').optional(),
});

const LinearSchema = z
  .object({
    type: z.literal('linear'),
    min_rate: rate('min_rate').default(0),
    max_rate: rate('max_rate').default(200),
    step: z.number().finite().positive('step must be > 0').default(10),
  })
  .refine(minLeMax, minLeMaxError)
  .refine((v) => (v.max_rate - v.min_rate) / v.step < LIMITS.ratesPerFunction, {
    message: `step gives more than ${LIMITS.ratesPerFunction} rates between min_rate and max_rate; raise it`,
    path: ['step'],
  });

const RandomSchema = z
  .object({
    type: z.literal('random'),
    min_rate: rate('min_rate').default(10),
    max_rate: rate('max_rate').default(200),
    count: z
      .number()
      .int()
      .min(1, 'count must be an integer ≥ 1')
      .max(LIMITS.ratesPerFunction, `count must be ≤ ${LIMITS.ratesPerFunction}`)
      .default(10),
    // lb draws from OS entropy when seed is absent; we fall back to 0 (see enumeration)
    // so a resumed run enumerates the same configurations.
    seed: z.number().int().optional(),
  })
  .refine(minLeMax, minLeMaxError);

const ExponentialSchema = z
  .object({
    type: z.literal('exponential'),
    base: z.number().finite().gt(1, 'base must be > 1 (rates grow as base^power)').default(2),
    min_power: z.number().int().min(0, 'min_power must be an integer ≥ 0').default(0),
    max_power: z.number().int().min(0, 'max_power must be an integer ≥ 0').max(64).default(8),
    max_rate: rate('max_rate').optional(),
  })
  .refine((v) => v.min_power <= v.max_power, { message: 'max_power must be ≥ min_power', path: ['max_power'] });

const CustomSchema = z.object({
  type: z.literal('custom'),
  rates: z
    .array(rate('each rate'))
    .min(1, 'rates must list at least one rate')
    .max(LIMITS.ratesPerFunction, `rates may list at most ${LIMITS.ratesPerFunction} rates`),
});

export const RateStrategySchema = z
  .discriminatedUnion('type', [LinearSchema, RandomSchema, ExponentialSchema, CustomSchema], {
    error: 'rate_strategy.type must be one of linear, random, exponential, custom',
  })
  .prefault({ type: 'linear' });

const CombinationsSchema = z
  .object({
    min_functions: z.number().int().min(1, 'min_functions must be an integer ≥ 1').default(1),
    max_functions: z.number().int().min(1).default(2),
  })
  .prefault({})
  .refine((c) => c.max_functions > c.min_functions, {
    message: 'max_functions is exclusive: it must be > min_functions (e.g. min 1, max 2 = single functions)',
    path: ['max_functions'],
  });

export const DurationSchema = z
  .string()
  .trim()
  .regex(DURATION_PATTERN, 'duration must be <number><unit> with unit ms, s, m or h, e.g. "30s" or "1m"')
  // Format issues do not stop zod's refinements, so a non-matching string must pass here.
  .refine((d) => !DURATION_PATTERN.test(d) || parseDurationSeconds(d) > 0, 'duration must be > 0, e.g. "30s"')
  .refine(
    (d) => !DURATION_PATTERN.test(d) || parseDurationSeconds(d) <= LIMITS.durationSeconds,
    'duration must be at most 24h per iteration',
  );

const CooldownSchema = z
  .object({
    max_wait_seconds: z
      .number()
      .finite()
      .min(0)
      .max(LIMITS.cooldownWaitSeconds, `max_wait_seconds must be ≤ ${LIMITS.cooldownWaitSeconds} (24 h)`)
      .default(180),
    sleep_step_seconds: z
      .number()
      .finite()
      .positive('sleep_step_seconds must be > 0')
      .max(LIMITS.cooldownStepSeconds, `sleep_step_seconds must be ≤ ${LIMITS.cooldownStepSeconds}`)
      .default(5),
    idle_threshold_pct: z.number().finite().min(0).max(100).default(15),
  })
  .prefault({});

const fraction = (d: number) => z.number().finite().min(0).max(1, 'must be a fraction between 0 and 1').default(d);
const OverloadSchema = z
  .object({
    cpu_overload_pct_of_capacity: z
      .number()
      .finite()
      .min(0)
      .max(100, "percent of the node's total CPU capacity (all cores): 0–100")
      .default(80),
    ram_overload_pct: z.number().finite().min(0).max(100).default(90),
    success_rate_node_min: fraction(0.95),
    success_rate_function_min: fraction(0.9),
    replicas_overload_threshold: z.number().int().min(1).default(15),
  })
  .prefault({});

const httpUrl = (what: string) =>
  z.url({ protocol: /^https?$/, error: `${what} must be an http(s) URL, e.g. http://10.0.0.5:31112` });

/** db_path is resolved inside the runner's lb_workdir: relative, and no `..` to climb out. */
function dbPathStaysInside(p: string): boolean {
  return !p.startsWith('/') && !/^[A-Za-z]:/.test(p) && !p.split(/[\\/]+/).includes('..');
}

const MemorySchema = z
  .object({
    backend: z.literal('duckdb', { error: 'memory.backend must be "duckdb"' }).default('duckdb'),
    db_path: text('db_path', 512)
      .trim()
      .min(1)
      .refine(
        dbPathStaysInside,
        'db_path must be a path inside the runner\'s lb_workdir: relative, without ".." (lb-web writes nowhere else)',
      )
      .default(DEFAULT_DB_PATH),
    schema_version: z
      .literal(MEMORY_SCHEMA_VERSION, { error: `schema_version must be "${MEMORY_SCHEMA_VERSION}"` })
      .default(MEMORY_SCHEMA_VERSION),
    // Ours: true starts a new memory file instead of extending the runner's existing one.
    fresh: z.boolean().default(false),
  })
  .prefault({});

export const PevaConfigSchema = z
  .object({
    functions: z
      .array(FunctionSchema)
      .min(1, 'functions must list at least one function')
      .max(LIMITS.functions, `at most ${LIMITS.functions} functions`)
      .superRefine((fns, ctx) => {
        const seen = new Set<string>();
        fns.forEach((fn, i) => {
          if (seen.has(fn.name)) {
            ctx.addIssue({
              code: 'custom',
              message: `function name "${fn.name}" is listed twice; names must be unique`,
              path: [i, 'name'],
            });
          }
          seen.add(fn.name);
        });
      }),
    rate_strategy: RateStrategySchema,
    combinations: CombinationsSchema,
    duration: DurationSchema.default('30s'),
    iterations: z
      .number()
      .int('iterations must be an integer')
      .min(1, 'iterations must be ≥ 1')
      .max(LIMITS.iterations, `iterations must be ≤ ${LIMITS.iterations}`)
      .default(3),
    cooldown: CooldownSchema,
    overload: OverloadSchema,
    gateway_url: httpUrl('gateway_url').optional(),
    prometheus_url: httpUrl('prometheus_url').optional(),
    memory: MemorySchema,
    k6_outputs: z.array(text('k6 output')).max(LIMITS.k6Options).default([]),
    k6_tags: z
      .record(text('k6 tag name', 128), text('k6 tag value'))
      .refine((t) => Object.keys(t).length <= LIMITS.k6Options, `at most ${LIMITS.k6Options} tags`)
      .default({}),
  })
  .superRefine(
    (cfg, ctx) => {
      // lb: a per-function cap below the strategy's minimum leaves that function no rate.
      const minRate = 'min_rate' in cfg.rate_strategy ? cfg.rate_strategy.min_rate : 0;
      cfg.functions.forEach((fn, i) => {
        if (fn.max_rate !== undefined && fn.max_rate < minRate) {
          ctx.addIssue({
            code: 'custom',
            message: `max_rate ${fn.max_rate} is below rate_strategy.min_rate ${minRate}`,
            path: ['functions', i, 'max_rate'],
          });
        }
      });
      if (cfg.combinations.min_functions > cfg.functions.length) {
        ctx.addIssue({
          code: 'custom',
          message: `min_functions ${cfg.combinations.min_functions} exceeds the ${cfg.functions.length} configured function(s): no configuration would run`,
          path: ['combinations', 'min_functions'],
        });
      }
    },
    {
      when: (p) =>
        isRecord(p.value) &&
        !p.issues.some((i) => ['functions', 'rate_strategy', 'combinations'].includes(String(i.path?.[0]))),
    },
  );

export type PevaConfig = z.output<typeof PevaConfigSchema>;
export type PevaConfigInput = z.input<typeof PevaConfigSchema>;
export type RateStrategy = PevaConfig['rate_strategy'];
export type PevaFunction = PevaConfig['functions'][number];

export interface ConfigError {
  path: string;
  message: string;
}
export type ParsePevaResult =
  | {
      ok: true;
      config: PevaConfig;
      /** lb settings lb-web ignores (the file still means something to lb). */
      warnings: ConfigError[];
    }
  | { ok: false; errors: ConfigError[] };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Accepts a bare PEVA-FAAS object or lb's `{"plugin_settings": {"peva_faas": {…}}}` file. */
export function parsePevaConfig(input: unknown): ParsePevaResult {
  let body = input;
  if (isRecord(input) && 'plugin_settings' in input) {
    const settings = input.plugin_settings;
    body = isRecord(settings) ? settings.peva_faas : undefined;
    if (!isRecord(body)) {
      return {
        ok: false,
        errors: [
          {
            path: 'plugin_settings.peva_faas',
            message: 'plugin_settings.peva_faas must be an object with the PEVA-FAAS settings',
          },
        ],
      };
    }
  }
  const keys = auditConfigKeys(body);
  const parsed = PevaConfigSchema.safeParse(body);
  const errors = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))),
    ...keys.errors,
  ];
  if (parsed.success && errors.length === 0) return { ok: true, config: parsed.data, warnings: keys.warnings };
  return { ok: false, errors };
}

/**
 * The config as a run request carries it (form, tRPC, CLI file): the schema, plus the key
 * audit, with every problem reported at once by its path.
 */
export const RunConfigSchema = z.unknown().transform((raw, ctx): PevaConfig => {
  const r = parsePevaConfig(raw);
  if (r.ok) return r.config;
  for (const e of r.errors) ctx.addIssue({ code: 'custom', message: e.message, path: e.path ? e.path.split('.') : [] });
  return z.NEVER;
});

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/** "1m" → 60, "500ms" → 0.5. Throws on anything not matching lb's duration pattern. */
export function parseDurationSeconds(duration: string): number {
  const m = DURATION_PATTERN.exec(duration.trim());
  if (!m) throw new Error(`Invalid duration "${duration}": use <number><unit> with unit ms, s, m or h, e.g. "30s"`);
  return Number(m[1]) * UNIT_SECONDS[m[2]!]!;
}
