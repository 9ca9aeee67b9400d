// k6 script and command line per configuration (FORMATS.md §7). Every value that comes from
// the user (names, URLs, bodies, headers) enters the script through JSON.stringify, so a
// quote in a body cannot break or inject into the generated JavaScript.
import 'server-only';
import { join } from 'node:path';
import type { PevaConfig } from '@/lib/contract/peva-config';
import type { ConfigPair } from './enumeration';

export const SUMMARY_TREND_STATS = 'avg,min,med,max,p(90),p(95),p(99)';
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

/** k6 wants an integer `rate`; 2.5 req/s becomes 25 per "10s", evenly spaced all the same. */
export function k6RateSpec(rate: number): { rate: number; timeUnit: string } {
  let scale = 1;
  while (!Number.isInteger(Number((rate * scale).toFixed(6))) && scale < 1_000_000) scale *= 10;
  return { rate: Math.round(rate * scale), timeUnit: `${scale}s` };
}

/**
 * Open model: arrivals do not wait for responses, so slow responses need more VUs. One VU
 * per request/s is pre-allocated (enough up to 1 s latency) and k6 may grow to twice that
 * before it drops iterations (reported as dropped_iterations).
 */
export function k6Vus(rate: number): { preAllocatedVUs: number; maxVUs: number } {
  const pre = Math.max(1, Math.ceil(rate));
  return { preAllocatedVUs: pre, maxVUs: Math.max(10, pre * 2) };
}

export interface BuildK6ScriptInput {
  pairs: ConfigPair[];
  functions: PevaConfig['functions'];
  gatewayUrl: string;
  duration: string;
  /** Full header value, e.g. "Basic YWRtaW46…". Kept on one marked line so copies can be redacted. */
  authHeader?: string;
  /** Extra tags on every scenario (lb's k6_tags); `function` is always set per scenario. */
  tags?: Record<string, string>;
}

const js = (v: unknown): string => JSON.stringify(v);

export function buildK6Script(input: BuildK6ScriptInput): string {
  const byName = new Map(input.functions.map((f) => [f.name, f]));
  const pairs = [...input.pairs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const ids = k6MetricIds(pairs.map((p) => p.name));
  const gateway = input.gatewayUrl.replace(/\/+$/, '');
  const lines = [
    'import http from "k6/http";',
    'import { sleep } from "k6";',
    'import { Rate, Trend, Counter } from "k6/metrics";',
    '',
    `const AUTHORIZATION = ${js(input.authHeader ?? null)}; ${AUTH_MARKER}`,
    'const AUTH_HEADERS = AUTHORIZATION ? { Authorization: AUTHORIZATION } : {};',
    '',
  ];
  const scenarios: string[] = [];
  for (const { name, rate } of pairs) {
    const fn = byName.get(name);
    if (!fn) throw new Error(`k6 script: function "${name}" of the configuration is not in functions[]`);
    const id = ids.get(name)!;
    const request = {
      method: fn.method,
      url: `${gateway}/function/${encodeURIComponent(name)}`,
      body: fn.body === '' ? null : fn.body,
    };
    lines.push(
      `const fn_${id} = ${js(request)};`,
      `fn_${id}.headers = Object.assign({}, AUTH_HEADERS, ${js(fn.headers)});`,
      `const success_rate_${id} = new Rate("success_rate_${id}");`,
      `const latency_${id} = new Trend("latency_${id}", true);`,
      `const request_count_${id} = new Counter("request_count_${id}");`,
      `export function exec_${id}() {`,
      `  const res = http.request(fn_${id}.method, fn_${id}.url, fn_${id}.body, { headers: fn_${id}.headers });`,
      `  success_rate_${id}.add(res.status >= 200 && res.status < 300);`,
      `  latency_${id}.add(res.timings.duration);`,
      `  request_count_${id}.add(1);`,
      '}',
      '',
    );
    // Rate 0 means "function idle in this configuration": no scenario, hence no samples.
    if (rate > 0) {
      const scenario = {
        executor: 'constant-arrival-rate',
        ...k6RateSpec(rate),
        duration: input.duration,
        ...k6Vus(rate),
        exec: `exec_${id}`,
        tags: { ...input.tags, function: name },
      };
      scenarios.push(`    ${id}: ${js(scenario)},`);
    }
  }
  if (scenarios.length === 0) {
    // k6 refuses an empty scenarios object; lb idles one VU for the duration instead.
    scenarios.push(
      `    idle: ${js({ executor: 'constant-vus', vus: 1, duration: input.duration, exec: 'idle_exec' })},`,
    );
    lines.push('export function idle_exec() {', '  sleep(1);', '}', '');
  }
  lines.push(
    'export const options = {',
    '  discardResponseBodies: true,',
    '  scenarios: {',
    ...scenarios,
    '  },',
    '};',
    '',
  );
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

export interface K6ArgvInput {
  k6Path: string;
  workspace: string;
  outputs?: readonly string[];
  tags?: Record<string, string>;
}

/** `k6 run --summary-export <ws>/summary.json … [--out X]… [--tag k=v]… <ws>/script.js` */
export function k6Argv(input: K6ArgvInput): string[] {
  const outs = (input.outputs ?? []).map((o) => o.trim()).filter((o) => o !== '');
  return [
    input.k6Path,
    'run',
    '--summary-export',
    join(input.workspace, 'summary.json'),
    '--summary-trend-stats',
    SUMMARY_TREND_STATS,
    ...outs.flatMap((o) => ['--out', o]),
    ...Object.entries(input.tags ?? {}).flatMap(([k, v]) => ['--tag', `${k}=${v}`]),
    join(input.workspace, 'script.js'),
  ];
}
