// PEVA-FAAS configuration (FORMATS.md §6). Field names, types and defaults are lb's
// (lb_plugins/plugins/peva_faas/config.py, strategies/*.py) so that a config lb accepts parses
// here to the same settings; where lb-web deliberately differs the comment says so.
import { z } from 'zod';
import { MEMORY_SCHEMA_VERSION } from './memory-tables';
import { MEMORY_FILE_NAME } from './run-tree';
import { auditConfigKeys } from './config-keys';
import { configPathOf, resolvePevaSettings } from './config-file';
import { laxBool, laxFloat, laxInt } from './lax-number';
import { LbOnlySettingsSchema } from './lb-only-settings';
import { HOST_ADDRESS_PLACEHOLDER, LB_GATEWAY_URL, LB_PROMETHEUS_URL } from './url-template';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'] as const;
export const DURATION_PATTERN = /^(\d+)(ms|s|m|h)$/;
export const DEFAULT_DB_PATH = `benchmark_results/peva_faas/memory/${MEMORY_FILE_NAME}`;
/** How overload compares `cpu_usage_node` (percent of one core) with the threshold (ours). */
export const CPU_UNITS = ['one_core', 'node_capacity'] as const;
/** lb's warning when a config still uses the legacy `rates` (config.py `_migrate_legacy_rates`). */
export const LEGACY_RATES_WARNING = "The 'rates' field is deprecated. Use 'rate_strategy' instead.";

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

interface IntBounds {
  min?: number;
  /** Exclusive lower bound (pydantic's gt). */
  gt?: number;
  max?: number;
  maxMessage?: string;
}

/**
 * lb's `int` fields: pydantic lax input (10, 10.0, "10" are 10; 2.5 is refused), then the
 * bounds. Every rate, step, count, power and per-function max_rate of lb is an int.
 */
function int(what: string, b: IntBounds = {}) {
  let n = z
    .number({ error: `${what} must be an integer` })
    .int(`${what} must be an integer (lb reads it as int: no fractional part)`);
  if (b.min !== undefined) n = n.min(b.min, `${what} must be ≥ ${b.min}`);
  if (b.gt !== undefined) n = n.gt(b.gt, `${what} must be > ${b.gt}`);
  if (b.max !== undefined) n = n.max(b.max, b.maxMessage ?? `${what} must be ≤ ${b.max}`);
  return z.preprocess(laxInt, n);
}

/** lb's `float` fields (thresholds): numbers or numeric strings, finite, within [min, max]. */
function float(what: string, min: number, max: number, maxMessage?: string) {
  return z.preprocess(
    laxFloat,
    z
      .number({ error: `${what} must be a number` })
      .finite(`${what} must be a finite number`)
      .min(min, `${what} must be ≥ ${min}`)
      .max(max, maxMessage ?? `${what} must be ≤ ${max}`),
  );
}

/** lb's `X | None` fields: null means "not set", like an absent key. */
const nullAsAbsent = <T extends z.ZodType>(s: T) => z.preprocess((v) => (v === null ? undefined : v), s.optional());

const rate = (what: string, min = 0) =>
  int(what, {
    min,
    max: LIMITS.rate,
    maxMessage: `${what} must be ≤ ${LIMITS.rate} requests per second`,
  });
const minLeMax = <T extends { min_rate: number; max_rate: number }>(v: T) => v.min_rate <= v.max_rate;
const minLeMaxError = { message: 'max_rate must be ≥ min_rate (swap them or raise max_rate)', path: ['max_rate'] };
const linearStepsWithinLimit = (v: { min_rate: number; max_rate: number; step: number }) =>
  (v.max_rate - v.min_rate) / v.step < LIMITS.ratesPerFunction;
const linearStepsError = `step gives more than ${LIMITS.ratesPerFunction} rates between min_rate and max_rate; raise it`;

/** lb's default `functions` (DfaasConfig): one figlet function. */
export const LB_DEFAULT_FUNCTIONS = [
  { name: 'figlet', method: 'POST', body: 'Hello PEVA-faas!', headers: { 'Content-Type': 'text/plain' } },
] as const;

export const FunctionSchema = z.object({
  // Ours: trimmed, and control characters refused (lb takes any non-empty string).
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
  max_rate: nullAsAbsent(rate('max_rate')),
});

