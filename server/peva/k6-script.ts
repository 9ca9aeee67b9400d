// k6 script and command line per configuration (FORMATS.md §7). Every value that comes from
// the user (names, URLs, bodies, headers) enters the script through JSON.stringify, so a
// quote in a body cannot break or inject into the generated JavaScript.
import 'server-only';
import { join } from 'node:path';
import type { PevaConfig } from '@/lib/contract/peva-config';
import type { ConfigPair } from './enumeration';
import { WORKLOAD } from '@/lib/contract/run-tree';

/**
 * The statistics k6 writes for each Trend in summary.json. Like lb, lb-web passes no
 * `--summary-trend-stats`, so these are k6's defaults: there is no p(99) from real k6 (the
 * parsed p99 is NaN; only the built-in driver's summary carries one).
 */
export const SUMMARY_TREND_STATS = 'avg,min,med,max,p(90),p(95)';
const AUTH_MARKER = '// lb-web:auth';

/** lb's metric id: non [A-Za-z0-9_] → "_", "fn_" prefix when it starts with a digit. */
export function k6MetricId(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_]/g, '_') || 'fn';
  return /^[0-9]/.test(cleaned) ? `fn_${cleaned}` : cleaned;
}

/**
 * Ids for a configuration's functions, in name order. Two names can clean to the same id
 * ("a-b", "a.b"); like lb, a later one gets "_<position>" appended. Script and summary
 * parser must both use this so they agree.
 */
export function k6MetricIds(names: readonly string[]): Map<string, string> {
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const name of [...names].sort()) {
    let id = k6MetricId(name);
    if (taken.has(id)) id = `${id}_${ids.size + 1}`;
    ids.set(name, id);
    taken.add(id);
  }
  return ids;
}

/** lb's VUs: one per request/s, both pre-allocated and maximum (`max(1, rate)`). */
export function k6Vus(rate: number): { preAllocatedVUs: number; maxVUs: number } {
  const vus = Math.max(1, Math.ceil(rate));
  return { preAllocatedVUs: vus, maxVUs: vus };
}

export interface BuildK6ScriptInput {
  pairs: ConfigPair[];
  functions: PevaConfig['functions'];
  gatewayUrl: string;
  duration: string;
  /**
   * Full header value, e.g. "Basic YWRtaW46…", for a basic-auth gateway (ours: lb relies on
   * the user's `functions[].headers`). It adds only a marked `const AUTHORIZATION` line after
   * the imports (so copies can be redacted) and wraps the `headers:` of each function without
   * an Authorization header of its own; without it the script is lb's, byte for byte.
   */
  authHeader?: string;
}

// lb writes values into the script with Python's json.dumps; JSON.stringify agrees on strings
// and string maps, apart from non-ASCII characters, which Python escapes.
const js = (v: unknown): string =>
  JSON.stringify(v).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const pyDict = (v: Record<string, string>): string =>
  `{${Object.entries(v)
    .map(([k, x]) => `${js(k)}: ${js(x)}`)
    .join(', ')}}`;

