import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { listRuns } from './list-runs';
import { RunJournal } from './run-journal';
import { runPaths } from './run-dir';

const root = await mkdtemp(path.join(tmpdir(), 'lbweb-list-'));
afterAll(() => rm(root, { recursive: true, force: true }));

it('lists runs newest first and skips broken directories with a reason', async () => {
  const a = await RunJournal.create(runPaths(root, 'run-a').journal, {
    run_id: 'run-a',
    created_at: new Date('2025-01-01T00:00:00Z'),
    tasks: [{ host: 'runner', workload: 'peva_faas', repetition: 1 }],
  });
  a.setControllerState('finished');
  a.updateTask('runner', 'peva_faas', 1, { status: 'COMPLETED' });
  await a.save();
  await RunJournal.create(runPaths(root, 'run-b').journal, {
    run_id: 'run-b',
    created_at: new Date('2025-02-01T00:00:00Z'),
  });
  await mkdir(path.join(root, 'run-broken'));
  await writeFile(path.join(root, 'run-broken', 'run_journal.json'), '{"run_id": ');
  await mkdir(path.join(root, 'run-empty'));
  await mkdir(path.join(root, '.cache'));
  await writeFile(path.join(root, 'notes.txt'), 'x');

  const { runs, skipped } = await listRuns(root);
  expect(runs.map((r) => r.runId)).toEqual(['run-b', 'run-a']);
  expect(runs[1]).toMatchObject({ state: 'finished', terminal: true, taskCounts: { total: 1, COMPLETED: 1 } });
  expect(runs[1]?.endedAt).toEqual(expect.any(String));
  const reasons = Object.fromEntries(skipped.map((s) => [s.name, s.reason]));
  expect(reasons['run-broken']).toMatch(/not JSON/);
  expect(reasons['run-empty']).toMatch(/ENOENT/);
  expect(reasons['.cache']).toMatch(/run id/);
  expect(await listRuns(path.join(root, 'missing'))).toEqual({ runs: [], skipped: [] });
});

it('finds the DuckDB memory of an lb run dir (nested: memory/<host>/<host>/<absolute path>/…)', async () => {
  const dir = path.join(root, 'run-20250101-000000');
  await RunJournal.create(path.join(dir, 'run_journal.json'), { run_id: 'run-20250101-000000' });
  const nested = path.join(
    dir,
    'memory',
    'vm-runner',
    'vm-runner',
    'home',
    'ubuntu',
    '.lb',
    'benchmark_results',
    'peva_faas',
    'memory',
  );
  await mkdir(nested, { recursive: true });
  await writeFile(path.join(nested, 'peva_faas.duckdb'), 'x');
  const { runs } = await listRuns(root);
  expect(runs.find((r) => r.runId === 'run-20250101-000000')?.memoryFile).toBe(
    'memory/vm-runner/vm-runner/home/ubuntu/.lb/benchmark_results/peva_faas/memory/peva_faas.duckdb',
  );
});
