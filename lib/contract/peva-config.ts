// PEVA-FAAS configuration (FORMATS.md §6). Field names and defaults are lb's so that a
// `plugin_settings.peva_faas` block copied from an lb config parses unchanged here.
import { z } from 'zod';
import { MEMORY_SCHEMA_VERSION } from './memory-tables';
import { MEMORY_FILE_NAME } from './run-tree';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'] as const;
export const DURATION_PATTERN = /^(\d+)(ms|s|m|h)$/;
export const DEFAULT_DB_PATH = `benchmark_results/peva_faas/memory/${MEMORY_FILE_NAME}`;

const rate = (what: string) =>
  z
    .number({ error: `${what} must be a number of requests per second` })
    .finite()
    .min(0, `${what} must be ≥ 0`);
const minLeMax = <T extends { min_rate: number; max_rate: number }>(v: T) => v.min_rate <= v.max_rate;
const minLeMaxError = { message: 'max_rate must be ≥ min_rate (swap them or raise max_rate)', path: ['max_rate'] };

export const FunctionSchema = z.object({
  name: z.string().trim().min(1, 'function name must not be empty (the OpenFaaS function to call)'),
  // lb upper-cases the method before checking it, so "post" is accepted.
  method: z
    .string()
    .transform((m) => m.trim().toUpperCase())
    .pipe(z.enum(HTTP_METHODS, { error: `method must be one of ${HTTP_METHODS.join(', ')}` }))
    .default('GET'),
  body: z.string().default(''),
  headers: z.record(z.string(), z.string()).default({}),
  max_rate: rate('max_rate').optional(),
});

const LinearSchema = z
  .object({
    type: z.literal('linear'),
    min_rate: rate('min_rate').default(0),
    max_rate: rate('max_rate').default(200),
    step: z.number().finite().positive('step must be > 0').default(10),
  })
  .refine(minLeMax, minLeMaxError);

const RandomSchema = z
  .object({
    type: z.literal('random'),
    min_rate: rate('min_rate').default(10),
    max_rate: rate('max_rate').default(200),
    count: z.number().int().min(1, 'count must be an integer ≥ 1').default(10),
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
  rates: z.array(rate('each rate')).min(1, 'rates must list at least one rate'),
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
  .refine((d) => !DURATION_PATTERN.test(d) || parseDurationSeconds(d) > 0, 'duration must be > 0, e.g. "30s"');

const CooldownSchema = z
  .object({
    max_wait_seconds: z.number().finite().min(0).default(180),
    sleep_step_seconds: z.number().finite().positive('sleep_step_seconds must be > 0').default(5),
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

/** A relative db_path lives under the runner's lb_workdir; `..` would escape it. */
function dbPathStaysInside(p: string): boolean {
  if (p.startsWith('/')) return true;
  return !p.split(/[\\/]+/).includes('..');
}

const MemorySchema = z
  .object({
    backend: z.literal('duckdb', { error: 'memory.backend must be "duckdb"' }).default('duckdb'),
    db_path: z
      .string()
      .trim()
      .min(1)
      .refine(dbPathStaysInside, 'a relative db_path must not contain ".." (it is resolved inside lb_workdir)')
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
    iterations: z.number().int('iterations must be an integer').min(1, 'iterations must be ≥ 1').default(3),
    cooldown: CooldownSchema,
    overload: OverloadSchema,
    gateway_url: httpUrl('gateway_url').optional(),
    prometheus_url: httpUrl('prometheus_url').optional(),
    memory: MemorySchema,
    k6_outputs: z.array(z.string()).default([]),
    k6_tags: z.record(z.string(), z.string()).default({}),
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
      when: (p) => !p.issues.some((i) => ['functions', 'rate_strategy', 'combinations'].includes(String(i.path?.[0]))),
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
export type ParsePevaResult = { ok: true; config: PevaConfig } | { ok: false; errors: ConfigError[] };

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
  const parsed = PevaConfigSchema.safeParse(body);
  if (parsed.success) return { ok: true, config: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
  };
}

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/** "1m" → 60, "500ms" → 0.5. Throws on anything not matching lb's duration pattern. */
export function parseDurationSeconds(duration: string): number {
  const m = DURATION_PATTERN.exec(duration.trim());
  if (!m) throw new Error(`Invalid duration "${duration}": use <number><unit> with unit ms, s, m or h, e.g. "30s"`);
  return Number(m[1]) * UNIT_SECONDS[m[2]!]!;
}