const LinearSchema = z
  .object({
    type: z.literal('linear'),
    min_rate: rate('min_rate').default(0),
    max_rate: rate('max_rate').default(200),
    step: int('step', { gt: 0 }).default(10),
  })
  .refine(minLeMax, minLeMaxError)
  .refine(linearStepsWithinLimit, { message: linearStepsError, path: ['step'] });

const RandomSchema = z
  .object({
    type: z.literal('random'),
    min_rate: rate('min_rate').default(10),
    max_rate: rate('max_rate').default(200),
    count: int('count', {
      min: 1,
      max: LIMITS.ratesPerFunction,
      maxMessage: `count must be ≤ ${LIMITS.ratesPerFunction}`,
    }).default(10),
    // lb draws from OS entropy when seed is absent; we fall back to 0 (see enumeration)
    // so a resumed run enumerates the same configurations.
    seed: nullAsAbsent(int('seed')),
  })
  .refine(minLeMax, minLeMaxError);

/**
 * The largest rate lb's ExponentialRateStrategy.generate_rates yields (base^p up to max_power,
 * stopping at the first above max_rate), or 0 when it yields none.
 */
function largestExponentialRate(v: { base: number; min_power: number; max_power: number; max_rate?: number }) {
  let largest = 0;
  for (let p = v.min_power; p <= v.max_power; p++) {
    const r = v.base ** p;
    if (v.max_rate !== undefined && r > v.max_rate) break;
    largest = r;
    if (r > LIMITS.rate) break; // already out of bounds: no need to go on
  }
  return largest;
}

const ExponentialSchema = z
  .object({
    type: z.literal('exponential'),
    base: int('base', { min: 2 }).default(2),
    min_power: int('min_power', { min: 0 }).default(0),
    max_power: int('max_power', { min: 0 }).default(8),
    max_rate: nullAsAbsent(rate('max_rate', 1)),
  })
  .refine((v) => v.min_power <= v.max_power, { message: 'max_power must be ≥ min_power', path: ['max_power'] })
  // Ours (the rate bound of LIMITS, which lb does not have): every rate the strategy yields.
  .refine((v) => v.min_power > v.max_power || largestExponentialRate(v) <= LIMITS.rate, {
    message: `rates base^power above ${LIMITS.rate} requests per second: lower max_power or set max_rate`,
    path: ['max_power'],
  });

const CustomSchema = z.object({
  type: z.literal('custom'),
  rates: z
    .array(rate('each rate'))
    .min(1, 'rates must list at least one rate')
    .max(LIMITS.ratesPerFunction, `rates may list at most ${LIMITS.ratesPerFunction} rates`)
    // lb (CustomRateStrategy._validate_rates) stores the rates sorted and deduplicated.
    .transform((rates) => [...new Set(rates)].sort((a, b) => a - b)),
});

export const RateStrategySchema = z
  .discriminatedUnion('type', [LinearSchema, RandomSchema, ExponentialSchema, CustomSchema], {
    error: 'rate_strategy.type must be one of linear, random, exponential, custom',
  })
  .prefault({ type: 'linear' });

/** lb's deprecated DfaasRatesConfig: an inclusive linear range, migrated into rate_strategy. */
const LegacyRatesSchema = z
  .object({
    min_rate: rate('rates.min_rate').default(0),
    max_rate: rate('rates.max_rate').default(200),
    step: int('rates.step', { gt: 0 }).default(10),
  })
  .refine(minLeMax, { message: 'rates.max_rate must be ≥ rates.min_rate', path: ['max_rate'] });

const CombinationsSchema = z
  .object({
    min_functions: int('min_functions', { min: 1 }).default(1),
    max_functions: int('max_functions', { min: 1 }).default(2),
  })
  .prefault({})
  .refine((c) => c.max_functions > c.min_functions, {
    message: 'max_functions is exclusive: it must be > min_functions (e.g. min 1, max 2 = single functions)',
    path: ['max_functions'],
  });

