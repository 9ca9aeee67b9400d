// The New-run form's values and their mapping to and from a PEVA-FAAS config. Inputs are
// kept as text so a half-typed number stays on screen; a blank field means "lb's default"
// (the key is left out and PevaConfigSchema fills it in), and text that is not a number
// becomes NaN, which the schema reports beside the field.
import type { PevaConfigInput } from '@/lib/contract/peva-config';

export type RateType = 'linear' | 'random' | 'exponential' | 'custom';

export interface FunctionRow {
  /** Stable React key for add/remove. */
  key: number;
  name: string;
  method: string;
  body: string;
  max_rate: string;
  /** One "Name: value" per line. */
  headers: string;
}

export interface FormValues {
  functions: FunctionRow[];
  rate: {
    type: RateType;
    min_rate: string;
    max_rate: string;
    step: string;
    count: string;
    seed: string;
    base: string;
    min_power: string;
    max_power: string;
    rates: string;
  };
  duration: string;
  iterations: string;
  combinations: { min_functions: string; max_functions: string };
  cooldown: { max_wait_seconds: string; sleep_step_seconds: string; idle_threshold_pct: string };
  overload: {
    cpu_overload_pct_of_capacity: string;
    ram_overload_pct: string;
    success_rate_node_min: string;
    success_rate_function_min: string;
    replicas_overload_threshold: string;
  };
  memory: { fresh: boolean; db_path: string };
  gateway_url: string;
  prometheus_url: string;
  /** Settings the form has no control for (k6_outputs, k6_tags, …), kept so an import round-trips. */
  passthrough: Record<string, unknown>;
}

let nextKey = 1;
export const newFunctionRow = (over: Partial<FunctionRow> = {}): FunctionRow => ({
  key: nextKey++,
  name: '',
  method: 'GET',
  body: '',
  max_rate: '',
  headers: '',
  ...over,
});

export function emptyValues(): FormValues {
  return {
    functions: [newFunctionRow()],
    rate: {
      type: 'linear',
      min_rate: '',
      max_rate: '',
      step: '',
      count: '',
      seed: '',
      base: '',
      min_power: '',
      max_power: '',
      rates: '',
    },
    duration: '',
    iterations: '',
    combinations: { min_functions: '', max_functions: '' },
    cooldown: { max_wait_seconds: '', sleep_step_seconds: '', idle_threshold_pct: '' },
    overload: {
      cpu_overload_pct_of_capacity: '',
      ram_overload_pct: '',
      success_rate_node_min: '',
      success_rate_function_min: '',
      replicas_overload_threshold: '',
    },
    memory: { fresh: false, db_path: '' },
    gateway_url: '',
    prometheus_url: '',
    passthrough: {},
  };
}

/** '' → undefined (use the default); anything else → a number, NaN when it is not one. */
const num = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s.trim()));
const text = (s: string): string | undefined => (s.trim() === '' ? undefined : s.trim());

/** Drops undefined values so the JSON view shows only what the user set. */
function compact<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function parseHeaders(s: string, path: string, errors: Record<string, string[]>): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const line of s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)) {
    const at = line.indexOf(':');
    if (at <= 0) {
      (errors[path] ??= []).push(`header line "${line}" must look like "Name: value"`);
      continue;
    }
    out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return Object.keys(out).length ? out : undefined;
}

function rateStrategy(r: FormValues['rate']): Record<string, unknown> {
  switch (r.type) {
    case 'linear':
      return compact({ type: 'linear', min_rate: num(r.min_rate), max_rate: num(r.max_rate), step: num(r.step) });
    case 'random':
      return compact({
        type: 'random',
        min_rate: num(r.min_rate),
        max_rate: num(r.max_rate),
        count: num(r.count),
        seed: num(r.seed),
      });
    case 'exponential':
      return compact({
        type: 'exponential',
        base: num(r.base),
        min_power: num(r.min_power),
        max_power: num(r.max_power),
        max_rate: num(r.max_rate),
      });
    case 'custom':
      return {
        type: 'custom',
        rates: r.rates
          .split(/[\s,;]+/)
          .filter(Boolean)
          .map(Number),
      };
  }
}

const nonEmpty = (o: Record<string, unknown>) => (Object.keys(o).length ? o : undefined);

/**
 * The config the form describes, plus errors the schema cannot see (a malformed header
 * line never reaches the config). Keys follow lb so the JSON is a `peva_faas` block.
 */
