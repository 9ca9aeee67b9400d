import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { RunsQuerySchema } from '@/lib/contract/runs-filter';
import * as readRun from './read-run';
import { runPaths } from './run-dir';
import { RunJournal } from './run-journal';
import { RunsCatalog } from './runs-catalog';
import { CATALOG_INDEX_FILE } from './runs-catalog-index';
import { STATE_DIR } from './run-library';

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

describe('runs catalog saved beside the runs (a restart)', () => {
  async function freshRoot(n: number): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), 'lbweb-catalog-saved-'));
    for (let i = 1; i <= n; i++) {
      const j = await RunJournal.create(runPaths(dir, `run-${i}`).journal, {
        run_id: `run-${i}`,
        created_at: new Date(Date.UTC(2026, 0, i)),
      });
      j.setControllerState('finished');
      await j.save();
    }
    return dir;
  }

  it('a new process answers from the saved index without reading a journal, then checks them in the background', async () => {
    const dir = await freshRoot(5);
    const first = new RunsCatalog(dir);
    const before = await first.query(q(), {});
    await first.flush();
    expect(existsSync(path.join(dir, STATE_DIR, CATALOG_INDEX_FILE))).toBe(true);

    // While no server ran: one run failed after all (its journal changed), one was removed.
    const changed = await RunJournal.load(runPaths(dir, 'run-2').journal);
    changed.setControllerState('failed');
    await changed.save();
    await rm(path.join(dir, 'run-3'), { recursive: true });

    const spy = vi.spyOn(readRun, 'readRunDir');
    const restarted = new RunsCatalog(dir);
    const answer = await restarted.query(q(), {});
    expect(answer.total).toBe(4);
    await restarted.verified;
    // Only the journal that moved was read again, and the answer follows it.
    expect(spy.mock.calls.map((c) => path.basename(c[0]))).toEqual(['run-2']);
    spy.mockRestore();
    const after = await restarted.query(q(), {});
    expect(after.runs.find((r) => r.runId === 'run-2')?.state).toBe('failed');
    expect(after.version).toBeGreaterThan(answer.version);
    expect(before.runs.map((r) => r.runId)).toContain('run-3');
    expect(after.runs.map((r) => r.runId)).not.toContain('run-3');
    await rm(dir, { recursive: true, force: true });
  });

  it('a damaged or foreign index is ignored: the catalog is rebuilt from the journals', async () => {
    const dir = await freshRoot(3);
    await mkdir(path.join(dir, STATE_DIR), { recursive: true });
    for (const text of ['{"format":1,"entries":{"run-1":{"summary":{"runId":"../x"}}}}', 'not json', '{"format":99}']) {
      await writeFile(path.join(dir, STATE_DIR, CATALOG_INDEX_FILE), text);
      const c = new RunsCatalog(dir);
      const page = await c.query(q(), {});
      expect(page.runs.map((r) => [r.runId, r.state])).toEqual([
        ['run-3', 'finished'],
        ['run-2', 'finished'],
        ['run-1', 'finished'],
      ]);
    }
    await rm(dir, { recursive: true, force: true });
  });

  it('its version moves when a run changes and stays when nothing did', async () => {
    const dir = await freshRoot(2);
    const c = new RunsCatalog(dir);
    const v1 = await c.currentVersion();
    expect(await c.currentVersion()).toBe(v1);
    const j = await RunJournal.create(runPaths(dir, 'run-9').journal, { run_id: 'run-9' });
    j.setControllerState('running_workloads');
    await j.save();
    const v2 = await c.currentVersion();
    expect(v2).toBeGreaterThan(v1);
    expect(await c.currentVersion()).toBe(v2);
    j.setControllerState('finished');
    await j.save();
    expect(await c.currentVersion()).toBeGreaterThan(v2);
    await c.flush();
    await rm(dir, { recursive: true, force: true });
  });
});