const durationValue = (d: string): number => Number(DURATION_PATTERN.exec(d)?.[1] ?? NaN);
export const DurationSchema = z
  .string()
  .trim()
  .regex(DURATION_PATTERN, 'duration must be <number><unit> with unit ms, s, m or h, e.g. "30s" or "1m"')
  // Format issues do not stop zod's refinements, so a non-matching string must pass here.
  // lb: the number must be > 0 ("0ms" is refused even though it would count as 1 s).
  .refine((d) => !DURATION_PATTERN.test(d) || durationValue(d) > 0, 'duration must be > 0, e.g. "30s"')
  .refine(
    (d) => !DURATION_PATTERN.test(d) || parseDurationSeconds(d) <= LIMITS.durationSeconds,
    'duration must be at most 24h per iteration',
  );

const CooldownSchema = z
  .object({
    max_wait_seconds: int('max_wait_seconds', {
      min: 0,
      max: LIMITS.cooldownWaitSeconds,
      maxMessage: `max_wait_seconds must be ≤ ${LIMITS.cooldownWaitSeconds} (24 h)`,
    }).default(180),
    sleep_step_seconds: int('sleep_step_seconds', { gt: 0, max: LIMITS.cooldownStepSeconds }).default(5),
    idle_threshold_pct: float('idle_threshold_pct', 0, 100).default(15),
  })
  .prefault({});

const fraction = (what: string, d: number) =>
  float(what, 0, 1, `${what} must be a fraction between 0 and 1`).default(d);
const OverloadSchema = z
  .object({
    cpu_overload_pct_of_capacity: float(
      'cpu_overload_pct_of_capacity',
      0,
      100,
      'percent, 0–100 (of one core by default; of all cores with cpu_unit node_capacity)',
    ).default(80),
    ram_overload_pct: float('ram_overload_pct', 0, 100).default(90),
    success_rate_node_min: fraction('success_rate_node_min', 0.95),
    success_rate_function_min: fraction('success_rate_function_min', 0.9),
    replicas_overload_threshold: int('replicas_overload_threshold', { min: 1 }).default(15),
    // Ours: "one_core" compares cpu_usage_node (percent of one core) with the threshold as lb
    // does; "node_capacity" divides it by the node's core count first.
    cpu_unit: z.enum(CPU_UNITS, { error: `cpu_unit must be one of ${CPU_UNITS.join(', ')}` }).default('one_core'),
  })
  .prefault({});

/**
 * http(s) URLs, `{host.address}` allowed (resolved at run setup, url-template.ts). Ours: lb
 * takes any string and fails when it first connects; lb-web refuses the run before it starts.
 */
const endpointUrl = (what: string, lbDefault: string) =>
  z
    .string({ error: `${what} must be a string` })
    .trim()
    .refine(
      (u) => z.url({ protocol: /^https?$/ }).safeParse(u.split(HOST_ADDRESS_PLACEHOLDER).join('127.0.0.1')).success,
      `${what} must be an http(s) URL, e.g. http://10.0.0.5:31112 or http://{host.address}:31112`,
    )
    .default(lbDefault);

/** db_path is resolved inside the runner's lb_workdir: relative, and no `..` to climb out. */
function dbPathStaysInside(p: string): boolean {
  return !p.startsWith('/') && !/^[A-Za-z]:/.test(p) && !p.split(/[\\/]+/).includes('..');
}

/** A Parquet directory of `memory`: null/absent = off; like db_path, it stays inside lb_workdir. */
const parquetDir = (what: string) =>
  z.preprocess(
    (v) => (v === null || v === '' ? undefined : v),
    text(what, 512)
      .trim()
      .refine(dbPathStaysInside, `${what} must be a directory inside the runner's lb_workdir: relative, without ".."`)
      .optional(),
  );

