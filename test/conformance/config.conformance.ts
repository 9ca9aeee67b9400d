// lb's config.py (DfaasConfig) against lib/contract/peva-config.ts (parsePevaConfig).
// Accept/reject must agree; for accepted configs the fields a case is about must parse to
// lb's values. A field lb-web's schema does not have at all is "missing".
import { describe, expect, it } from 'vitest';
import { parsePevaConfig, type ParsePevaResult } from '@/lib/contract/peva-config';
import { casesOf, Diffs, dropNulls, loadFixture, missing, same, show, title } from './support/fixtures';
import { schemaHasPath, valueAt } from './support/schema-paths';

const file = loadFixture('config');

interface LbError {
  loc: string[];
  msg: string;
}
type LbParse =
  { ok: true; config: Record<string, unknown>; deprecation_warnings: string[] } | { ok: false; errors: LbError[] };

/**
 * lb defaults `functions` to one figlet function; lb-web requires the list. The defaults case
 * reports that once; every other case gets lb's default list supplied so it tests its own field.
 */
const LB_DEFAULT_FUNCTIONS = (() => {
  const lb = casesOf<unknown, LbParse>(file, 'defaults')[0]?.expected;
  return lb?.ok ? dropNulls(lb.config.functions) : undefined;
})();
function withFunctions(input: unknown): unknown {
  if (!input || typeof input !== 'object' || Array.isArray(input) || 'functions' in input) return input;
  return { ...input, functions: LB_DEFAULT_FUNCTIONS };
}

const lbErrors = (errors: LbError[]): string =>
  errors
    .slice(0, 2)
    .map((e) => `${e.loc.join('.') || '<model>'}: ${e.msg}`)
    .join('; ');
const ourErrors = (r: ParsePevaResult): string =>
  r.ok ? '' : r.errors.map((e) => `${e.path || '<root>'}: ${e.message}`).join('; ');

/** Same verdict; then, for each focus field, lb's value (lb-web lacking the field = missing). */
function compareParse(ours: ParsePevaResult, lb: LbParse, focus: readonly string[]): void {
  if (!lb.ok) {
    if (ours.ok) expect.fail(`lb rejects (${lbErrors(lb.errors)}); ours accepts`);
    return;
  }
  if (!ours.ok) expect.fail(`lb accepts; ours rejects (${ourErrors(ours)})`);
  const diffs = new Diffs();
  const absent: string[] = [];
  for (const path of focus) {
    if (!schemaHasPath(path)) {
      absent.push(`${path} (lb: ${show(valueAt(lb.config, path), 80)})`);
      continue;
    }
    diffs.check(dropNulls(valueAt(ours.config, path)), dropNulls(valueAt(lb.config, path)), path);
  }
  diffs.assert();
  if (absent.length > 0) missing(`lb-web's config has no ${absent.join(', ')}`);
}

describe('config: parse', () => {
  for (const c of casesOf<{ config: unknown; focus: string[] }, LbParse>(file, 'parse')) {
    it(title(c), () => compareParse(parsePevaConfig(withFunctions(c.input.config)), c.expected, c.input.focus));
  }
});

describe('config: YAML config_path and env fallbacks', () => {
  for (const c of casesOf(file, 'yaml')) {
    it(title(c), () => missing('config_path YAML loading (`common` deep-merged with `plugins.peva_faas`)'));
  }
  for (const c of casesOf(file, 'env')) {
    it(title(c), () => missing('LB_GRAFANA_* environment fallbacks (no grafana settings in lb-web)'));
  }
  for (const c of casesOf(file, 'default_queries_path')) {
    it(title(c), () => missing('queries_path and its default-path detection (_looks_like_default_queries_path)'));
  }
});

describe('config: legacy rates', () => {
  for (const c of casesOf<{ config: unknown }, LbParse>(file, 'legacy_rates')) {
    it(title(c), () => {
      const ours = parsePevaConfig(withFunctions(c.input.config));
      const lb = c.expected;
      if (!lb.ok) {
        if (ours.ok) missing(`legacy \`rates\` validation: lb rejects (${lbErrors(lb.errors)}); ours drops \`rates\``);
        return;
      }
      if (!ours.ok) expect.fail(`lb accepts; ours rejects (${ourErrors(ours)})`);
      const lbStrategy = dropNulls(lb.config.rate_strategy);
      const ourStrategy = dropNulls(ours.config.rate_strategy);
      if (!same(ourStrategy, lbStrategy)) {
        missing(`legacy \`rates\` migration: lb rate_strategy ${show(lbStrategy)} ≠ ours ${show(ourStrategy)}`);
      }
    });
  }
});

describe('config: defaults', () => {
  for (const c of casesOf<{ fields: string[] }, LbParse>(file, 'defaults')) {
    it(title(c), () => {
      if (!c.expected.ok) expect.fail('lb must accept the empty config');
      const diffs = new Diffs();
      const bare = parsePevaConfig({});
      if (!bare.ok)
        diffs.add(`functions: lb defaults to ${show(LB_DEFAULT_FUNCTIONS, 120)}; ours rejects {} (${ourErrors(bare)})`);
      const ours = bare.ok ? bare : parsePevaConfig(withFunctions({}));
      if (!ours.ok) expect.fail(`ours rejects lb's default functions: ${ourErrors(ours)}`);
      for (const field of c.input.fields.filter((f) => bare.ok || f !== 'functions')) {
        diffs.check(dropNulls(valueAt(ours.config, field)), dropNulls(c.expected.config[field]), field);
      }
      diffs.assert();
    });
  }
  for (const c of casesOf<unknown, string[]>(file, 'field_coverage')) {
    it(title(c), () => {
      const lacking = c.expected.filter((field) => !schemaHasPath(field));
      if (lacking.length > 0) missing(`${lacking.length} lb config fields: ${lacking.join(', ')}`);
    });
  }
});
