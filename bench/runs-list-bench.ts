// runs.list at scale (issue 15): the first page for 100, 2 000 and 20 000 runs, cold (no saved
// catalog: built from every journal), after a restart (the catalog saved beside the runs; the
// journals are checked in the background), warm (each later call: one readdir, nothing
// re-read), plus a state filter and the page's JSON size. Server-side, through the RunManager
// the router calls (the restart through a new catalog). Goal: first page < 100 ms at 20 000 runs.
// Run: npx tsx bench/runs-list-bench.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { RunsQuerySchema } from '@/lib/contract/runs-filter';
import { listRuns } from '@/server/runs/list-runs';
import { RunManager } from '@/server/runs/run-manager';
import { RunsCatalog, runsCatalog } from '@/server/runs/runs-catalog';
import { writeManyRuns } from '@/test/support/many-runs';

const REPEAT = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const page = RunsQuerySchema.parse(undefined);

console.log(
  'runs | before: every journal per call | cold first page | after a restart | warm first page | warm state=failed | page JSON',
);
for (const n of [100, 2_000, 20_000]) {
  const root = mkdtempSync(join(tmpdir(), 'lbweb-runs-bench-'));
  try {
    await writeManyRuns(root, n);
    // What runs.list did before the catalog: read and summarise every journal on each call.
    let t = performance.now();
    await listRuns(root);
    const before = performance.now() - t;
    const manager = new RunManager({ outputRoot: root, provider: () => undefined as never });
    t = performance.now();
    const first = await manager.overview(page);
    const cold = performance.now() - t;
    const warm: number[] = [];
    const failed: number[] = [];
    for (let i = 0; i < REPEAT; i++) {
      t = performance.now();
      await manager.overview(page);
      warm.push(performance.now() - t);
      t = performance.now();
      await manager.overview({ ...page, state: 'failed' });
      failed.push(performance.now() - t);
    }
    await runsCatalog(root).flush();
    const restarted = new RunsCatalog(root);
    t = performance.now();
    await restarted.query(page, {});
    const restart = performance.now() - t;
    await restarted.verified;
    const bytes = Buffer.byteLength(JSON.stringify(first));
    console.log(
      `${String(n).padStart(6)} | ${before.toFixed(0).padStart(6)} ms | ${cold.toFixed(0).padStart(6)} ms | ` +
        `${restart.toFixed(0).padStart(6)} ms | ` +
        `${median(warm).toFixed(1).padStart(6)} ms | ${median(failed).toFixed(1).padStart(6)} ms | ` +
        `${(bytes / 1024).toFixed(0)} KiB (${first.runs.length} of ${first.total})`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
