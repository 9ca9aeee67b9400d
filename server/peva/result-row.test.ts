import { describe, expect, it } from 'vitest';
import { configId } from './enumeration';
import type { FunctionStats } from './k6-summary';
import {
  buildLbSkippedRow,
  buildResultRow,
  lbMetrics,
  lbResultsHeader,
  RICH_RESULTS_HEADER,
  type BuildResultRowInput,
} from './result-row';

const overload = {
  cpu_overload_pct_of_capacity: 80,
  ram_overload_pct: 90,
  success_rate_node_min: 0.95,
  success_rate_function_min: 0.9,
  replicas_overload_threshold: 15,
  cpu_unit: 'node_capacity' as const,
};
const pairs = [
  { name: 'env', rate: 0 },
  { name: 'fig,let', rate: 20 },
];
const lat = { avg: 12, p50: 10, p90: 20, p95: 30, p99: 60, max: 80 };
const stats: FunctionStats[] = [
  {
    name: 'env',
    rate: 0,
    requests: 0,
    successRate: NaN,
    latency: { avg: NaN, p50: NaN, p90: NaN, p95: NaN, p99: NaN, max: NaN },
    noSamples: true,
  },
  { name: 'fig,let', rate: 20, requests: 200, successRate: 0.97, latency: lat, noSamples: false },
];
const input: BuildResultRowInput = {
  runId: 'run-20250101-000000',
  config: { id: configId(pairs), pairs },
  iteration: 2,
  repetition: 1,
  startTs: 1000,
  endTs: 1010.5,
  stats,
  replicas: { env: 1, 'fig,let': 3 },
  node: { cpu_usage_node: 35, ram_usage_node: 1.5e9, ram_usage_node_pct: 40, power_usage_node: NaN },
  functionMetrics: { 'fig,let': { cpu: 20, ram: 5e7 } },
  allFunctions: ['fig,let', 'nodeinfo', 'env'],
  idle: { cpu: 5, ram: 1.2e9, ram_pct: 30.5, power: NaN },
  restSeconds: 10,
  overload,
};

describe('buildResultRow', () => {
  it('fills fixed columns, per-function results and the node verdict', () => {
    const row = buildResultRow(input);
    expect(row).toMatchObject({
      config_id: configId(pairs),
      iteration: 2,
      repetition: 1,
      duration_s: 10.5,
      n_functions: 2,
      functions: ['env', 'fig,let'],
      rates: [0, 20],
      cpu_usage_node: 35,
      overloaded_node: 0,
      overloadedNode: false,
    });
    // lb's mean: env's NaN success rate propagates (and is never under a threshold).
    expect(row.success_rate_node).toBeNaN();
    expect(row.node.cpu_usage_node).toBe(35);
    expect(row.perFunction[0]).toMatchObject({
      name: 'env',
      noSamples: true,
      requests: 0,
      replicas: 1,
      overloaded: false,
    });
    expect(row.perFunction[0]!.cpu).toBeNaN();
    expect(row.perFunction[1]).toMatchObject({
      name: 'fig,let',
      successRate: 0.97,
      replicas: 3,
      cpu: 20,
      ram: 5e7,
      latency: lat,
    });
  });

  it('overloads the node through a function, its CPU (percent of one core) or success', () => {
    expect(buildResultRow({ ...input, replicas: { 'fig,let': 15 } }).overloadedNode).toBe(true);
    expect(buildResultRow({ ...input, node: { ...input.node, cpu_usage_node: 150 } }).overloaded_node).toBe(1);
    // With the core count, the threshold is percent of capacity: 150 % of one core on 2 cores is 75 %.
    expect(
      buildResultRow({ ...input, nodeCores: 2, node: { ...input.node, cpu_usage_node: 150 } }).overloaded_node,
    ).toBe(0);
    expect(
      buildResultRow({ ...input, nodeCores: 2, node: { ...input.node, cpu_usage_node: 170 } }).overloaded_node,
    ).toBe(1);
    expect(
      buildResultRow({ ...input, nodeCores: Number.NaN, node: { ...input.node, cpu_usage_node: 150 } }).overloaded_node,
    ).toBe(1);
    // Mean success (0.96 + 0.93) / 2 < 0.95, each function >= 0.90.
    const lowSuccess = stats.map((s) => ({ ...s, successRate: s.name === 'env' ? 0.96 : 0.93 }));
    const row = buildResultRow({ ...input, stats: lowSuccess });
    expect(row.perFunction[1]!.overloaded).toBe(false);
    expect(row.success_rate_node).toBeCloseTo(0.945);
    expect(row.overloadedNode).toBe(true);
  });

  it("a zero success rate from the summary overloads (lb's value, not NaN)", () => {
    const zero = stats.map((s) => (s.name === 'env' ? { ...s, successRate: 0, latency: { ...s.latency, avg: 0 } } : s));
    const row = buildResultRow({ ...input, stats: zero });
    expect(row.perFunction[0]!.overloaded).toBe(true);
    expect(row.lbRow.success_rate_function_env).toBe('0.000');
    expect(row.overloadedNode).toBe(true);
  });

  it("functions missing from the summary get lb's defaults (success 1.0, latency 0); NaN metrics do not overload", () => {
    const row = buildResultRow({
      ...input,
      stats: [],
      replicas: {},
      functionMetrics: {},
      node: { cpu_usage_node: NaN, ram_usage_node: NaN, ram_usage_node_pct: NaN, power_usage_node: NaN },
    });
    expect(row.success_rate_node).toBe(1);
    expect(row.overloadedNode).toBe(false);
    expect(row.perFunction.every((f) => f.noSamples && !f.overloaded && f.successRate === 1)).toBe(true);
    expect(row.lbRow['success_rate_function_fig,let']).toBe('1.000');
    expect(row.lbRow['medium_latency_function_fig,let']).toBe(0);
  });

  it("leaves a configured function outside allFunctions out of lb's decisions", () => {
    const row = buildResultRow({ ...input, allFunctions: ['fig,let'], replicas: { env: 99, 'fig,let': 1 } });
    expect(row.perFunction[0]!.overloaded).toBe(true);
    expect(row.overloadedNode).toBe(false);
    expect(row.success_rate_node).toBe(0.97);
  });

  it('gives one typed row per function for execution_results', () => {
    const row = buildResultRow(input);
    expect(row.typedRows).toHaveLength(2);
    expect(row.typedRows[1]).toMatchObject({
      function_name: 'fig,let',
      rate: 20,
      success_rate: 0.97,
      requests: 200,
      latency_p99_ms: 60,
      replicas: 3,
      cpu_usage_node: 35,
      overloaded_function: false,
      overloaded_node: false,
      n_functions: 2,
    });
  });
});

