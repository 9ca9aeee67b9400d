import { describe, expect, it } from 'vitest';
import {
  collectConfigMetrics,
  nodeCpuCount,
  nodeSnapshot,
  PEVA_QUERIES,
  rangeStepFor,
  renderQuery,
} from './peva-queries';
import { PrometheusClient, PrometheusEmptyResultError, PrometheusQueryError } from './prometheus-client';

// Contracts §8, copied verbatim: the templates must not drift from lb's.
const CONTRACT = {
  cpu_usage_node: '100 * sum(1 - rate(node_cpu_seconds_total{mode="idle"}[{time_span}]))',
  ram_usage_node:
    'avg(avg_over_time(node_memory_MemTotal_bytes[{time_span}]) - avg_over_time(node_memory_MemAvailable_bytes[{time_span}]))',
  ram_usage_node_pct:
    '100 * avg(1 - ((avg_over_time(node_memory_MemFree_bytes[{time_span}]) + avg_over_time(node_memory_Cached_bytes[{time_span}]) + avg_over_time(node_memory_Buffers_bytes[{time_span}])) / avg_over_time(node_memory_MemTotal_bytes[{time_span}])))',
  ram_usage_function:
    'avg_over_time(container_memory_usage_bytes{id=~"^/kubepods.*", container_label_io_kubernetes_container_name="{function_name}"}[{time_span}])',
  cpu_usage_function:
    '100 * sum(rate(container_cpu_usage_seconds_total{id=~"^/kubepods.*", container_label_io_kubernetes_container_name="{function_name}"}[{time_span}]))',
  power_usage_node: 'avg_over_time(scaph_host_power_microwatts[{time_span}])',
  power_usage_function:
    'sum(avg_over_time(scaph_process_power_consumption_microwatts{pid=~"{pid_regex}"}[{time_span}]))',
};

type Answer = { value?: string; series?: Array<[number, string]>; status?: number; error?: string };
/** A Prometheus stand-in behind the real client: answers by the query text. */
function fakeProm(answer: (query: string, url: URL) => Answer | undefined) {
  const seen: URL[] = [];
  const fetchImpl = (async (input: string | URL | Request) => {
    const url = new URL(String(input));
    seen.push(url);
    const a = answer(url.searchParams.get('query') ?? '', url);
    if (a?.error)
      return Response.json({ status: 'error', errorType: 'execution', error: a.error }, { status: a.status ?? 422 });
    const range = url.pathname.endsWith('query_range');
    const result = range
      ? a?.series
        ? [{ metric: {}, values: a.series }]
        : []
      : a?.value !== undefined
        ? [{ metric: {}, value: [1, a.value] }]
        : [];
    return Response.json({ status: 'success', data: { resultType: range ? 'matrix' : 'vector', result } });
  }) as typeof fetch;
  return {
    seen,
    client: new PrometheusClient('http://prom:30411', { fetchImpl, emptyRetryIntervalMs: 20, emptyRetryBudgetMs: 200 }),
  };
}

describe('templates', () => {
  it('are FORMATS.md §8 verbatim', () => {
    expect(PEVA_QUERIES).toEqual(CONTRACT);
  });

  it('renderQuery fills time span and function, escapes label values, refuses a missing variable', () => {
    expect(renderQuery(PEVA_QUERIES.cpu_usage_node, { time_span: '30s' })).toBe(
      '100 * sum(1 - rate(node_cpu_seconds_total{mode="idle"}[30s]))',
    );
    expect(renderQuery(PEVA_QUERIES.ram_usage_function, { time_span: '1m', function_name: 'fig"let' })).toBe(
      'avg_over_time(container_memory_usage_bytes{id=~"^/kubepods.*", container_label_io_kubernetes_container_name="fig\\"let"}[1m])',
    );
    expect(renderQuery(PEVA_QUERIES.power_usage_function, { time_span: '10s', pid_regex: '12|34' })).toContain(
      'pid=~"12|34"}[10s]',
    );
    expect(() => renderQuery(PEVA_QUERIES.cpu_usage_function, { time_span: '30s' })).toThrow(/needs \{function_name\}/);
  });

  it('rangeStepFor: 10 s for long windows, ~5 points for short ones, never below 1 s', () => {
    expect([600, 60, 50, 30, 10, 4, 0].map(rangeStepFor)).toEqual([10, 10, 10, 6, 2, 1, 1]);
  });
});

