// Capacity search vs the full grid, by dry selection (no load is run): for a 0–200 step-10 rate
// range, every capacity the function could have (none, 10, …, 200) — configurations each run
// would go through, whether the search found the grid's capacity within one rate step, and the
// wall time lb's estimate gives each (duration × iterations × configurations, cooldowns aside).
//   npx tsx bench/capacity-search-bench.ts [--duration 30s] [--iterations 3] [--max 200] [--step 10]
// With --measure it then runs both for real on the local stack (the local provider, in a temp
// root): the full grid and the capacity search of one config — cpu-burn at --burn-ms of CPU per
// request, the same 0–max step range, --load (default 3s) × 1 iteration, lb's cooldown with an
// idle threshold every state meets, a p95 limit of --p95-ms — and prints both runs'
// configuration counts, wall times, capacities, the ratio and the load average (the machine
// may be shared: the figures are that moment's). A few minutes; run it once.
import { loadavg, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parsePevaConfig } from '@/lib/contract/peva-config';
import { DEFAULT_POLICY_SETTINGS } from '@/lib/contract/policy-settings';
import { formatRuntime } from '@/lib/contract/rate-plan';
import { capacityPerFunction } from '@/lib/contract/run-results';
import { enumerateConfigs, estimateRuntimeSeconds } from '@/server/peva/enumeration';
import { CapacitySearchPolicy } from '@/server/peva/policy/capacity-search';
import { drySelection, syntheticRecord } from '@/server/peva/policy/dry-selection';
import { CAPACITY_SEARCH_ENTRYPOINT } from '@/lib/contract/policy-settings';
import { recordFromEvent, type ResultRecord } from '@/lib/contract/run-results';
import { LocalProvider } from '@/server/hosts/local/local-provider';
import { RunManager } from '@/server/runs/run-manager';
import { processesUnder } from '@/test/support/orphans';
import { everyConfigRuns, readStoredEvents } from '@/test/support/run-files';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '30s' },
    iterations: { type: 'string', default: '3' },
    max: { type: 'string', default: '200' },
    step: { type: 'string', default: '10' },
    measure: { type: 'boolean', default: false },
    load: { type: 'string', default: '3s' },
    'burn-ms': { type: 'string', default: '10' },
    'p95-ms': { type: 'string', default: '200' },
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

if (args.measure) await measure();

/** Both runs for real on the local stack, one after the other, in a temp root removed at the end. */
async function measure(): Promise<void> {
  const limits = { 'cpu-burn': { p95_ms: Number(args['p95-ms']) } };
  const base = {
    ...everyConfigRuns([], args.load, 1),
    functions: [{ name: 'cpu-burn', method: 'POST', body: args['burn-ms'] }],
    rate_strategy: { type: 'linear', min_rate: 0, max_rate: Number(args.max), step },
  };
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  const root = mkdtempSync(join(tmpdir(), 'lbweb-capsearch-bench-'));
  const provider = new LocalProvider(join(root, 'hosts'));
  const manager = new RunManager({
    outputRoot: join(root, 'runs'),
    provider: () => provider,
    stopConfirmTimeoutMs: 30_000,
  });
  console.log(
    `\nmeasured on the local stack: cpu-burn ${args['burn-ms']} ms/request, linear 0–${args.max} step ${step}, ` +
      `${args.load} × 1 iteration, p95 limit ${args['p95-ms']} ms; load average ${load()} (1/5/15 min) before`,
  );
  try {
    await provider.provision();
    const runs = [];
    for (const [name, cfg] of [
      ['grid', base],
      ['capacity search', { ...base, algorithm_entrypoint: CAPACITY_SEARCH_ENTRYPOINT }],
    ] as const) {
      const t0 = performance.now();
      const { runId, dir } = await manager.startRun({ config: cfg, thresholds: limits });
      const state = await manager.waitForRun(runId);
      const wallS = (performance.now() - t0) / 1000;
      const records = readStoredEvents(dir)
        .map(recordFromEvent)
        .filter((r): r is ResultRecord => r !== null);
      const cap = capacityPerFunction(records, limits)[0];
      runs.push({ name, state, wallS, configs: new Set(records.map((r) => r.config_id)).size, cap, load: load() });
    }
    console.log(
      'run              state     configurations  wall-s  capacity  fails-at  rates-tried                 load-avg-after',
    );
    for (const r of runs) {
      console.log(
        [
          r.name.padEnd(16),
          r.state.padEnd(9),
          String(r.configs).padStart(14),
          r.wallS.toFixed(1).padStart(7),
          String(r.cap?.capacity ?? 'none').padStart(9),
          String(r.cap?.failsAt ?? '—').padStart(9),
          ` ${(r.cap?.testedRates ?? []).join(',')}`.padEnd(28),
          r.load,
        ].join(' '),
      );
    }
    const [grid, search] = runs;
    if (grid && search) {
      const same =
        grid.cap?.capacity === search.cap?.capacity ||
        (grid.cap?.capacity != null &&
          search.cap?.capacity != null &&
          Math.abs(grid.cap.capacity - search.cap.capacity) <= step);
      console.log(
        `search/grid: ${search.configs}/${grid.configs} configurations (${((search.configs / grid.configs) * 100).toFixed(0)} %, goal ≤ 20 %), ` +
          `wall ${search.wallS.toFixed(1)} s / ${grid.wallS.toFixed(1)} s = ${(search.wallS / grid.wallS).toFixed(2)}; ` +
          `capacity within one rate step of the grid's: ${same}`,
      );
    }
  } finally {
    await manager.shutdown();
    await provider.destroy();
    const left = processesUnder(root);
    if (left.length > 0) console.log(`left running under ${root}: ${JSON.stringify(left)}`);
    rmSync(root, { recursive: true, force: true });
  }
}
