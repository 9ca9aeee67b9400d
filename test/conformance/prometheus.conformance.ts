// lb's queries.yml / queries.py / metrics_collector.py against server/peva/peva-queries.ts
// and prometheus-client.ts: the PromQL text, placeholder rendering, reading answers, and the
// exact HTTP requests made for one iteration (instant vs range) and for the baseline.
import { describe, expect, it } from 'vitest';
import { parseDurationSeconds } from '@/lib/contract/peva-config';
import {
  collectConfigMetrics,
  nodeSnapshot,
  PEVA_QUERIES,
  PEVA_QUERY_OPTIONS,
  renderQuery,
} from '@/server/peva/peva-queries';
import { PrometheusClient } from '@/server/peva/prometheus-client';
import { caseTitle, conform } from './support/deliberate';
import { casesOf, Diffs, expectSame, loadFixture, missing, show, title } from './support/fixtures';

const AREA = 'prometheus';
const file = loadFixture('prometheus');

describe('prometheus: queries.yml', () => {
  interface Def {
    name: string;
    query: string;
    range: boolean;
    step: string;
    enabled_if: string | null;
  }
  for (const c of casesOf<unknown, Def[]>(file, 'queries_yml')) {
    for (const def of c.expected) {
      it(`${title(c)} › ${def.name} PromQL`, () => {
        const ours = (PEVA_QUERIES as Record<string, string>)[def.name];
        if (ours === undefined) missing(`query ${def.name}`);
        expectSame(ours, def.query, `${def.name} PromQL`);
      });
    }
    it(`${title(c)} › range/step/enabled_if`, () => {
      const diffs = new Diffs();
      for (const def of c.expected) {
        const ours = (PEVA_QUERY_OPTIONS as Record<string, { range: boolean; step: string; enabledIf: string | null }>)[
          def.name
        ];
        if (ours === undefined) missing(`query ${def.name}`);
        diffs.check([ours.range, ours.step, ours.enabledIf], [def.range, def.step, def.enabled_if], def.name);
      }
      diffs.assert();
    });
  }
});

describe('prometheus: rendering', () => {
  type In = { template: string; time_span: string; function_name?: string; pid_regex?: string };
  for (const c of casesOf<In, string>(file, 'render_query')) {
    const render = () => renderQuery(c.input.template, c.input);
    it(caseTitle(AREA, c), () =>
      conform(
        AREA,
        c,
        () => {
          let ours: string;
          try {
            ours = render();
          } catch (err) {
            expect.fail(`lb renders ${show(c.expected)}; ours throws (${(err as Error).message.slice(0, 120)})`);
          }
          expectSame(ours, c.expected, 'rendered query');
        },
        () => {
          // Ours: values are PromQL string literals (escaped); a placeholder without a value is an error.
          if (/\{(function_name|pid_regex)\}/.test(c.expected)) expect(render).toThrow(/no value was given/);
          else expect(render()).toContain(JSON.stringify(c.input.function_name ?? c.input.pid_regex));
        },
      ),
    );
  }
});

/** lb's unit tests feed bare {"data": {"result": …}}; a real Prometheus always sends status and resultType. */
function envelope(payload: Record<string, unknown>, resultType: string): unknown {
  const data = (payload.data ?? {}) as Record<string, unknown>;
  const result = Array.isArray(data.result)
    ? data.result.map((r: unknown) => (r && typeof r === 'object' ? { metric: {}, ...r } : r))
    : [];
  return { status: 'success', ...payload, data: { resultType, ...data, result } };
}

function clientAnswering(body: unknown): PrometheusClient {
  const fetchImpl = (async () => new Response(JSON.stringify(body), { status: 200 })) as typeof fetch;
  return new PrometheusClient('http://prom', { fetchImpl, emptyRetryBudgetMs: 0 });
}

describe('prometheus: reading answers', () => {
  type Lb = { ok: true; value: number } | { ok: false; error: { type: string; message: string } };
  const cases = [
    ...casesOf<{ payload: Record<string, unknown> }, Lb>(file, 'parse_instant').map((c) => ({ c, range: false })),
    ...casesOf<{ payload: Record<string, unknown> }, Lb>(file, 'parse_range').map((c) => ({ c, range: true })),
  ];
  for (const { c, range } of cases) {
    it(caseTitle(AREA, c), async () => {
      const client = clientAnswering(envelope(c.input.payload, range ? 'matrix' : 'vector'));
      let ours: number | Error;
      try {
        ours = range ? await client.rangeMean('q', 0, 10, 10) : await client.instant('q');
      } catch (err) {
        ours = err as Error;
      }
      const lb = c.expected;
      conform(
        AREA,
        c,
        () => {
          if (!lb.ok) {
            if (!(ours instanceof Error))
              expect.fail(`lb raises (${lb.error.type}: ${lb.error.message}); ours returns ${ours}`);
            return;
          }
          if (ours instanceof Error) expect.fail(`lb returns ${lb.value}; ours throws (${ours.message.slice(0, 120)})`);
          expectSame(ours, lb.value, range ? 'range average' : 'instant value');
        },
        // Ours: a scalar answer is read as its value (lb crashes on it with an AttributeError).
        () => expect(ours).toBeTypeOf('number'),
      );
    });
  }
});

