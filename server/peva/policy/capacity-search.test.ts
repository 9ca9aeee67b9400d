import { describe, expect, it } from 'vitest';
import { parsePevaConfig, type PevaConfigInput } from '@/lib/contract/peva-config';
import { DEFAULT_POLICY_SETTINGS, type PolicySettings } from '@/lib/contract/policy-settings';
import { capacityPerFunction } from '@/lib/contract/run-results';
import { dominates } from '@/server/peva/dominance';
import { enumerateConfigs, type BenchConfig } from '@/server/peva/enumeration';
import { CapacitySearchPolicy } from './capacity-search';
import { drySelection, syntheticRecord } from './dry-selection';
import { NoOpPolicy } from './policy-contract';
import { searchStateOf } from './policy-rounds';

function configs(input: PevaConfigInput): BenchConfig[] {
  const r = parsePevaConfig(input);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return enumerateConfigs(r.config);
}
const RANGE = { type: 'linear', min_rate: 0, max_rate: 200, step: 10 } as const;
const THRESHOLDS = { '*': { p95_ms: 200 } };
/** p95 below the limit up to `cap` req/s, above it beyond. */
const latency = (cap: number) => (_fn: string, rate: number) => (rate <= cap ? 50 : 500);

async function search(grid: BenchConfig[], cap: number, settings: Partial<PolicySettings> = {}, iterations = 1) {
  const algorithm = new CapacitySearchPolicy({ thresholds: THRESHOLDS });
  const run = await drySelection(
    grid,
    { settings: { ...DEFAULT_POLICY_SETTINGS, ...settings }, algorithm },
    (c, i) => syntheticRecord(c, i, latency(cap)),
    iterations,
  );
  return { ...run, capacities: algorithm.capacities() };
}

const gridCapacity = (grid: BenchConfig[], cap: number) =>
  capacityPerFunction(
    grid.map((c) => syntheticRecord(c, 1, latency(cap))),
    THRESHOLDS,
  )[0]!.capacity;

describe('capacity-search policy', () => {
  const grid = configs({ functions: [{ name: 'cpu-burn' }], rate_strategy: RANGE });

  it('finds the grid capacity within one rate step with at most a fifth of the 0–200 step-10 grid', async () => {
    expect(grid).toHaveLength(21);
    for (let cap = -10; cap <= 200; cap += 10) {
      const { chosen, capacities } = await search(grid, cap);
      const expected = gridCapacity(grid, cap);
      const found = capacities[0]!;
      expect(found.bracketed).toBe(true);
      if (expected === null) expect(found.capacity).toBeNull();
      else expect(Math.abs(found.capacity! - expected)).toBeLessThanOrEqual(10);
      expect(chosen.length, `capacity ${cap}`).toBeLessThanOrEqual(Math.floor(grid.length / 5));
    }
  });

  it('never tries a rate above one that failed (dominance), in online and micro_batch modes', async () => {
    for (const settings of [{}, { selectionMode: 'micro_batch' as const, microBatchSize: 3 }]) {
      const { chosen } = await search(grid, 70, settings, 3);
      const failed = chosen.filter((c) => c.pairs[0]!.rate > 70);
      for (const [i, c] of chosen.entries()) {
        expect(failed.filter((f) => chosen.indexOf(f) < i).some((f) => dominates(c.pairs, f.pairs))).toBe(false);
      }
      expect(new Set(chosen.map((c) => c.id)).size).toBe(chosen.length);
    }
  });

  it('searches each function and each combination line, fewer configurations than the grid', async () => {
    const combos = configs({
      functions: [{ name: 'a' }, { name: 'b' }],
      rate_strategy: { type: 'linear', min_rate: 0, max_rate: 100, step: 10 },
      combinations: { min_functions: 1, max_functions: 3 },
    });
    const { chosen, capacities } = await search(combos, 50);
    expect(capacities.every((c) => c.bracketed)).toBe(true);
    expect(capacities.filter((c) => c.line.startsWith('a|') || c.line.startsWith('b|'))).toHaveLength(2);
    expect(chosen.length).toBeLessThan(combos.length / 2);
  });

  it('reports each update as a policy_updates summary and says why each configuration was chosen', async () => {
    const algorithm = new CapacitySearchPolicy({ thresholds: THRESHOLDS });
    const { chosen, updates } = await drySelection(grid, { settings: DEFAULT_POLICY_SETTINGS, algorithm }, (c, i) =>
      syntheticRecord(c, i, latency(120)),
    );
    expect(updates).toHaveLength(chosen.length);
    expect(updates.at(-1)).toEqual({ score: 1, loss: expect.any(Number) });
    expect(algorithm.reasonFor(chosen[0]!.id)).toMatch(
      /capacity search on cpu-burn: passed up to none yet, failed from none yet → trying 100/,
    );
  });

  it('states its search per line for the run page: tried rates in order with their verdict, the bracket, the probe', async () => {
    const algorithm = new CapacitySearchPolicy({ thresholds: THRESHOLDS });
    const policy = { settings: DEFAULT_POLICY_SETTINGS, algorithm };
    // p95 over the limit above 120; the node overloads from 150 (an overload is its own verdict).
    const { chosen } = await drySelection(grid, policy, (c, i) => {
      const r = syntheticRecord(c, i, latency(120));
      return c.pairs[0]!.rate >= 150 ? { ...r, overloaded_node: true } : r;
    });
    const state = searchStateOf(algorithm, { done: true })!;
    expect(state.done).toBe(true);
    expect(state.probe).toBeNull();
    const [line] = state.lines;
    expect(line).toMatchObject({ line: 'cpu-burn|', function: 'cpu-burn', fixed: '', capacity: 120, failsAt: 130 });
    expect(line!.bracketed).toBe(true);
    expect(line!.rates).toEqual(Array.from({ length: 20 }, (_, i) => (i + 1) * 10));
    expect(line!.tried.map((t) => t.rate)).toEqual(chosen.map((c) => c.pairs[0]!.rate));
    expect(line!.tried[0]).toEqual({ rate: 100, verdict: 'passed', reason: 'met every limit' });
    const byRate = new Map(line!.tried.map((t) => [t.rate, t]));
    expect(byRate.get(130)).toMatchObject({ verdict: 'failed', reason: expect.stringMatching(/p95/) });
    expect(byRate.get(150)).toMatchObject({ verdict: 'overloaded', reason: expect.stringMatching(/node overloaded/) });
    // While choosing: the probe names the line and the rate chosen.
    const fresh = new CapacitySearchPolicy({ thresholds: THRESHOLDS });
    const [first] = fresh.chooseBatch({ candidates: grid, desiredSize: 1 });
    expect(searchStateOf(fresh, { chosen: first!.id })).toMatchObject({
      probe: { line: 'cpu-burn|', rate: 100 },
      done: false,
      lines: [{ tried: [], capacity: null, failsAt: null, bracketed: false }],
    });
    expect(searchStateOf(new NoOpPolicy())).toBeNull();
  });
});
