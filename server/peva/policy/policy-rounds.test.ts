import { describe, expect, it } from 'vitest';
import { parsePevaConfig } from '@/lib/contract/peva-config';
import { DEFAULT_POLICY_SETTINGS } from '@/lib/contract/policy-settings';
import { enumerateConfigs, type BenchConfig } from '@/server/peva/enumeration';
import { selectConfigs } from '@/server/peva/scheduler';
import { NoOpPolicy, type PolicyAlgorithm } from './policy-contract';
import { PolicyRounds } from './policy-rounds';

const parsed = parsePevaConfig({
  functions: [{ name: 'figlet' }, { name: 'env' }, { name: 'cpu-burn' }],
  rate_strategy: { type: 'linear', min_rate: 0, max_rate: 30, step: 10 },
  combinations: { min_functions: 1, max_functions: 3 },
});
if (!parsed.ok) throw new Error('config');
const grid = enumerateConfigs(parsed.config);

function drain(rounds: PolicyRounds): { order: string[]; sizes: number[] } {
  const order: string[] = [];
  const sizes: number[] = [];
  for (let b = rounds.next(); b.length > 0; b = rounds.next()) {
    sizes.push(b.length);
    order.push(...b.map((c) => c.id));
  }
  return { order, sizes };
}

describe('policy rounds', () => {
  it("NoOpPolicy runs lb's selection in lb's order, online and micro_batch alike", () => {
    const seen = new Set([grid[2]!.id, grid[7]!.id]);
    const { selected } = selectConfigs(grid, seen, new Set());
    const online = drain(
      new PolicyRounds({ settings: DEFAULT_POLICY_SETTINGS, algorithm: new NoOpPolicy() }, selected),
    );
    const micro = drain(
      new PolicyRounds(
        {
          settings: { ...DEFAULT_POLICY_SETTINGS, selectionMode: 'micro_batch', microBatchSize: 8 },
          algorithm: new NoOpPolicy(),
        },
        selected,
      ),
    );
    expect(online.order).toEqual(selected.map((c) => c.id));
    expect(micro.order).toEqual(online.order);
    expect(online.sizes.every((s) => s === 1)).toBe(true);
    expect(micro.sizes.slice(0, -1).every((s) => s === 8)).toBe(true);
  });

  it("follows a custom policy's order (lb's test CustomPolicy: reversed) and refuses a choice that is not a candidate", () => {
    const reversed: PolicyAlgorithm = {
      chooseBatch: ({ candidates, desiredSize }) => [...candidates].reverse().slice(0, desiredSize),
      updateOnline: () => undefined,
      updateBatch: () => undefined,
    };
    const { order } = drain(new PolicyRounds({ settings: DEFAULT_POLICY_SETTINGS, algorithm: reversed }, grid));
    expect(order).toEqual(grid.map((c) => c.id).reverse());

    const stranger: BenchConfig = { id: 'not-a-config', pairs: [{ name: 'figlet', rate: 5 }] };
    const rogue: PolicyAlgorithm = { ...reversed, chooseBatch: () => [stranger] };
    expect(() => new PolicyRounds({ settings: DEFAULT_POLICY_SETTINGS, algorithm: rogue }, grid).next()).toThrow(
      'policy chose not-a-config, which is not an open candidate',
    );
  });
});