const MemorySchema = z
  .object({
    backend: z.literal('duckdb', { error: 'memory.backend must be "duckdb"' }).default('duckdb'),
    // Ours: inside lb_workdir only (lb also takes absolute paths and `..`; FORMATS.md §6).
    db_path: text('db_path', 512)
      .trim()
      .min(1)
      .refine(
        dbPathStaysInside,
        'db_path must be a path inside the runner\'s lb_workdir: relative, without ".." (lb-web writes nowhere else)',
      )
      .default(DEFAULT_DB_PATH),
    // Ours: lb takes any label and writes it into the file; lb-web's store writes only v1.
    schema_version: z
      .literal(MEMORY_SCHEMA_VERSION, { error: `schema_version must be "${MEMORY_SCHEMA_VERSION}"` })
      .default(MEMORY_SCHEMA_VERSION),
    // lb's Parquet checkpoints (services/memory_checkpoint.py): preload the core tables at start,
    // export core / debug tables at the end. Directories inside lb_workdir, like db_path.
    preload_core_parquet_dir: parquetDir('preload_core_parquet_dir'),
    export_core_parquet_dir: parquetDir('export_core_parquet_dir'),
    export_raw_debug_parquet_dir: parquetDir('export_raw_debug_parquet_dir'),
    // lb declares it and reads it nowhere; kept for its dump.
    preload_raw_debug: z
      .preprocess(laxBool, z.boolean({ error: 'preload_raw_debug must be true or false' }))
      .default(false),
    // Ours: true starts a new memory file instead of extending the runner's existing one.
    fresh: z.boolean().default(false),
  })
  .prefault({});

type LinearStrategy = z.output<typeof LinearSchema>;
type LegacyRates = z.output<typeof LegacyRatesSchema>;

/**
 * lb's `_migrate_legacy_rates`: legacy `rates` replace the strategy only while it is still
 * the default linear 0..200 step 10 (absent, or given with exactly those values).
 */
export function migrateLegacyRates<S extends { type: string }>(strategy: S, rates: LegacyRates | undefined) {
  if (!rates) return { strategy: strategy as S | LinearStrategy, migrated: false };
  const s = strategy as unknown as Partial<LinearStrategy>;
  const isDefault = s.type === 'linear' && s.min_rate === 0 && s.max_rate === 200 && s.step === 10;
  if (!isDefault) return { strategy: strategy as S | LinearStrategy, migrated: false };
  const migrated: LinearStrategy = { type: 'linear', ...rates };
  return { strategy: migrated as S | LinearStrategy, migrated: true };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const PevaObjectSchema = z
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
      })
      .default(() => LB_DEFAULT_FUNCTIONS.map((f) => ({ ...f, headers: { ...f.headers } }))),
    rate_strategy: RateStrategySchema,
    rates: nullAsAbsent(LegacyRatesSchema),
    combinations: CombinationsSchema,
    duration: DurationSchema.default('30s'),
    iterations: int('iterations', {
      min: 1,
      max: LIMITS.iterations,
      maxMessage: `iterations must be ≤ ${LIMITS.iterations}`,
    }).default(3),
    cooldown: CooldownSchema,
    overload: OverloadSchema,
    gateway_url: endpointUrl('gateway_url', LB_GATEWAY_URL),
    prometheus_url: endpointUrl('prometheus_url', LB_PROMETHEUS_URL),
    memory: MemorySchema,
    // lb's policy settings (services/contracts.py, algorithm_loader.py): how the lead runner's
    // policy is updated and which policy chooses the configurations (server/peva/policy/).
    selection_mode: z
      .enum(['online', 'micro_batch'], { error: 'selection_mode must be "online" or "micro_batch"' })
      .default('online'),
    micro_batch_size: int('micro_batch_size', { min: 1 }).default(8),
    micro_batch_window_s: int('micro_batch_window_s', { min: 1 }).default(30),
    algorithm_entrypoint: nullAsAbsent(text('algorithm_entrypoint', 256)),
    k6_outputs: z.array(text('k6 output')).max(LIMITS.k6Options).default([]),
    k6_tags: z
      .record(text('k6 tag name', 128), text('k6 tag value'))
      .refine((t) => Object.keys(t).length <= LIMITS.k6Options, `at most ${LIMITS.k6Options} tags`)
      .default({}),
  })
  .superRefine(
    (cfg, ctx) => {
      const { strategy, migrated } = migrateLegacyRates(cfg.rate_strategy, cfg.rates);
      if (migrated && !linearStepsWithinLimit(strategy as LinearStrategy)) {
        ctx.addIssue({ code: 'custom', message: linearStepsError, path: ['rates', 'step'] });
      }
      // lb (`_validate_functions`, after the migration): a per-function cap below the
      // strategy's minimum is refused.
      const minRate = 'min_rate' in strategy ? strategy.min_rate : 0;
      cfg.functions.forEach((fn, i) => {
        if (fn.max_rate !== undefined && fn.max_rate < minRate) {
          ctx.addIssue({
            code: 'custom',
            message: `max_rate ${fn.max_rate} is below rate_strategy.min_rate ${minRate}`,
            path: ['functions', i, 'max_rate'],
          });
        }
      });
    },
    {
      when: (p) =>
        isRecord(p.value) &&
        !p.issues.some((i) => ['functions', 'rate_strategy', 'rates', 'combinations'].includes(String(i.path?.[0]))),
    },
  );