export function toConfig(v: FormValues): { config: PevaConfigInput; localErrors: Record<string, string[]> } {
  const localErrors: Record<string, string[]> = {};
  const functions = v.functions.map((f, i) =>
    compact({
      name: f.name.trim(),
      method: text(f.method),
      body: f.body === '' ? undefined : f.body,
      headers: parseHeaders(f.headers, `functions.${i}.headers`, localErrors),
      max_rate: num(f.max_rate),
    }),
  );
  const memory = compact({
    ...((v.passthrough.memory as Record<string, unknown> | undefined) ?? {}),
    fresh: v.memory.fresh || undefined,
    db_path: text(v.memory.db_path),
  });
  const { memory: _m, ...rest } = v.passthrough;
  const config = compact({
    ...rest,
    functions,
    rate_strategy: rateStrategy(v.rate),
    duration: text(v.duration),
    iterations: num(v.iterations),
    combinations: nonEmpty(
      compact({ min_functions: num(v.combinations.min_functions), max_functions: num(v.combinations.max_functions) }),
    ),
    cooldown: nonEmpty(
      compact({
        max_wait_seconds: num(v.cooldown.max_wait_seconds),
        sleep_step_seconds: num(v.cooldown.sleep_step_seconds),
        idle_threshold_pct: num(v.cooldown.idle_threshold_pct),
      }),
    ),
    overload: nonEmpty(compact(Object.fromEntries(Object.entries(v.overload).map(([k, s]) => [k, num(s)])))),
    gateway_url: text(v.gateway_url),
    prometheus_url: text(v.prometheus_url),
    memory: nonEmpty(memory),
  });
  return { config: config as PevaConfigInput, localErrors };
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const str = (x: unknown): string =>
  x === undefined || x === null
    ? ''
    : typeof x === 'string'
      ? x
      : typeof x === 'number' || typeof x === 'boolean'
        ? String(x)
        : JSON.stringify(x);

/** Form values from a (possibly partial or invalid) config object: whatever can be shown is shown. */
export function fromConfig(input: unknown): FormValues {
  const c = isRecord(input) ? input : {};
  const v = emptyValues();
  const fns = Array.isArray(c.functions) ? c.functions : [];
  v.functions = fns.length
    ? fns.map((f: unknown) => {
        const o: Record<string, unknown> = isRecord(f) ? f : { name: f };
        const headers = isRecord(o.headers)
          ? Object.entries(o.headers)
              .map(([k, val]) => `${k}: ${str(val)}`)
              .join('\n')
          : '';
        return newFunctionRow({
          name: str(o.name),
          method: str(o.method) || 'GET',
          body: str(o.body),
          max_rate: str(o.max_rate),
          headers,
        });
      })
    : [newFunctionRow()];
  const r = isRecord(c.rate_strategy) ? c.rate_strategy : {};
  const type = (['linear', 'random', 'exponential', 'custom'] as const).find((t) => t === r.type) ?? 'linear';
  v.rate = {
    ...v.rate,
    type,
    min_rate: str(r.min_rate),
    max_rate: str(r.max_rate),
    step: str(r.step),
    count: str(r.count),
    seed: str(r.seed),
    base: str(r.base),
    min_power: str(r.min_power),
    max_power: str(r.max_power),
  };
  v.rate.rates = Array.isArray(r.rates) ? r.rates.map(str).join(', ') : '';
  v.duration = str(c.duration);
  v.iterations = str(c.iterations);
  const comb = isRecord(c.combinations) ? c.combinations : {};
  v.combinations = { min_functions: str(comb.min_functions), max_functions: str(comb.max_functions) };
  const cd = isRecord(c.cooldown) ? c.cooldown : {};
  v.cooldown = {
    max_wait_seconds: str(cd.max_wait_seconds),
    sleep_step_seconds: str(cd.sleep_step_seconds),
    idle_threshold_pct: str(cd.idle_threshold_pct),
  };
  const ov = isRecord(c.overload) ? c.overload : {};
  v.overload = Object.fromEntries(Object.keys(v.overload).map((k) => [k, str(ov[k])])) as FormValues['overload'];
  const mem = isRecord(c.memory) ? c.memory : {};
  v.memory = { fresh: mem.fresh === true, db_path: str(mem.db_path) };
  v.gateway_url = str(c.gateway_url);
  v.prometheus_url = str(c.prometheus_url);
  const { fresh: _f, db_path: _d, ...memRest } = mem;
  const known = new Set([
    'functions',
    'rate_strategy',
    'duration',
    'iterations',
    'combinations',
    'cooldown',
    'overload',
    'memory',
    'gateway_url',
    'prometheus_url',
  ]);
  v.passthrough = Object.fromEntries(Object.entries(c).filter(([k]) => !known.has(k)));
  if (Object.keys(memRest).length) v.passthrough.memory = memRest;
  return v;
}

export type ImportResult = { ok: true; config: unknown } | { ok: false; error: string };

/** Pasted JSON: a bare `peva_faas` block, `{"peva_faas": …}`, or an lb config with `plugin_settings.peva_faas`. */
export function parseImport(textIn: string): ImportResult {
  let raw: unknown;
  try {
    raw = JSON.parse(textIn);
  } catch (e) {
    return { ok: false, error: `not valid JSON: ${(e as Error).message}` };
  }
  if (!isRecord(raw))
    return { ok: false, error: 'expected a JSON object with the PEVA-FAAS settings (functions, rate_strategy, …)' };
  if ('plugin_settings' in raw) {
    const ps = raw.plugin_settings;
    if (!isRecord(ps) || !isRecord(ps.peva_faas))
      return {
        ok: false,
        error: "plugin_settings.peva_faas is missing: paste lb's config with a peva_faas block, or the block itself",
      };
    return { ok: true, config: ps.peva_faas };
  }
  if (isRecord(raw.peva_faas)) return { ok: true, config: raw.peva_faas };
  return { ok: true, config: raw };
}
