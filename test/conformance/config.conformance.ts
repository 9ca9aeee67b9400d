// lb's config.py (DfaasConfig) against lib/contract/peva-config.ts (parsePevaConfig).
// Accept/reject must agree; for accepted configs the fields a case is about must parse to
// lb's values. A field lb-web's schema does not have at all is "missing"; fields only
// lb-web has (memory.fresh, overload.cpu_unit) are not compared.
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parsePevaConfig, type ParsePevaResult } from '@/lib/contract/peva-config';
import { configPathData, mergeConfigPath } from '@/lib/contract/config-file';
import { casesOf, Diffs, dropNulls, loadFixture, missing, show, title } from './support/fixtures';
import { schemaHasPath, valueAt } from './support/schema-paths';

const file = loadFixture('config');

interface LbError {
  loc: string[];
  msg: string;
}
type LbParse =
  { ok: true; config: Record<string, unknown>; deprecation_warnings: string[] } | { ok: false; errors: LbError[] };

/**
 * Cases where lb-web differs on purpose (docs/FORMATS.md §6). They still fail — the suite
 * measures conformance — but say why, so the report tells them from bugs.
 */
const DELIBERATE: Record<string, string> = {
  'min_functions above the number of functions': 'a config that would run no configuration is refused',
  'exponential max_power 100': `rates are bounded (LIMITS.rate); lb's 2^100 req/s would be enumerated`,
  'memory schema_version other than v1': "lb-web's memory store writes only peva_faas_mem_v1",
  'memory db_path with ..': "db_path stays inside the runner's lb_workdir (security)",
  'gateway_url that is not a URL': 'URLs are checked before the run starts (lb fails at the first request)',
  'unknown keys ignored': 'a key neither tool reads is an error (a typo would silently run the defaults)',
};
function deliberate(id: string, body: string): never {
  const why = DELIBERATE[id];
  expect.fail(why ? `deliberate (${why}): ${body}` : body);
}

const lbErrors = (errors: LbError[]): string =>
  errors
    .slice(0, 2)
    .map((e) => `${e.loc.join('.') || '<model>'}: ${e.msg}`)
    .join('; ');
const ourErrors = (r: ParsePevaResult): string =>
  r.ok ? '' : r.errors.map((e) => `${e.path || '<root>'}: ${e.message}`).join('; ');

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Compares lb's value at `path` with ours, key by key inside objects so that lb-web-only keys
 * are left out. A focused path lb-web's schema lacks goes to `absent`; nested lb keys it
 * lacks are skipped (the field_coverage and focused cases report those). null = absent.
 */
function compareAt(ours: unknown, lb: unknown, path: string, diffs: Diffs, absent: string[], nested = false): void {
  if (!schemaHasPath(path)) {
    if (!nested) absent.push(`${path} (lb: ${show(lb, 80)})`);
    return;
  }
  if ((lb === null || lb === undefined) && (ours === null || ours === undefined)) return;
  if (isRecord(lb) && isRecord(ours) && !path.endsWith('headers') && !path.endsWith('k6_tags')) {
    for (const [key, value] of Object.entries(lb)) compareAt(ours[key], value, `${path}.${key}`, diffs, absent, true);
    return;
  }
  diffs.check(dropNulls(ours), dropNulls(lb), path);
}

/** Same verdict; then, for each focus field, lb's value (lb-web lacking the field = missing). */
function compareParse(id: string, ours: ParsePevaResult, lb: LbParse, focus: readonly string[]): void {
  if (!lb.ok) {
    if (ours.ok) deliberate(id, `lb rejects (${lbErrors(lb.errors)}); ours accepts`);
    return;
  }
  if (!ours.ok) deliberate(id, `lb accepts; ours rejects (${ourErrors(ours)})`);
  const diffs = new Diffs();
  const absent: string[] = [];
  for (const path of focus) compareAt(valueAt(ours.config, path), valueAt(lb.config, path), path, diffs, absent);
  if (diffs.items.length > 0) deliberate(id, diffs.items.join('; '));
  if (absent.length > 0) missing(`lb-web's config has no ${absent.join(', ')}`);
}

