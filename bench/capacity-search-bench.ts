// Capacity search vs the full grid, by dry selection (no load is run): for a 0–200 step-10 rate
// range, every capacity the function could have (none, 10, …, 200) — configurations each run
// would go through, whether the search found the grid's capacity within one rate step, and the
// wall time lb's estimate gives each (duration × iterations × configurations, cooldowns aside).
//   npx tsx bench/capacity-search-bench.ts [--duration 30s] [--iterations 3] [--max 200] [--step 10]
// The live comparison on the local stack is server/runs/capacity-search.int.test.ts.
import { parseArgs } from 'node:util';
import { parsePevaConfig } from '@/lib/contract/peva-config';
import { DEFAULT_POLICY_SETTINGS } from '@/lib/contract/policy-settings';
import { formatRuntime } from '@/lib/contract/rate-plan';
import { capacityPerFunction } from '@/lib/contract/run-results';
import { enumerateConfigs, estimateRuntimeSeconds } from '@/server/peva/enumeration';
import { CapacitySearchPolicy } from '@/server/peva/policy/capacity-search';
import { drySelection, syntheticRecord } from '@/server/peva/policy/dry-selection';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '30s' },
    iterations: { type: 'string', default: '3' },
    max: { type: 'string', default: '200' },
    step: { type: 'string', default: '10' },
  },
});
const step = Number(args.step);
const parsed = parsePevaConfig({
  functions: [{ name: 'cpu-burn' }],
  rate_strategy: { type: 'linear', min_rate: 0, max_rate: Number(args.max), step },
  duration: args.duration,
  iterations: Number(args.iterations),
});
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
const config = parsed.config;
const grid = enumerateConfigs(config);
const thresholds = { '*': { p95_ms: 200 } };

console.log(
  `grid: ${grid.length} configurations, load ≈ ${formatRuntime(estimateRuntimeSeconds(config, grid.length))}`,
);
console.log('capacity  search-configs  search-capacity  grid-capacity  within-1-step  search-load  dry-wall-ms');
let worst = 0;
let total = 0;
let cases = 0;
for (let capacity = -step; capacity <= Number(args.max); capacity += step) {
  const p95 = (_fn: string, rate: number) => (rate <= capacity ? 50 : 500);
  const t0 = performance.now();
  const algorithm = new CapacitySearchPolicy({ thresholds });
  const { chosen } = await drySelection(grid, { settings: DEFAULT_POLICY_SETTINGS, algorithm }, (c, i) =>
    syntheticRecord(c, i, p95),
  );
  const wall = performance.now() - t0;
  const found = algorithm.capacities()[0]!.capacity;
  const expected = capacityPerFunction(
    grid.map((c) => syntheticRecord(c, 1, p95)),
    thresholds,
  )[0]!.capacity;
  const within = found === expected || (found !== null && expected !== null && Math.abs(found - expected) <= step);
  worst = Math.max(worst, chosen.length);
  total += chosen.length;
  cases++;
  console.log(
    [
      String(capacity < 0 ? 'none' : capacity).padStart(8),
      String(chosen.length).padStart(15),
      String(found ?? 'none').padStart(16),
      String(expected ?? 'none').padStart(14),
      String(within).padStart(14),
      formatRuntime(estimateRuntimeSeconds(config, chosen.length)).padStart(12),
      wall.toFixed(1).padStart(12),
    ].join(' '),
  );
}
console.log(
  `search: at most ${worst}, mean ${(total / cases).toFixed(2)} of ${grid.length} configurations ` +
    `(${((worst / grid.length) * 100).toFixed(0)} % worst case; goal ≤ 20 %)`,
);