/** lb's `K6Runner.build_script` text (services/k6_runner.py), scenario per function with load. */
export function buildK6Script(input: BuildK6ScriptInput): string {
  const byName = new Map(input.functions.map((f) => [f.name, f]));
  const pairs = [...input.pairs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const ids = k6MetricIds(pairs.map((p) => p.name));
  const gateway = input.gatewayUrl.replace(/\/+$/, '');
  const lines = [
    'import http from "k6/http";',
    'import { check, sleep } from "k6";',
    'import { Rate, Trend, Counter } from "k6/metrics";',
    '',
  ];
  if (input.authHeader) lines.push(`const AUTHORIZATION = ${js(input.authHeader)}; ${AUTH_MARKER}`, '');
  const scenarios: string[] = [];
  for (const { name, rate } of pairs) {
    const fn = byName.get(name);
    if (!fn) throw new Error(`k6 script: function "${name}" of the configuration is not in functions[]`);
    const id = ids.get(name)!;
    const exec = `exec_${id}`;
    // The gateway's Authorization goes under the function's own headers: one the user set
    // (any letter case) is sent as lb sends it, and that function's line stays lb's.
    const ownAuth = Object.keys(fn.headers).some((k) => k.toLowerCase() === 'authorization');
    const headers =
      input.authHeader && !ownAuth
        ? `Object.assign({ Authorization: AUTHORIZATION }, ${pyDict(fn.headers)})`
        : pyDict(fn.headers);
    lines.push(
      `const fn_${id} = {`,
      `  method: ${js(fn.method)},`,
      `  url: ${js(`${gateway}/function/${encodeURIComponent(name)}`)},`,
      `  body: ${js(fn.body)},`,
      `  headers: ${headers},`,
      '};',
      `const success_rate_${id} = new Rate("success_rate_${id}");`,
      `const latency_${id} = new Trend("latency_${id}");`,
      `const request_count_${id} = new Counter("request_count_${id}");`,
      '',
      `export function ${exec}() {`,
      `  const res = http.request(fn_${id}.method, fn_${id}.url, fn_${id}.body, { headers: fn_${id}.headers });`,
      '  const ok = res.status >= 200 && res.status < 300;',
      `  success_rate_${id}.add(ok);`,
      `  latency_${id}.add(res.timings.duration);`,
      `  request_count_${id}.add(1);`,
      '  check(res, { "status is 2xx": (r) => r.status >= 200 && r.status < 300 });',
      '}',
      '',
    );
    // Rate 0 means "function idle in this configuration": no scenario, hence no samples.
    if (rate > 0) {
      const { preAllocatedVUs, maxVUs } = k6Vus(rate);
      scenarios.push(
        [
          `    ${id}: {`,
          '      executor: "constant-arrival-rate",',
          `      rate: ${rate},`,
          '      timeUnit: "1s",',
          `      duration: ${js(input.duration)},`,
          `      preAllocatedVUs: ${preAllocatedVUs},`,
          `      maxVUs: ${maxVUs},`,
          `      exec: "${exec}",`,
          `      tags: { function: ${js(name)} },`,
          '    },',
        ].join('\n'),
      );
    }
  }
  lines.push('export const options = {', '  scenarios: {');
  if (scenarios.length) lines.push(...scenarios);
  else {
    // k6 refuses an empty scenarios object; lb idles one VU for the duration instead.
    lines.push(
      '    idle: {',
      '      executor: "constant-vus",',
      '      vus: 1,',
      `      duration: ${js(input.duration)},`,
      '      exec: "idle_exec",',
      '    },',
    );
  }
  lines.push('  },', '}', '');
  if (!scenarios.length) lines.push('export function idle_exec() {', '  sleep(1);', '}', '');
  return lines.join('\n');
}

/** The script with the Authorization value blanked, for copies kept in the output tree. */
export function redactK6Script(script: string): string {
  return script
    .split('\n')
    .map((l) =>
      l.startsWith('const AUTHORIZATION = ') && l.endsWith(AUTH_MARKER) && !l.includes('= null;')
        ? `const AUTHORIZATION = "<redacted>"; ${AUTH_MARKER}`
        : l,
    )
    .join('\n');
}

/**
 * lb's `DfaasGenerator._build_k6_tags`: the config's k6_tags, then run_id, component,
 * workload and repetition, which win on a clash. A clashing key keeps its k6_tags position
 * (a Python dict update and an object spread agree), so the `--tag` order is lb's; only
 * integer-like tag names, which any JS object (the parsed config too) puts first, can differ.
 */
export function lbK6Tags(k6Tags: Record<string, string>, runId: string, repetition: number): Record<string, string> {
  return { ...k6Tags, run_id: runId, component: 'k6', workload: WORKLOAD, repetition: String(repetition) };
}

export interface K6ArgvInput {
  k6Path: string;
  workspace: string;
  outputs?: readonly string[];
  tags?: Record<string, string>;
}

/**
 * lb's `K6Runner._build_k6_command`: `k6 run --summary-export <ws>/summary.json [--out X]…
 * [--tag k=v]… <ws>/script.js`, outputs trimmed and blank ones dropped, tags in their order.
 */
export function k6Argv(input: K6ArgvInput): string[] {
  const outs = (input.outputs ?? []).map((o) => o.trim()).filter((o) => o !== '');
  return [
    input.k6Path,
    'run',
    '--summary-export',
    join(input.workspace, 'summary.json'),
    ...outs.flatMap((o) => ['--out', o]),
    ...Object.entries(input.tags ?? {}).flatMap(([k, v]) => ['--tag', `${k}=${v}`]),
    join(input.workspace, 'script.js'),
  ];
}