describe("lb's result row", () => {
  it("has lb's keys in lb's order: every configured function (sorted), then the node columns", () => {
    const row = buildResultRow(input);
    expect(row.allFunctions).toEqual(['env', 'fig,let', 'nodeinfo']);
    expect(Object.keys(row.lbRow)).toEqual(lbResultsHeader(['env', 'fig,let', 'nodeinfo']));
    expect(lbResultsHeader(['a']).slice(-10)).toEqual([
      'cpu_usage_idle_node',
      'cpu_usage_node',
      'ram_usage_idle_node',
      'ram_usage_node',
      'ram_usage_idle_node_percentage',
      'ram_usage_node_percentage',
      'power_usage_idle_node',
      'power_usage_node',
      'rest_seconds',
      'overloaded_node',
    ]);
  });

  it('formats floats as %.3f/nan and counts as ints, blanks functions outside the configuration', () => {
    const row = buildResultRow(input);
    expect(row.lbRow).toMatchObject({
      'function_fig,let': 'fig,let',
      'rate_function_fig,let': 20,
      'success_rate_function_fig,let': '0.970',
      'cpu_usage_function_fig,let': '20.000',
      'ram_usage_function_fig,let': '50000000.000',
      'power_usage_function_fig,let': 'nan',
      'replica_fig,let': 3,
      'overloaded_function_fig,let': 0,
      'medium_latency_function_fig,let': 12,
      function_nodeinfo: '',
      rate_function_nodeinfo: '',
      medium_latency_function_nodeinfo: '',
      cpu_usage_idle_node: '5.000',
      cpu_usage_node: '35.000',
      ram_usage_idle_node: '1200000000.000',
      ram_usage_node: '1500000000.000',
      ram_usage_idle_node_percentage: '30.500',
      ram_usage_node_percentage: '40.000',
      power_usage_idle_node: 'nan',
      power_usage_node: 'nan',
      rest_seconds: 10,
      overloaded_node: 0,
    });
  });

  it('a function without samples: success nan, latency 0; unknown replicas 0', () => {
    const row = buildResultRow({ ...input, replicas: { 'fig,let': NaN } });
    expect(row.lbRow).toMatchObject({
      function_env: 'env',
      rate_function_env: 0,
      success_rate_function_env: 'nan',
      medium_latency_function_env: 0,
      replica_env: 0,
      'replica_fig,let': 0,
    });
  });

  it('truncates the average latency like int()', () => {
    const lat2 = { ...lat, avg: 12.9876 };
    const row = buildResultRow({ ...input, stats: stats.map((s) => (s.noSamples ? s : { ...s, latency: lat2 })) });
    expect(row.lbRow['medium_latency_function_fig,let']).toBe(12);
  });

  it('skipped row: name and rate of the configuration, "" for the others', () => {
    expect(
      buildLbSkippedRow(
        ['a', 'b', 'c'],
        [
          { name: 'c', rate: 30 },
          { name: 'a', rate: 10 },
        ],
      ),
    ).toEqual({
      function_a: 'a',
      rate_function_a: 10,
      function_b: '',
      rate_function_b: '',
      function_c: 'c',
      rate_function_c: 30,
    });
  });

  it("lb's metrics dict: every function gets power (NaN when not measured)", () => {
    expect(lbMetrics(input.node, { f: { cpu: 1, ram: 2 } })).toEqual({
      cpu_usage_node: 35,
      ram_usage_node: 1.5e9,
      ram_usage_node_pct: 40,
      power_usage_node: NaN,
      functions: { f: { cpu: 1, ram: 2, power: NaN } },
    });
  });
});

describe('results-lbweb.csv records', () => {
  it('one record per function with the percentiles, node, idle and cooldown values', () => {
    const row = buildResultRow(input);
    expect(row.richRecords).toHaveLength(2);
    expect(Object.keys(row.richRecords[1]!)).toEqual([...RICH_RESULTS_HEADER]);
    expect(row.richRecords[1]).toMatchObject({
      config_id: configId(pairs),
      function_name: 'fig,let',
      functions: '["env","fig,let"]',
      rates: '[0,20]',
      requests: 200,
      latency_p99_ms: 60,
      cpu_usage_idle_node: 5,
      rest_seconds: 10,
      overloaded_function: 0,
      overload_cpu_unit: 'node_capacity',
    });
    const lbUnit = buildResultRow({ ...input, overload: { ...input.overload, cpu_unit: 'one_core' } });
    expect(lbUnit.richRecords[0]!.overload_cpu_unit).toBe('one_core');
  });
});