/** The top-level fields of lb's parsed config that lb-web has. */
const sharedFields = (config: Record<string, unknown>): string[] => Object.keys(config).filter((k) => schemaHasPath(k));

describe('config: parse', () => {
  for (const c of casesOf<{ config: unknown; focus: string[] }, LbParse>(file, 'parse')) {
    it(title(c), () => compareParse(c.id, parsePevaConfig(c.input.config), c.expected, c.input.focus));
  }
});

describe('config: YAML config_path', () => {
  // lb reads the file named by config_path; `lb-web run -c` does the same (it inlines it) and
  // the New-run import takes the file itself. Both go through configPathData + mergeConfigPath.
  for (const c of casesOf<{ yaml: string; overrides: Record<string, unknown> }, LbParse>(file, 'yaml')) {
    it(title(c), () => {
      const data = configPathData(parseYaml(c.input.yaml, { version: '1.1' }));
      if (!data.ok) expect.fail(`ours refuses the YAML: ${data.error.message}`);
      const ours = parsePevaConfig(mergeConfigPath(data.value, c.input.overrides));
      const lb = c.expected;
      if (!lb.ok) {
        if (ours.ok) expect.fail(`lb rejects (${lbErrors(lb.errors)}); ours accepts`);
        return;
      }
      compareParse(c.id, ours, lb, sharedFields(lb.config));
    });
  }
});

describe('config: env fallbacks and queries_path', () => {
  for (const c of casesOf(file, 'env')) {
    it(title(c), () => missing('LB_GRAFANA_* environment fallbacks (no grafana settings in lb-web)'));
  }
  for (const c of casesOf(file, 'default_queries_path')) {
    it(title(c), () => missing('queries_path and its default-path detection (_looks_like_default_queries_path)'));
  }
});

describe('config: legacy rates', () => {
  for (const c of casesOf<{ config: Record<string, unknown> }, LbParse>(file, 'legacy_rates')) {
    it(title(c), () => {
      const ours = parsePevaConfig(c.input.config);
      const lb = c.expected;
      if (!lb.ok) {
        if (ours.ok) expect.fail(`lb rejects (${lbErrors(lb.errors)}); ours accepts`);
        return;
      }
      if (!ours.ok) expect.fail(`lb accepts; ours rejects (${ourErrors(ours)})`);
      const diffs = new Diffs();
      diffs.check(dropNulls(ours.config.rate_strategy), dropNulls(lb.config.rate_strategy), 'rate_strategy');
      diffs.check(dropNulls(ours.config.rates), dropNulls(lb.config.rates), 'rates');
      // lb warns (DeprecationWarning) whenever `rates` is set; ours says it as a config warning.
      const ourWarnings = ours.warnings.filter((w) => w.path === 'rates').map((w) => w.message);
      for (const text of lb.deprecation_warnings) {
        if (!ourWarnings.some((w) => w.startsWith(text)))
          diffs.add(`warning: lb ${show(text)} ≠ ours ${show(ourWarnings)}`);
      }
      diffs.assert();
    });
  }
});

describe('config: defaults', () => {
  for (const c of casesOf<{ fields: string[] }, LbParse>(file, 'defaults')) {
    it(title(c), () => {
      if (!c.expected.ok) expect.fail('lb must accept the empty config');
      const ours = parsePevaConfig({});
      if (!ours.ok) expect.fail(`ours rejects {} (${ourErrors(ours)})`);
      const diffs = new Diffs();
      const absent: string[] = [];
      for (const field of c.input.fields)
        compareAt(valueAt(ours.config, field), c.expected.config[field], field, diffs, absent);
      diffs.assert();
      if (absent.length > 0) missing(`lb-web's config has no ${absent.join(', ')}`);
    });
  }
  for (const c of casesOf<unknown, string[]>(file, 'field_coverage')) {
    it(title(c), () => {
      const lacking = c.expected.filter((field) => !schemaHasPath(field));
      if (lacking.length > 0) missing(`${lacking.length} lb config fields: ${lacking.join(', ')}`);
    });
  }
});