/** The settings with legacy `rates` migrated into `rate_strategy` (kept as given, like lb). */
export const PevaConfigSchema = PevaObjectSchema.transform((cfg) => ({
  ...cfg,
  rate_strategy: migrateLegacyRates(cfg.rate_strategy, cfg.rates).strategy,
}));

export type PevaConfig = z.output<typeof PevaConfigSchema>;
export type PevaConfigInput = z.input<typeof PevaConfigSchema>;
export type RateStrategy = PevaConfig['rate_strategy'];
export type PevaFunction = PevaConfig['functions'][number];
export type CpuUnit = (typeof CPU_UNITS)[number];

export interface ConfigError {
  path: string;
  message: string;
}
export type ParsePevaResult =
  | {
      ok: true;
      config: PevaConfig;
      /** lb settings lb-web ignores, deprecated ones, parts of the file not run (still meaningful to lb). */
      warnings: ConfigError[];
    }
  | { ok: false; errors: ConfigError[] };

const zodErrors = (issues: readonly z.core.$ZodIssue[], prefix = ''): ConfigError[] =>
  issues.map((i) => ({ path: [prefix, ...i.path.map(String)].filter(Boolean).join('.'), message: i.message }));

/**
 * lb validates plugin_settings.peva_faas before it merges a workload's options over it, so
 * legacy `rates` there are already migrated (config-file.ts `resolvePevaSettings`).
 */
export function hydratePluginSettings(base: Record<string, unknown>): Record<string, unknown> {
  if (base.rates === undefined || base.rates === null) return base;
  const r = PevaObjectSchema.safeParse(base);
  if (!r.success) return base;
  return { ...base, rate_strategy: migrateLegacyRates(r.data.rate_strategy, r.data.rates).strategy };
}

function legacyRatesWarning(strategy: RateStrategy, migrated: boolean): ConfigError {
  const effect =
    migrated && strategy.type === 'linear'
      ? `migrated into rate_strategy linear ${strategy.min_rate}..${strategy.max_rate} step ${strategy.step}`
      : 'not used: rate_strategy is set to something other than the default, and it wins';
  return { path: 'rates', message: `${LEGACY_RATES_WARNING} (${effect})` };
}

/**
 * Settings with legacy `rates` replaced by the strategy lb runs (for an editor that shows
 * `rate_strategy`): unchanged when there are no rates or either part is invalid.
 */
export function applyLegacyRates(settings: Record<string, unknown>): {
  settings: Record<string, unknown>;
  warning?: ConfigError;
} {
  if (settings.rates === undefined || settings.rates === null) return { settings };
  const strategy = RateStrategySchema.safeParse(settings.rate_strategy);
  const rates = LegacyRatesSchema.safeParse(settings.rates);
  if (!strategy.success || !rates.success) return { settings };
  const m = migrateLegacyRates(strategy.data, rates.data);
  const { rates: _rates, ...rest } = settings;
  return { settings: { ...rest, rate_strategy: m.strategy }, warning: legacyRatesWarning(m.strategy, m.migrated) };
}

/**
 * Parses a config document: a bare PEVA-FAAS object, lb's BenchmarkConfig
 * (`plugin_settings.peva_faas`, `workloads.<name>` with plugin peva_faas) or the
 * `common`/`plugins.peva_faas` layout of lb's YAML files (config-file.ts). Error and warning
 * paths are relative to the PEVA-FAAS settings.
 */
export interface ParsePevaOptions {
  /**
   * Ours (`--strict-config`, the New-run "strict" box): refuse what lb lets through — keys
   * neither tool reads (most often typos) and a config that runs no configuration. Default
   * false: lb's behaviour, where both are warnings.
   */
  strict?: boolean;
}

