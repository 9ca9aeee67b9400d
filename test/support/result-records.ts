// Result records for unit tests of findings and comparisons (lib/contract/run-results.ts).
import { configLabelOf, type ResultRecord } from '@/lib/contract/run-results';

export type ResultFunction = ResultRecord['functions'][number];

/** One loaded function of a record: 30 s at `rate`, all fine unless `over` says otherwise. */
export const fn = (name: string, rate: number, over: Partial<ResultFunction> = {}): ResultFunction => ({
  function: name,
  rate,
  requests: rate * 30,
  success_rate: 1,
  avg_ms: 10,
  p50_ms: 9,
  p95_ms: 20,
  p99_ms: 30,
  max_ms: 40,
  replicas: 1,
  overloaded: false,
  ...over,
});

export const record = (id: string, fns: ResultFunction[], over: Partial<ResultRecord> = {}): ResultRecord => ({
  config_id: id,
  iteration: 1,
  label: configLabelOf(fns),
  functions: fns,
  cpu_usage_node: 50,
  cpu_unit: 'one_core',
  ram_usage_node_pct: 30,
  overloaded_node: false,
  ...over,
});
