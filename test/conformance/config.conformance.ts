// lb's config.py (DfaasConfig) against lib/contract/peva-config.ts (parsePevaConfig).
// Accept/reject must agree; for accepted configs the fields a case is about must parse to
// lb's values. A field lb-web's schema does not have at all is "missing"; fields only
// lb-web has (memory.fresh, overload.cpu_unit) are not compared.
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parsePevaConfig, type ParsePevaResult } from '@/lib/contract/peva-config';
import { configPathData, mergeConfigPath } from '@/lib/contract/config-file';
import { isLbOnlySetting } from '@/lib/contract/config-keys';
import { caseTitle, conform } from './support/deliberate';
import { casesOf, Diffs, dropNulls, loadFixture, missing, show } from './support/fixtures';
import { schemaHasPath, valueAt } from './support/schema-paths';

const file = loadFixture('config');

interface LbError {
  loc: string[];
  msg: string;
}
type LbParse =
  { ok: true; config: Record<string, unknown>; deprecation_warnings: string[] } | { ok: false; errors: LbError[] };

const AREA = 'config';

/** A config that sets `path` (dotted) to `value`. */
function configWith(path: string, value: unknown): Record<string, unknown> {
  const keys = path.split('.');
  return keys.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;
}

/**
 * Our side of an lb-only setting: a config that sets it runs, with a warning that names it as
 * an lb setting lb-web ignores (lib/contract/config-keys.ts).
 */
function expectReportedAsLbOnly(path: string, value: unknown): void {
  expect(isLbOnlySetting(path), `${path} is listed as lb-only in config-keys.ts`).toBe(true);
  const r = parsePevaConfig(configWith(path, value));
  if (!r.ok) expect.fail(`a config setting ${path} is refused: ${ourErrors(r)}`);
  expect(r.warnings.map((w) => w.path)).toContain(path);
}

/** Configs lb accepts and lb-web refuses on purpose, and the key the refusal names. */
const REFUSED_AT: Record<string, string> = {
  'exponential max_power 100': 'rate_strategy.max_power',
  'memory schema_version other than v1': 'memory.schema_version',
  'memory db_path with ..': 'memory.db_path',
  'gateway_url that is not a URL': 'gateway_url',
};

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
/** Same verdict; then, for each focus field, lb's value. Returns the lb fields lb-web lacks. */
function compareParse(ours: ParsePevaResult, lb: LbParse, focus: readonly string[]): void {
  if (!lb.ok) {
    if (ours.ok) expect.fail(`lb rejects (${lbErrors(lb.errors)}); ours accepts`);
    return;
  }
  if (!ours.ok) expect.fail(`lb accepts; ours rejects (${ourErrors(ours)})`);
  const diffs = new Diffs();
  const absent: string[] = [];
  for (const path of focus) compareAt(valueAt(ours.config, path), valueAt(lb.config, path), path, diffs, absent);
  diffs.assert();
  if (absent.length > 0) missing(`lb-web's config has no ${absent.join(', ')}`);
}

/** The focus paths of a case lb-web's schema lacks (each must then be a reported lb-only setting). */
const lbOnlyPaths = (focus: readonly string[]): string[] => focus.filter((p) => !schemaHasPath(p));

/** Our documented side of a config case registered in DELIBERATE. */
function oursFor(id: string, ours: ParsePevaResult, lb: LbParse, focus: readonly string[]): () => void {
  return () => {
    const refusedAt = REFUSED_AT[id];
    if (refusedAt) {
      if (ours.ok) expect.fail('ours accepts');
      expect(ours.errors.map((e) => e.path)).toContain(refusedAt);
      return;
    }
    if (!lb.ok) expect.fail('lb must accept the case');
    for (const path of lbOnlyPaths(focus)) expectReportedAsLbOnly(path, valueAt(lb.config, path));
  };
}

/** The top-level fields of lb's parsed config that lb-web has. */
const sharedFields = (config: Record<string, unknown>): string[] => Object.keys(config).filter((k) => schemaHasPath(k));

describe('config: parse', () => {
  for (const c of casesOf<{ config: unknown; focus: string[] }, LbParse>(file, 'parse')) {
    it(caseTitle(AREA, c), () => {
      const ours = parsePevaConfig(c.input.config);
      conform(
        AREA,
        c,
        () => compareParse(ours, c.expected, c.input.focus),
        oursFor(c.id, ours, c.expected, c.input.focus),
      );
    });
  }
});

describe('config: YAML config_path', () => {
  // lb reads the file named by config_path; `lb-web run -c` does the same (it inlines it) and
  // the New-run import takes the file itself. Both go through configPathData + mergeConfigPath.
  for (const c of casesOf<{ yaml: string; overrides: Record<string, unknown> }, LbParse>(file, 'yaml')) {
    it(caseTitle(AREA, c), () => {
      const data = configPathData(parseYaml(c.input.yaml, { version: '1.1' }));
      if (!data.ok) expect.fail(`ours refuses the YAML: ${data.error.message}`);
      const ours = parsePevaConfig(mergeConfigPath(data.value, c.input.overrides));
      const lb = c.expected;
      if (!lb.ok) {
        if (ours.ok) expect.fail(`lb rejects (${lbErrors(lb.errors)}); ours accepts`);
        return;
      }
      conform(AREA, c, () => compareParse(ours, lb, sharedFields(lb.config)));
    });
  }
});

describe('config: env fallbacks and queries_path', () => {
  // Both are about lb-only settings (grafana, queries_path): lb-web has no counterpart to
  // compare, so each case is registered in DELIBERATE and checks that lb-web reports them.
  for (const c of casesOf<{ focus: string[] }, LbParse>(file, 'env')) {
    it(caseTitle(AREA, c), () =>
      conform(
        AREA,
        c,
        () => missing('LB_GRAFANA_* environment fallbacks (no grafana settings in lb-web)'),
        () => {
          if (!c.expected.ok) expect.fail('lb must accept the case');
          for (const path of c.input.focus) expectReportedAsLbOnly(path, valueAt(c.expected.config, path));
        },
      ),
    );
  }
  for (const c of casesOf<{ path: string }, boolean>(file, 'default_queries_path')) {
    it(caseTitle(AREA, c), () =>
      conform(
        AREA,
        c,
        () => missing('queries_path and its default-path detection (_looks_like_default_queries_path)'),
        () => expectReportedAsLbOnly('queries_path', c.input.path),
      ),
    );
  }
});

describe('config: legacy rates', () => {
  for (const c of casesOf<{ config: Record<string, unknown> }, LbParse>(file, 'legacy_rates')) {
    it(caseTitle(AREA, c), () => {
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
    it(caseTitle(AREA, c), () => {
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
    // Every lb field is either read by lb-web or a reported lb-only setting: none is unknown.
    const lacking = c.expected.filter((field) => !schemaHasPath(field));
    it(caseTitle(AREA, c), () =>
      conform(
        AREA,
        c,
        () => {
          if (lacking.length > 0) missing(`${lacking.length} lb config fields: ${lacking.join(', ')}`);
        },
        () => expect(lacking.filter((f) => !isLbOnlySetting(f))).toEqual([]),
      ),
    );
  }
});