/** Problems lb lets through: errors under `strict`, warnings otherwise. */
function lenientProblems(body: unknown, config: PevaConfig | undefined): ConfigError[] {
  const problems = auditConfigKeys(body).errors;
  if (config && config.combinations.min_functions > config.functions.length) {
    problems.push({
      path: 'combinations.min_functions',
      message: `min_functions ${config.combinations.min_functions} exceeds the ${config.functions.length} configured function(s): no configuration would run`,
    });
  }
  return problems;
}

export function parsePevaConfig(input: unknown, opts: ParsePevaOptions = {}): ParsePevaResult {
  const source = resolvePevaSettings(input, hydratePluginSettings);
  if (!source.ok) return { ok: false, errors: [source.error] };
  const body = source.value.settings;
  const keys = auditConfigKeys(body);
  const parsed = PevaObjectSchema.safeParse(body);
  const lbOnly = isRecord(body) ? LbOnlySettingsSchema.safeParse(body) : null;
  const lenient = lenientProblems(body, parsed.success ? (parsed.data as PevaConfig) : undefined);
  const errors = [
    ...(parsed.success ? [] : zodErrors(parsed.error.issues)),
    ...(lbOnly && !lbOnly.success ? zodErrors(lbOnly.error.issues) : []),
    ...(opts.strict ? lenient : []),
  ];
  // Ours: lb reads the named YAML file here; only `lb-web run -c` can (it inlines the file).
  if (configPathOf(body) !== null) {
    errors.push({
      path: 'config_path',
      message:
        'config_path names a file lb reads its settings from: `lb-web run -c` inlines it, elsewhere import that file itself',
    });
  }
  if (!parsed.success || errors.length > 0) return { ok: false, errors };
  // PevaConfigSchema's transform, done here to know whether the legacy rates were used.
  const { strategy, migrated } = migrateLegacyRates(parsed.data.rate_strategy, parsed.data.rates);
  const config: PevaConfig = { ...parsed.data, rate_strategy: strategy };
  const ignored = lenient.map((p) => ({
    ...p,
    message: `${p.message} — accepted as lb does; strict mode (--strict-config) refuses it`,
  }));
  const warnings = [...source.value.warnings, ...keys.warnings, ...ignored];
  if (config.rates !== undefined) warnings.unshift(legacyRatesWarning(strategy, migrated));
  return { ok: true, config, warnings };
}

/**
 * A run request (form, tRPC, CLI): the config as given plus how strictly to read it, checked
 * by parsePevaConfig with every problem reported at once under `config.<path>`. The config
 * stays raw: the run manager parses it again and records what was submitted.
 */
export const StartRunRequestSchema = z
  .object({
    config: z.unknown(),
    strictConfig: z.boolean().default(false),
  })
  .superRefine((req, ctx) => {
    const r = parsePevaConfig(req.config, { strict: req.strictConfig });
    if (r.ok) return;
    for (const e of r.errors)
      ctx.addIssue({ code: 'custom', message: e.message, path: ['config', ...(e.path ? e.path.split('.') : [])] });
  });

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

function matchDuration(duration: string): RegExpExecArray {
  const m = DURATION_PATTERN.exec(duration.trim());
  if (!m) throw new Error(`Invalid duration "${duration}": use <number><unit> with unit ms, s, m or h, e.g. "30s"`);
  return m;
}

/**
 * lb's `parse_duration_seconds`: whole seconds, "1m" → 60, and milliseconds truncated to
 * seconds but at least 1 ("500ms" → 1, "1500ms" → 1). lb uses it for its runtime estimate
 * and Prometheus windows; k6 gets the duration string itself. Throws on anything else.
 */
export function parseDurationSeconds(duration: string): number {
  const m = matchDuration(duration);
  const value = Number(m[1]);
  return m[2] === 'ms' ? Math.max(1, Math.floor(value / 1000)) : (value * UNIT_MS[m[2]!]!) / 1000;
}

/** The duration as k6 runs it, in milliseconds ("500ms" → 500). Throws like parseDurationSeconds. */
export function parseDurationMs(duration: string): number {
  const m = matchDuration(duration);
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}
