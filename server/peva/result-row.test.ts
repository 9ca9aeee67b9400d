import { describe, expect, it } from 'vitest';
import { parseCsv, csvLine } from './csv';
import { configId } from './enumeration';
import type { FunctionStats } from './k6-summary';
import { buildResultRow, resultHeader, resultRowToCsvRecord, type BuildResultRowInput } from './result-row';

const overload = {
  cpu_overload_pct_of_capacity: 80,
  ram_overload_pct: 90,
  success_rate_node_min: 0.95,
  success_rate_function_min: 0.9,
  replicas_overload_threshold: 15,
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
      success_rate_node: 0.97,
      overloaded_node: 0,
      overloadedNode: false,
    });
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
    const lowSuccess = stats.map((s) => (s.noSamples ? s : { ...s, successRate: 0.93 }));
    const row = buildResultRow({ ...input, stats: lowSuccess });
    expect(row.perFunction[1]!.overloaded).toBe(false);
    expect(row.overloadedNode).toBe(true);
  });

  it('NaN everywhere (no samples, no metrics) is not an overload', () => {
    const row = buildResultRow({
      ...input,
      stats: [],
      replicas: {},
      functionMetrics: {},
      node: { cpu_usage_node: NaN, ram_usage_node: NaN, ram_usage_node_pct: NaN, power_usage_node: NaN },
    });
    expect(row.success_rate_node).toBeNaN();
    expect(row.overloadedNode).toBe(false);
    expect(row.perFunction.every((f) => f.noSamples && !f.overloaded)).toBe(true);
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
    expect(row.record.function_2).toBe('fig,let');
    expect(row.record.function_3).toBeUndefined();
  });
});

describe('results CSV', () => {
  it('has a fixed header of 16 columns + 14 per slot', () => {
    const h = resultHeader(2);
    expect(h).toHaveLength(16 + 28);
    expect(h.slice(0, 3)).toEqual(['config_id', 'iteration', 'repetition']);
    expect(h).toContain('latency_p99_function_2');
    expect(h.at(-1)).toBe('overloaded_function_2');
  });

  it('quotes names and JSON lists, writes NaN, leaves unused slots empty', () => {
    const row = buildResultRow({ ...input, config: { id: 'x', pairs: [pairs[1]!] } });
    const header = resultHeader(3);
    const record = resultRowToCsvRecord(row, 3);
    const text = csvLine(header) + csvLine(header.map((k) => record[k]));
    expect(text).toContain('"fig,let"');
    expect(text).toContain('"[""fig,let""]"');
    const [, values] = parseCsv(text);
    const parsed = Object.fromEntries(header.map((k, i) => [k, values![i]]));
    expect(parsed).toMatchObject({
      functions: '["fig,let"]',
      rates: '[20]',
      power_usage_node: 'NaN',
      function_1: 'fig,let',
      overloaded_function_1: '0',
      function_2: '',
      rate_function_3: '',
    });
  });

  it('refuses a row with more functions than slots', () => {
    expect(() => resultRowToCsvRecord(buildResultRow(input), 1)).toThrow(/2 functions but the header has 1 slots/);
  });
});
