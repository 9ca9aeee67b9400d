import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { RunsQuerySchema } from '@/lib/contract/runs-filter';
import * as readRun from './read-run';
import { runPaths } from './run-dir';
import { RunJournal } from './run-journal';
import { RunsCatalog } from './runs-catalog';

const root = await mkdtemp(path.join(tmpdir(), 'lbweb-catalog-'));
afterAll(() => rm(root, { recursive: true, force: true }));

async function makeRun(id: string, day: number, state: 'finished' | 'failed' | 'running_workloads') {
  const j = await RunJournal.create(runPaths(root, id).journal, {
    run_id: id,
    created_at: new Date(Date.UTC(2026, 0, day)),
  });
  j.setControllerState(state);
  await j.save();
  return j;
}

const q = (over: Partial<ReturnType<typeof RunsQuerySchema.parse>> = {}) => ({ ...RunsQuerySchema.parse({}), ...over });

describe('runs catalog', () => {
  it('pages and filters on the server, newest first, with totals', async () => {
    for (let i = 1; i <= 30; i++)
      await makeRun(`run-${String(i).padStart(3, '0')}`, i, i % 3 === 0 ? 'failed' : 'finished');
    const c = new RunsCatalog(root);
    const page = await c.query(q({ limit: 10 }), {});
    expect(page.total).toBe(30);
    expect(page.runs.map((r) => r.runId).slice(0, 3)).toEqual(['run-030', 'run-029', 'run-028']);
    expect(page.runs).toHaveLength(10);
    const failed = await c.query(q({ state: 'failed', limit: 4, offset: 2 }), {});
    expect(failed.matched).toBe(10);
    expect(failed.runs.map((r) => r.runId)).toEqual(['run-024', 'run-021', 'run-018', 'run-015']);
    expect(failed.byState).toEqual({ finished: 20, failed: 10 });
    expect(page.live).toBe(false);
  });

  it('reads a finished journal once; re-reads a running one only when it changed; sees new and removed runs', async () => {
    const c = new RunsCatalog(root);
    const live = await makeRun('run-live', 40, 'running_workloads');
    await c.query(q(), {});
    const spy = vi.spyOn(readRun, 'readRunDir');
    expect((await c.query(q(), {})).live).toBe(true);
    expect(spy).not.toHaveBeenCalled(); // nothing changed: no journal read at all

    live.setControllerState('finished');
    await live.save();
    expect((await c.query(q({ state: 'finished', limit: 1 }), {})).runs[0]?.runId).toBe('run-live');
    expect(spy).toHaveBeenCalledTimes(1);

    await rm(path.join(root, 'run-001'), { recursive: true });
    await makeRun('run-new', 41, 'failed');
    const after = await c.query(q({ limit: 1000 }), {});
    expect(after.runs.map((r) => r.runId)).toContain('run-new');
    expect(after.runs.map((r) => r.runId)).not.toContain('run-001');
    spy.mockRestore();
  });

  it('marks the baseline of each workload at query time, and lists folders that are not runs', async () => {
    await mkdir(path.join(root, 'not a run'));
    const c = new RunsCatalog(root);
    const first = await c.query(q({ text: 'run-002' }), {});
    const workload = first.runs[0]!.workload;
    const { runs, workloadsWithBaseline, skipped } = await c.query(q({ text: 'run-002' }), { [workload]: 'run-002' });
    expect(runs.map((r) => [r.runId, r.baseline])).toEqual([['run-002', true]]);
    expect(workloadsWithBaseline).toEqual([workload]);
    expect(skipped.map((s) => [s.name, s.reason])).toEqual([['not a run', 'not a valid run id']]);
  });
});
