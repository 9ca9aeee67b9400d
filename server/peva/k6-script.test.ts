import { describe, expect, it } from 'vitest';
import type { PevaFunction } from '@/lib/contract/peva-config';
import { buildK6Script, k6Argv, k6MetricId, k6MetricIds, lbK6Tags, redactK6Script } from './k6-script';

const functions: PevaFunction[] = [
  { name: 'figlet', method: 'POST', body: 'Hello "PEVA"', headers: { 'Content-Type': 'text/plain' } },
  { name: 'env', method: 'GET', body: '', headers: {} },
  { name: '3d-render', method: 'GET', body: '', headers: {} },
];

type Added = { metric: string; value: unknown }[];

/** Runs the generated script with stand-ins for k6's modules (imports and exports stripped). */
function load(script: string, status = 200) {
  const added: Added = [];
  const requests: unknown[][] = [];
  const metric = (kind: string) =>
    class {
      constructor(
        readonly name: string,
        readonly isTime?: boolean,
      ) {}
      add(value: unknown) {
        added.push({ metric: `${kind}:${this.name}`, value });
      }
    };
  const http = { request: (...args: unknown[]) => (requests.push(args), { status, timings: { duration: 12.5 } }) };
  const execs = [...script.matchAll(/export function (\w+)\(/g)].map((m) => m[1]!);
  const body = script
    .split('\n')
    .filter((l) => !l.startsWith('import '))
    .join('\n')
    .replace(/export (function|const) /g, '$1 ');
  const factory = new Function(
    'http',
    'sleep',
    'Rate',
    'Trend',
    'Counter',
    'check',
    `${body}\nreturn { options, ${execs.join(', ')} };`,
  );
  const check = (res: unknown, checks: Record<string, (r: unknown) => boolean>) => {
    for (const [name, fn] of Object.entries(checks)) added.push({ metric: `check:${name}`, value: fn(res) });
  };
  const mod = factory(http, () => undefined, metric('Rate'), metric('Trend'), metric('Counter'), check) as Record<
    string,
    unknown
  > & {
    options: { scenarios: Record<string, Record<string, unknown>> };
  };
  return { mod, added, requests, execs };
}

describe('k6MetricId', () => {
  it('replaces non [A-Za-z0-9_] and prefixes a leading digit like lb', () => {
    expect(k6MetricId('figlet')).toBe('figlet');
    expect(k6MetricId('nodeinfo-http.v2')).toBe('nodeinfo_http_v2');
    expect(k6MetricId('3d-render')).toBe('fn_3d_render');
  });
  it('keeps colliding names apart', () => {
    expect([...k6MetricIds(['a.b', 'a-b']).entries()]).toEqual([
      ['a-b', 'a_b'],
      ['a.b', 'a_b_2'],
    ]);
  });
});

describe('buildK6Script', () => {
  const script = buildK6Script({
    pairs: [
      { name: 'figlet', rate: 20 },
      { name: 'env', rate: 0 },
      { name: '3d-render', rate: 3 },
    ],
    functions,
    gatewayUrl: 'http://10.0.0.5:31112/',
    duration: '1m',
    authHeader: 'Basic YWRtaW46c2VjcmV0',
  });

  it('has one constant-arrival-rate scenario per function with rate > 0', () => {
    const { mod } = load(script);
    expect(Object.keys(mod.options.scenarios).sort()).toEqual(['figlet', 'fn_3d_render']);
    expect(mod.options.scenarios.figlet).toEqual({
      executor: 'constant-arrival-rate',
      rate: 20,
      timeUnit: '1s',
      duration: '1m',
      preAllocatedVUs: 20,
      maxVUs: 20,
      exec: 'exec_figlet',
      tags: { function: 'figlet' },
    });
    expect(mod.options.scenarios.fn_3d_render).toMatchObject({ rate: 3, timeUnit: '1s', exec: 'exec_fn_3d_render' });
  });

  it('declares the three custom metrics per function', () => {
    for (const id of ['figlet', 'env', 'fn_3d_render']) {
      expect(script).toContain(`new Rate("success_rate_${id}")`);
      expect(script).toContain(`new Trend("latency_${id}")`);
      expect(script).toContain(`new Counter("request_count_${id}")`);
    }
  });

  it('sends the request to the gateway with auth and headers, and counts 2xx as success', () => {
    const ok = load(script, 204);
    (ok.mod.exec_figlet as () => void)();
    expect(ok.requests[0]).toEqual([
      'POST',
      'http://10.0.0.5:31112/function/figlet',
      'Hello "PEVA"',
      {
        headers: { Authorization: 'Basic YWRtaW46c2VjcmV0', 'Content-Type': 'text/plain' },
      },
    ]);
    expect(ok.added).toEqual([
      { metric: 'Rate:success_rate_figlet', value: true },
      { metric: 'Trend:latency_figlet', value: 12.5 },
      { metric: 'Counter:request_count_figlet', value: 1 },
      { metric: 'check:status is 2xx', value: true },
    ]);
    const bad = load(script, 502);
    (bad.mod.exec_env as () => void)();
    expect(bad.requests[0]?.[2]).toBe(''); // lb sends the configured body as is, "" included
    expect(bad.added[0]).toEqual({ metric: 'Rate:success_rate_env', value: false });
  });

  it("leaves a function's own Authorization header (any case) alone, as lb sends it", () => {
    const own = buildK6Script({
      pairs: [
        { name: 'env', rate: 1 },
        { name: 'figlet', rate: 1 },
      ],
      functions: [
        { name: 'env', method: 'GET', body: '', headers: { authorization: 'Bearer mine' } },
        { name: 'figlet', method: 'GET', body: '', headers: {} },
      ],
      gatewayUrl: 'http://gw',
      duration: '1s',
      authHeader: 'Basic Z3c=',
    });
    expect(own).toContain('  headers: {"authorization": "Bearer mine"},\n');
    expect(own).toContain('  headers: Object.assign({ Authorization: AUTHORIZATION }, {}),\n');
    const { mod, requests } = load(own);
    (mod.exec_env as () => void)();
    (mod.exec_figlet as () => void)();
    expect(requests.map((r) => r[3])).toEqual([
      { headers: { authorization: 'Bearer mine' } },
      { headers: { Authorization: 'Basic Z3c=' } },
    ]);
  });

  it('idles one VU when every rate is 0 (k6 rejects empty scenarios)', () => {
    const idle = buildK6Script({
      pairs: [{ name: 'env', rate: 0 }],
      functions,
      gatewayUrl: 'http://gw',
      duration: '10s',
    });
    const { mod } = load(idle);
    expect(Object.keys(mod.options.scenarios)).toEqual(['idle']);
    expect(idle).not.toContain('AUTHORIZATION');
  });

  it('redacts the authorization value for the copy on disk', () => {
    const red = redactK6Script(script);
    expect(red).not.toContain('YWRtaW46c2VjcmV0');
    expect(red).toContain('"<redacted>"');
    expect(red.split('\n').length).toBe(script.split('\n').length);
  });

  it('fails clearly when a configured function is unknown', () => {
    expect(() =>
      buildK6Script({ pairs: [{ name: 'nope', rate: 1 }], functions, gatewayUrl: 'http://gw', duration: '1s' }),
    ).toThrow(/"nope"/);
  });
});

describe("k6Argv and lb's tags", () => {
  it('tags every run as lb does: k6_tags, then run_id, component, workload, repetition', () => {
    expect(lbK6Tags({ team: 'a', run_id: 'x' }, 'run-1', 2)).toEqual({
      team: 'a',
      run_id: 'run-1',
      component: 'k6',
      workload: 'peva_faas',
      repetition: '2',
    });
  });
  it('keeps the position of a k6_tags key that a run tag overrides (lb: a dict update)', () => {
    expect(Object.entries(lbK6Tags({ workload: 'x', team: 'a', run_id: 'x' }, 'r', 1))).toEqual([
      ['workload', 'peva_faas'],
      ['team', 'a'],
      ['run_id', 'r'],
      ['component', 'k6'],
      ['repetition', '1'],
    ]);
  });
  it("builds lb's launch command (no --summary-trend-stats: k6's default statistics)", () => {
    expect(
      k6Argv({
        k6Path: '/usr/bin/k6',
        workspace: '/ws',
        outputs: ['json=/ws/out.json', ' '],
        tags: { run_id: 'r1', workload: 'peva_faas' },
      }),
    ).toEqual([
      '/usr/bin/k6',
      'run',
      '--summary-export',
      '/ws/summary.json',
      '--out',
      'json=/ws/out.json',
      '--tag',
      'run_id=r1',
      '--tag',
      'workload=peva_faas',
      '/ws/script.js',
    ]);
  });
});
