import { describe, expect, it } from 'vitest';
import { aggregateSamples, resultsFromTypedRows } from './peva-aggregate';
import { functionSeries, nodeCpuSeries } from './peva-chart-data';
import { k6MetricId, samplesFromEvent, samplesFromEvents, toNum } from './peva-payload';
import { lbPayload, planConfigs } from '@/test/support/fixture-data';
import { deferPevaResults, ensurePevaResultsFor, forgetPevaResults, insertValuesSql } from './peva-results-table';

// A payload exactly as lb's Python writes it: formatted strings, "nan", bare NaN tokens.
const LB_PAYLOAD = `{"result_row": {"function_env": "", "rate_function_env": "", "success_rate_function_env": "",
 "function_figlet": "figlet", "rate_function_figlet": 20, "success_rate_function_figlet": "0.950",
 "cpu_usage_function_figlet": "nan", "replica_figlet": 2, "overloaded_function_figlet": 0,
 "medium_latency_function_figlet": 41, "cpu_usage_node": "33.500", "overloaded_node": 0},
 "metrics": {"cpu_usage_node": 33.5, "ram_usage_node_pct": NaN, "functions": {"figlet": {"cpu": NaN}}},
 "summary": {"metrics": {"latency_figlet": {"avg": 41.2, "p(95)": 88.5}, "success_rate_figlet": {"value": 0.95}}}}`;

// Ours: numbered slots, NaN already written as null.
const OURS_PAYLOAD = JSON.stringify({
  result_row: {
    config_id: 'c2',
    function_1: 'figlet',
    rate_function_1: 10,
    success_rate_function_1: 1,
    latency_avg_function_1: 12,
    latency_p95_function_1: 30,
    overloaded_function_1: 0,
    function_2: 'env',
    rate_function_2: 5,
    success_rate_function_2: 0.8,
    latency_avg_function_2: null,
    latency_p95_function_2: 50,
    overloaded_function_2: 1,
    cpu_usage_node: 21,
  },
  metrics: { cpu_usage_node: 21 },
  summary: {},
});

const ev = (payloadText: string | null, over: Partial<Parameters<typeof samplesFromEvent>[0]> = {}) => ({
  configId: 'c1',
  runId: 'r1',
  iteration: 1,
  repetition: 1,
  payloadText,
  ...over,
});

describe('toNum', () => {
  it('reads numbers and numeric strings, rejects nan/empty', () => {
    expect(toNum('0.950')).toBe(0.95);
    expect(toNum(3)).toBe(3);
    expect(toNum('nan')).toBeNull();
    expect(toNum('')).toBeNull();
    expect(toNum(NaN)).toBeNull();
    expect(toNum(null)).toBeNull();
  });
  it('builds k6 metric ids like lb', () => {
    expect(k6MetricId('nodeinfo-http')).toBe('nodeinfo_http');
    expect(k6MetricId('3d')).toBe('fn_3d');
  });
});

describe('samplesFromEvent', () => {
  it("reads lb's per-function columns and skips blanked functions", () => {
    const s = samplesFromEvent(ev(LB_PAYLOAD));
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({
      functionName: 'figlet',
      rate: 20,
      successRate: 0.95,
      latencyAvgMs: 41,
      latencyP95Ms: 88.5,
      cpuNode: 33.5,
      overloaded: false,
    });
  });

  it('reads our numbered slots', () => {
    const s = samplesFromEvent(ev(OURS_PAYLOAD, { configId: 'c2' }));
    expect(s.map((x) => [x.functionName, x.rate, x.latencyP95Ms, x.overloaded])).toEqual([
      ['figlet', 10, 30, false],
      ['env', 5, 50, true],
    ]);
  });

  it('falls back to config columns and the k6 summary when result_row is empty', () => {
    const payload =
      '{"result_row": {}, "metrics": {"cpu_usage_node": NaN}, "summary": {"metrics": {"latency_figlet": {"values": {"avg": 5, "p(95)": 9}}}}}';
    const s = samplesFromEvent(ev(payload, { configFunctions: '["figlet"]', configRates: '[30]' }));
    expect(s).toEqual([
      expect.objectContaining({ functionName: 'figlet', rate: 30, latencyP95Ms: 9, latencyAvgMs: 5, cpuNode: null }),
    ]);
  });

  it('counts unreadable payloads instead of failing', () => {
    const r = samplesFromEvents([ev('{"result_row": '), ev(LB_PAYLOAD), ev(null)]);
    expect(r.unreadable).toBe(1);
    expect(r.samples).toHaveLength(1);
  });

  it('reads every fixture payload lb-style (bare NaN included)', () => {
    const configs = planConfigs();
    const events = configs.flatMap((cfg) =>
      [1, 2, 3].map((it) => ev(lbPayload(cfg, it, it === 2), { configId: cfg.configId, iteration: it })),
    );
    const { samples, unreadable } = samplesFromEvents(events);
    expect(unreadable).toBe(0);
    const results = aggregateSamples(samples);
    expect(new Set(results.map((r) => r.configId)).size).toBe(configs.length);
    expect(nodeCpuSeries(results, '').points).toHaveLength(configs.length);
    // figlet appears in 5 single + 2 paired configurations.
    const lat = functionSeries(results, 'latency', '');
    expect(lat.find((x) => x.name === 'figlet')?.points).toHaveLength(7);
    expect(lat.every((x) => x.points.every((p) => !p.fallback))).toBe(true);
  });
});

