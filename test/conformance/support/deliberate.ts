// Cases where lb-web differs from lb on purpose. Each is listed in docs/FORMATS.md ("Deliberate
// differences") with its reason and switch; deliberate.conformance.ts checks that it is. A
// registered case passes only while the difference is still there (the comparison with lb's
// value must fail) and our documented behaviour holds; once lb-web matches lb, it fails and
// asks for the entry to be removed. Nothing here is a skip: every registered case runs.
import { expect } from 'vitest';
import { title, type FixtureCase } from './fixtures';

export interface DeliberateDifference {
  /** Why lb-web does otherwise (one line, as in FORMATS.md). */
  reason: string;
  /** The FORMATS.md section that documents it. */
  section: `§${number}`;
  /** The config key or flag that gives lb's behaviour, or why there is none. */
  switch: string;
}

/** An lb feature lb-web does not implement; a config that uses it runs with a warning naming it. */
function lbOnlyFeature(what: string): DeliberateDifference {
  return {
    reason: `lb-only feature: ${what}`,
    section: '§6',
    switch: 'none: lb-web warns that it ignores the setting',
  };
}

/** Keyed "<fixture area>/<case id>". */
export const DELIBERATE: Readonly<Record<string, DeliberateDifference>> = {
  // Configs lb accepts and lb-web refuses before anything runs: safety bounds (FORMATS.md §6).
  'config/exponential max_power 100': {
    reason: 'rates are bounded (100 000 req/s); lb would enumerate 2^100 req/s',
    section: '§6',
    switch: 'none: set max_rate or a lower max_power',
  },
  'config/memory schema_version other than v1': {
    reason: 'the memory store writes only peva_faas_mem_v1, so another version would be a false label',
    section: '§9',
    switch: 'none',
  },
  'config/memory db_path with ..': {
    reason: "db_path stays inside the runner's workdir: the agent writes nowhere else",
    section: '§9',
    switch: 'none',
  },
  'config/gateway_url that is not a URL': {
    reason: 'URLs are checked before the run starts; lb fails at the first request',
    section: '§6',
    switch: 'none',
  },
  // PromQL (FORMATS.md §8).
  'prometheus/function name with a double quote': {
    reason: 'placeholder values are escaped as PromQL strings; lb pastes them raw, which breaks the query',
    section: '§8',
    switch: 'none (OpenFaaS names never hold quotes or backslashes, so real queries are identical)',
  },
  'prometheus/function name with a backslash': {
    reason: 'placeholder values are escaped as PromQL strings; lb pastes them raw, which breaks the query',
    section: '§8',
    switch: 'none (OpenFaaS names never hold quotes or backslashes, so real queries are identical)',
  },
  'prometheus/placeholder without a value': {
    reason: 'a query that still holds {function_name} is a bug, reported; lb sends it and reads an empty answer',
    section: '§8',
    switch: 'none',
  },
  'prometheus/instant: scalar result': {
    reason: 'a scalar answer is read as its value; lb crashes on it (AttributeError)',
    section: '§8',
    switch: 'none',
  },
  'prometheus/scaphandre with a PID regex for one function': lbOnlyFeature(
    'per-function power from scaphandre (scaphandre_enabled, function_pid_regexes)',
  ),
  'url-resolution/faas_cli_replicas:*': {
    reason:
      "replicas come from the gateway's /system/functions (what faas-cli list itself asks), not from faas-cli's table; the numbers are lb's (unlisted → 0)",
    section: '§12',
    switch: 'none',
  },
  // lb settings lb-web does not implement: accepted, checked by lb's rules, reported as ignored.
  'config/default queries_path': lbOnlyFeature('queries_path (lb-web ships its queries: FORMATS.md §8)'),
  'config/grafana settings from LB_GRAFANA_* env': lbOnlyFeature('grafana and its LB_GRAFANA_* environment fallbacks'),
  'config/legacy dfaas queries path is not the default': lbOnlyFeature('queries_path'),
  'config/every lb config field has a counterpart': lbOnlyFeature(
    'the lb settings listed in lib/contract/config-keys.ts',
  ),
};

/** "<area>/<case id>", or "<area>/<kind>:*" when every case of a kind differs the same way. */
export function deliberateKey(area: string, c: Pick<FixtureCase, 'id' | 'kind'>): string {
  const own = `${area}/${c.id}`;
  const ofKind = `${area}/${c.kind}:*`;
  return own in DELIBERATE || !(ofKind in DELIBERATE) ? own : ofKind;
}

/** The case title, marked for the report when the difference is deliberate. */
export function caseTitle(area: string, c: FixtureCase): string {
  return deliberateKey(area, c) in DELIBERATE ? `${title(c)} [deliberate]` : title(c);
}

/**
 * Runs `compare` (which fails when lb-web differs from lb). For a registered case the roles
 * swap: `compare` must fail, and `ours` (our documented behaviour) must hold.
 */
export function conform(
  area: string,
  c: Pick<FixtureCase, 'id' | 'kind'>,
  compare: () => void,
  ours?: () => void,
): void {
  const entry = DELIBERATE[deliberateKey(area, c)];
  if (!entry) {
    compare();
    return;
  }
  let differs = false;
  try {
    compare();
  } catch {
    differs = true;
  }
  if (!differs) {
    expect.fail(
      `${deliberateKey(area, c)} is listed as a deliberate difference but now matches lb: ` +
        'remove it from DELIBERATE and docs/FORMATS.md',
    );
  }
  ours?.();
}
