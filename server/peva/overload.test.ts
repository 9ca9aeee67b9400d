import { describe, expect, it } from 'vitest';
import {
  CPU_UNIT,
  configOverloaded,
  cpuPctOfCapacity,
  functionOverloaded,
  nodeOverloaded,
  overloadCpuValue,
  type OverloadConfig,
} from './overload';

const cfg: OverloadConfig = {
  cpu_overload_pct_of_capacity: 80,
  ram_overload_pct: 90,
  success_rate_node_min: 0.95,
  success_rate_function_min: 0.9,
  replicas_overload_threshold: 15,
  cpu_unit: 'one_core',
};
const calm = { meanSuccessRate: 1, cpuPctOfCapacity: 10, ramPct: 40, anyFunctionOverloaded: false };

describe('functionOverloaded', () => {
  it('trips on low success rate or replicas at the threshold', () => {
    expect(functionOverloaded({ successRate: 0.95, replicas: 1 }, cfg)).toBe(false);
    expect(functionOverloaded({ successRate: 0.89, replicas: 1 }, cfg)).toBe(true);
    expect(functionOverloaded({ successRate: 0.9, replicas: 14 }, cfg)).toBe(false);
    expect(functionOverloaded({ successRate: 1, replicas: 15 }, cfg)).toBe(true);
  });
  it('NaN never overloads', () => {
    expect(functionOverloaded({ successRate: NaN, replicas: NaN }, cfg)).toBe(false);
  });
});

describe('nodeOverloaded', () => {
  it('trips on each condition, strictly above the CPU/RAM thresholds', () => {
    expect(nodeOverloaded(calm, cfg)).toBe(false);
    expect(nodeOverloaded({ ...calm, meanSuccessRate: 0.94 }, cfg)).toBe(true);
    expect(nodeOverloaded({ ...calm, cpuPctOfCapacity: 80 }, cfg)).toBe(false);
    expect(nodeOverloaded({ ...calm, cpuPctOfCapacity: 80.1 }, cfg)).toBe(true);
    expect(nodeOverloaded({ ...calm, ramPct: 91 }, cfg)).toBe(true);
    expect(nodeOverloaded({ ...calm, anyFunctionOverloaded: true }, cfg)).toBe(true);
  });
  it('NaN never overloads', () => {
    expect(
      nodeOverloaded({ meanSuccessRate: NaN, cpuPctOfCapacity: NaN, ramPct: NaN, anyFunctionOverloaded: false }, cfg),
    ).toBe(false);
  });
});

describe('configOverloaded', () => {
  it('needs strictly more than half of the iterations', () => {
    expect(configOverloaded([true, true, false])).toBe(true);
    expect(configOverloaded([true, false, false])).toBe(false);
    expect(configOverloaded([true, false])).toBe(false);
    expect(configOverloaded([true])).toBe(true);
    expect(configOverloaded([])).toBe(false);
  });
});

describe('CPU unit', () => {
  it("keeps lb's percent-of-one-core and converts for display", () => {
    expect(CPU_UNIT).toBe('percent of one core');
    expect(cpuPctOfCapacity(400, 4)).toBe(100);
    expect(cpuPctOfCapacity(80, 4)).toBe(20);
    expect(cpuPctOfCapacity(80, 0)).toBeNaN();
  });
});

describe('overloadCpuValue (overload.cpu_unit)', () => {
  it("one_core (default) is lb's comparison: the recorded percent of one core", () => {
    expect(overloadCpuValue(150, 4)).toBe(150);
    expect(overloadCpuValue(150, 4, 'one_core')).toBe(150);
  });
  it('node_capacity divides by the cores, and falls back to one core when their count is unknown', () => {
    expect(overloadCpuValue(150, 4, 'node_capacity')).toBe(37.5);
    expect(overloadCpuValue(150, NaN, 'node_capacity')).toBe(150);
  });
});