describe('aggregation', () => {
  it('averages per configuration × function, skipping missing values', () => {
    const base = {
      configId: 'a',
      runId: 'r',
      repetition: 1,
      functionName: 'f',
      rate: 10,
      latencyAvgMs: null,
      overloaded: null,
    };
    const res = aggregateSamples([
      { ...base, iteration: 1, successRate: 1, latencyP95Ms: 10, cpuNode: 20 },
      { ...base, iteration: 2, successRate: 0.5, latencyP95Ms: null, cpuNode: 40 },
    ]);
    expect(res).toEqual([
      expect.objectContaining({
        configId: 'a',
        label: 'f:10',
        sumRate: 10,
        successRate: 0.75,
        latencyP95Ms: 10,
        cpuNode: 30,
        samples: 2,
        overloadedShare: null,
      }),
    ]);
  });

  it('shapes typed rows (grouped in SQL) and labels multi-function configs', () => {
    const res = resultsFromTypedRows([
      {
        config_id: 'p',
        function_name: 'figlet',
        rate: 20,
        success_rate: 1,
        latency_p95_ms: 50,
        latency_avg_ms: 20,
        cpu_node: 30,
        samples: 3,
        overloaded_share: 0,
      },
      {
        config_id: 'p',
        function_name: 'env',
        rate: 10,
        success_rate: 0.9,
        latency_p95_ms: 40,
        latency_avg_ms: 15,
        cpu_node: 30,
        samples: 3,
        overloaded_share: 1,
      },
      {
        config_id: 's',
        function_name: 'env',
        rate: 10,
        success_rate: 1,
        latency_p95_ms: NaN,
        latency_avg_ms: 9,
        cpu_node: null,
        samples: 3,
        overloaded_share: null,
      },
    ]);
    expect(res.map((r) => [r.configId, r.label, r.sumRate, r.functionName])).toEqual([
      ['s', 'env:10', 10, 'env'],
      ['p', 'env:10 + figlet:20', 30, 'env'],
      ['p', 'env:10 + figlet:20', 30, 'figlet'],
    ]);
    const cpu = nodeCpuSeries(res, 'A');
    expect(cpu.points).toEqual([expect.objectContaining({ x: 30, y: 30, configId: 'p' })]);
    const lat = functionSeries(res, 'latency', 'A');
    expect(lat.find((s) => s.name === 'A · env')?.points).toEqual([
      expect.objectContaining({ x: 10, y: 9, fallback: true }),
      expect.objectContaining({ x: 10, y: 40 }),
    ]);
  });
});

describe('peva_results of a large file, built when a query first names it', () => {
  it('builds the named slot once, before the query, and leaves others waiting', async () => {
    const built: string[] = [];
    deferPevaResults('run', async () => void built.push('run'));
    deferPevaResults('cmp', async () => void built.push('cmp'));
    await ensurePevaResultsFor('SELECT count(*) FROM execution_events');
    expect(built).toEqual([]);
    await ensurePevaResultsFor('SELECT * FROM PEVA_RESULTS');
    await ensurePevaResultsFor('SELECT * FROM peva_results');
    expect(built).toEqual(['run']);
    forgetPevaResults('cmp');
    await ensurePevaResultsFor('SELECT * FROM peva_results_cmp');
    expect(built).toEqual(['run']);
  });

  it('inserts NaN and missing values as NULL, in batches', () => {
    const sample = {
      configId: 'c1',
      runId: "run-'1",
      iteration: 1,
      repetition: 1,
      functionName: 'figlet',
      rate: 10,
      successRate: Number.NaN,
      latencyP95Ms: null,
      latencyAvgMs: 12.5,
      cpuNode: 40,
      overloaded: null,
    };
    const sql = insertValuesSql(
      't',
      Array.from({ length: 1001 }, () => sample),
    );
    expect(sql).toHaveLength(2);
    expect(sql[1]).toBe("INSERT INTO t VALUES\n('run-''1', 'c1', 1, 1, 'figlet', 10, NULL, 12.5, NULL, 40, NULL)");
  });
});