describe('collectConfigMetrics', () => {
  const nodeValues = (q: string): Answer | undefined => {
    if (q.includes('node_cpu_seconds_total'))
      return {
        value: '37.5',
        series: [
          [1000, '30'],
          [1005, '45'],
        ],
      };
    if (q.includes('MemAvailable')) return { value: '2000000000', series: [[1000, '2e9']] };
    if (q.includes('MemFree')) return { value: '25', series: [[1000, '25']] };
    return undefined;
  };

  it('a load that lasted its duration: instant values now (no time parameter), NaN for an absent function', async () => {
    const { client, seen } = fakeProm((q) => {
      if (q.includes('container_cpu') && q.includes('"figlet"'))
        return {
          value: '12',
          series: [
            [1000, '10'],
            [1005, '14'],
          ],
        };
      if (q.includes('container_memory') && q.includes('"figlet"')) return { value: 'NaN' };
      return nodeValues(q);
    });
    const t0 = Date.now();
    const m = await collectConfigMetrics(client, {
      functions: ['figlet', 'ghost'],
      startS: 1000,
      endS: 1010,
      durationS: 10,
      timeSpan: '10s',
      functionEmptyBudgetMs: 100,
    });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(m.node).toEqual({
      cpu_usage_node: 37.5,
      ram_usage_node: 2e9,
      ram_usage_node_pct: 25,
      power_usage_node: NaN,
    });
    expect(m.functions).toEqual({ figlet: { cpu: 12, ram: NaN }, ghost: { cpu: NaN, ram: NaN } });
    const instants = seen.filter((u) => u.pathname === '/api/v1/query');
    expect(instants.every((u) => !u.searchParams.has('time'))).toBe(true);
    // No scaphandre by default (lb: scaphandre_enabled false): power is not even asked.
    expect(instants.some((u) => u.searchParams.get('query')!.includes('scaph'))).toBe(false);
    expect(m.series).toEqual(
      expect.arrayContaining([
        { timestamp: 1000, metric: 'cpu_usage_node', function: '', value: 30 },
        { timestamp: 1005, metric: 'cpu_usage_function', function: 'figlet', value: 14 },
      ]),
    );
  });

  it('a load that ran longer than its duration: the mean of a 10 s-step range over the load window', async () => {
    const { client, seen } = fakeProm(nodeValues);
    const m = await collectConfigMetrics(client, {
      functions: [],
      startS: 1000,
      endS: 1012,
      durationS: 10,
      timeSpan: '10s',
    });
    expect(m.node.cpu_usage_node).toBe(37.5); // (30 + 45) / 2
    const lbRanges = seen.filter((u) => u.pathname === '/api/v1/query_range' && u.searchParams.get('step') === '10s');
    expect(lbRanges.length).toBeGreaterThanOrEqual(3);
    expect(
      lbRanges.every((u) => u.searchParams.get('start') === '1000.0' && u.searchParams.get('end') === '1012.0'),
    ).toBe(true);
  });

  it('a failing function query is NaN, but a failing node query fails the configuration', async () => {
    const fnError = fakeProm((q) => (q.includes('container_') ? { error: 'query timed out' } : nodeValues(q)));
    const m = await collectConfigMetrics(fnError.client, {
      functions: ['figlet'],
      startS: 0,
      endS: 60,
      durationS: 60,
      timeSpan: '1m',
    });
    expect(m.functions.figlet).toEqual({ cpu: NaN, ram: NaN });
    expect(fnError.seen.some((u) => u.searchParams.get('query')!.includes('scaph'))).toBe(false);

    const nodeError = fakeProm((q) =>
      q.includes('MemFree') ? { error: 'many-to-many matching not allowed' } : nodeValues(q),
    );
    const err = await collectConfigMetrics(nodeError.client, {
      functions: [],
      startS: 0,
      endS: 60,
      durationS: 60,
      timeSpan: '1m',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrometheusQueryError);
    expect((err as Error).message).toMatch(
      /http:\/\/prom:30411\/api\/v1\/query: HTTP 422, execution: many-to-many.*MemFree/,
    );

    const nodeEmpty = fakeProm((q) => (q.includes('node_cpu') ? undefined : nodeValues(q)));
    await expect(
      collectConfigMetrics(nodeEmpty.client, { functions: [], startS: 0, endS: 60, durationS: 60, timeSpan: '1m' }),
    ).rejects.toBeInstanceOf(PrometheusEmptyResultError);
  });

  it('reads power when scaphandre is enabled', async () => {
    const { client } = fakeProm((q) => (q.includes('scaph_host') ? { value: '5000000' } : nodeValues(q)));
    const m = await collectConfigMetrics(client, {
      functions: [],
      startS: 0,
      endS: 60,
      durationS: 60,
      timeSpan: '1m',
      withPower: true,
    });
    expect(m.node.power_usage_node).toBe(5e6);
  });

  it('stops at once when aborted instead of turning the abort into NaN', async () => {
    const { client } = fakeProm(nodeValues);
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(new Error('stop requested')), 30);
    const p = collectConfigMetrics(client, {
      functions: ['ghost'],
      startS: 0,
      endS: 60,
      durationS: 60,
      timeSpan: '1m',
      functionEmptyBudgetMs: 60_000,
      signal: ctl.signal,
    });
    await expect(p).rejects.toThrow('stop requested');
  });
});

describe('baseline and CPU count', () => {
  it('nodeSnapshot evaluates the node queries now (lb base_idle); nodeCpuCount counts idle CPUs', async () => {
    const { client, seen } = fakeProm((q) => (q.startsWith('count(') ? { value: '4' } : { value: '3' }));
    expect(await nodeSnapshot(client, { timeSpan: '30s', withPower: true })).toEqual({
      cpu: 3,
      ram: 3,
      ram_pct: 3,
      power: 3,
    });
    expect(seen.every((u) => !u.searchParams.has('time'))).toBe(true);
    expect(await nodeCpuCount(client)).toBe(4);
    expect(seen.at(-1)?.searchParams.get('query')).toBe('count(count by (cpu) (node_cpu_seconds_total{mode="idle"}))');
  });
});