/** PromQL text back to its name, window and function: "cpu_usage_function[30s](figlet)". */
const TEMPLATES = Object.entries(PEVA_QUERIES).map(([name, template]) => {
  const keys: string[] = [];
  const source = template
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\\\{(time_span|function_name|pid_regex)\\\}/g, (_m, key: string) => (keys.push(key), '(.*?)'));
  return { name, keys, re: new RegExp(`^${source}$`) };
});
function queryLabel(query: string): string {
  for (const t of TEMPLATES) {
    const m = t.re.exec(query);
    if (!m) continue;
    const at = (key: string) => (t.keys.includes(key) ? m[t.keys.indexOf(key) + 1] : undefined);
    const fn = at('function_name') ?? at('pid_regex');
    return `${t.name}[${at('time_span') ?? ''}]${fn === undefined ? '' : `(${fn})`}`;
  }
  return JSON.stringify(query);
}
/** "query_range cpu_usage_node[30s] end=1060.0 start=1000.0 step=10s". */
function canon(path: string, params: Iterable<[string, string]>): string {
  const all = [...params];
  const query = all.find(([k]) => k === 'query')?.[1] ?? '';
  const rest = all
    .filter(([k]) => k !== 'query')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`);
  return [path.replace('/api/v1/', ''), queryLabel(query), ...rest].join(' ');
}

describe('prometheus: requests of one collection', () => {
  interface In {
    prometheus_url: string;
    duration: string;
    scaphandre_enabled: boolean;
    call: 'collect' | 'baseline';
    functions?: string[];
    start?: number;
    end?: number;
  }
  type Lb = { requests: Array<{ path: string; params: Record<string, string> }> };
  for (const c of casesOf<In, Lb>(file, 'requests')) {
    it(caseTitle(AREA, c), async () => {
      const seen: string[] = [];
      const fetchImpl = (async (input: string | URL | Request) => {
        const url = new URL(String(input));
        seen.push(canon(url.pathname, url.searchParams.entries()));
        const data = url.pathname.endsWith('/query_range')
          ? { resultType: 'matrix', result: [{ metric: {}, values: [[0, '1']] }] }
          : { resultType: 'vector', result: [{ metric: {}, value: [0, '2'] }] };
        return new Response(JSON.stringify({ status: 'success', data }), { status: 200 });
      }) as typeof fetch;
      const client = new PrometheusClient(c.input.prometheus_url, { fetchImpl, emptyRetryBudgetMs: 0 });
      const withPower = c.input.scaphandre_enabled;
      if (c.input.call === 'baseline') await nodeSnapshot(client, { timeSpan: c.input.duration, withPower });
      else {
        // server/agent/iteration.ts passes the configured duration as the PromQL window.
        await collectConfigMetrics(client, {
          functions: c.input.functions ?? [],
          startS: c.input.start ?? 0,
          endS: c.input.end ?? 0,
          durationS: parseDurationSeconds(c.input.duration),
          timeSpan: c.input.duration,
          withPower,
          // lb-web's own series file makes extra range queries lb does not; lb's requests are compared.
          withSeries: false,
        });
      }
      const lb = c.expected.requests.map((r) => canon(r.path, Object.entries(r.params))).sort();
      const ours = seen.sort();
      const diffs = new Diffs();
      const lbOnly = lb.filter((r) => !ours.includes(r));
      const oursOnly = ours.filter((r) => !lb.includes(r));
      if (lbOnly.length) diffs.add(`lb only: ${lbOnly.join(', ')}`);
      if (oursOnly.length) diffs.add(`ours only: ${oursOnly.join(', ')}`);
      conform(
        AREA,
        c,
        () => diffs.assert(),
        // Ours: no per-function power (scaphandre_enabled/function_pid_regexes are lb-only); the rest as lb.
        () => expect(lbOnly.filter((r) => !r.includes('power_usage_function'))).toEqual([]),
      );
    });
  }
});
