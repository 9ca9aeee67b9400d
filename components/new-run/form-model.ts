// The New-run form's values and their mapping to and from a PEVA-FAAS config. Inputs are
// kept as text so a half-typed number stays on screen; a blank field means "lb's default"
// (the key is left out and PevaConfigSchema fills it in), and text that is not a number
// becomes NaN, which the schema reports beside the field.
import { parse as parseYaml } from 'yaml';
import {
  applyLegacyRates,
  CPU_UNITS,
  hydratePluginSettings,
  LB_DEFAULT_FUNCTIONS,
  type CpuUnit,
  type PevaConfigInput,
} from '@/lib/contract/peva-config';
import { configPathOf, documentShape, resolvePevaSettings } from '@/lib/contract/config-file';

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
  /** overload.cpu_unit ('' = lb's default, one_core). */
  cpuUnit: '' | CpuUnit;
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
    cpuUnit: '',
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
    overload: nonEmpty(
      compact({
        ...Object.fromEntries(Object.entries(v.overload).map(([k, s]) => [k, num(s)])),
        cpu_unit: v.cpuUnit || undefined,
      }),
    ),
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
  v.cpuUnit = CPU_UNITS.find((u) => u === ov.cpu_unit) ?? '';
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

export type ImportResult = { ok: true; config: unknown; notes: string[] } | { ok: false; error: string };

/** YAML as lb reads it (PyYAML's safe_load: YAML 1.1, a repeated key keeps the last value). */
const YAML_OPTIONS = { version: '1.1', uniqueKeys: false } as const;

/** A config file's text: JSON, or YAML (lb's config_path files are YAML). */
export function parseConfigText(textIn: string): { ok: true; doc: unknown } | { ok: false; error: string } {
  if (textIn.trim() === '') return { ok: false, error: 'nothing to import: paste or choose a JSON or YAML config' };
  try {
    return { ok: true, doc: JSON.parse(textIn) as unknown };
  } catch (jsonErr) {
    try {
      return { ok: true, doc: parseYaml(textIn, YAML_OPTIONS) as unknown };
    } catch (yamlErr) {
      const looksJson = /^\s*[[{]/.test(textIn);
      return {
        ok: false,
        error: looksJson
          ? `not valid JSON: ${(jsonErr as Error).message}`
          : `not valid JSON or YAML: ${(yamlErr as Error).message}`,
      };
    }
  }
}

/**
 * A pasted or chosen config file: a bare `peva_faas` block, `{"peva_faas": …}`, an lb config
 * (`plugin_settings.peva_faas`, `workloads.<name>` with plugin peva_faas) or lb's YAML layout
 * (`common` + `plugins.peva_faas`), JSON or YAML. The form gets the settings lb would run:
 * legacy `rates` turned into the strategy lb uses, lb's default function when none is listed.
 */
export function parseImport(textIn: string): ImportResult {
  const parsed = parseConfigText(textIn);
  if (!parsed.ok) return parsed;
  const raw = parsed.doc;
  if (!isRecord(raw))
    return { ok: false, error: 'expected an object with the PEVA-FAAS settings (functions, rate_strategy, …)' };
  // `{"peva_faas": …}` is ours (not an lb file shape).
  const doc = documentShape(raw) === 'bare' && isRecord(raw.peva_faas) ? raw.peva_faas : raw;
  const source = resolvePevaSettings(doc, hydratePluginSettings);
  if (!source.ok)
    return { ok: false, error: `${source.error.path ? `${source.error.path}: ` : ''}${source.error.message}` };
  if (!isRecord(source.value.settings))
    return { ok: false, error: 'expected an object with the PEVA-FAAS settings (functions, rate_strategy, …)' };
  const notes = source.value.warnings.map((w) => w.message);
  const configPath = configPathOf(source.value.settings);
  if (configPath !== null)
    return {
      ok: false,
      error: `config_path: lb reads these settings from ${configPath}; import that file (its common + plugins.peva_faas are merged), or run this one with \`lb-web run -c\``,
    };
  const { settings, warning } = applyLegacyRates(source.value.settings);
  if (warning) notes.push(warning.message);
  if (!('functions' in settings)) {
    notes.push("no functions listed: lb's default function (figlet) filled in");
    return { ok: true, config: { ...settings, functions: LB_DEFAULT_FUNCTIONS.map((f) => ({ ...f })) }, notes };
  }
  return { ok: true, config: settings, notes };
}
