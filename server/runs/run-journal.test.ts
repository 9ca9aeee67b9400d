import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configHash, JournalLoadError, RunJournal } from './run-journal';

const dir = await mkdtemp(path.join(tmpdir(), 'lbweb-journal-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('RunJournal', () => {
  it('creates the contract shape and reads it back', async () => {
    const file = path.join(dir, 'a', 'run_journal.json');
    const config = { functions: [{ name: 'figlet' }], duration: '1m' };
    const j = await RunJournal.create(file, {
      run_id: 'run-a',
      config_dump: config,
      tasks: [{ host: 'runner', workload: 'peva_faas', repetition: 1 }],
    });
    const raw = JSON.parse(await readFile(file, 'utf8'));
    expect(raw).toMatchObject({
      run_id: 'run-a',
      tasks: [
        {
          host: 'runner',
          workload: 'peva_faas',
          repetition: 1,
          status: 'PENDING',
          current_action: '',
          error: null,
          started_at: null,
          finished_at: null,
          duration_seconds: null,
        },
      ],
      metadata: {
        config_dump: config,
        config_hash: configHash(config),
        execution_mode: 'local',
        node_count: 1,
        controller_state: 'init',
      },
    });
    expect(raw.metadata.config_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(configHash({ duration: '1m', functions: [{ name: 'figlet' }] })).toBe(raw.metadata.config_hash);

    j.setControllerState('running_workloads');
    j.setPhase('run');
    j.updateTask('runner', 'peva_faas', 1, { status: 'RUNNING', current_action: 'k6' });
    await new Promise((r) => setTimeout(r, 20));
    const done = j.updateTask('runner', 'peva_faas', 1, { status: 'COMPLETED' });
    expect(done.duration_seconds).toBeGreaterThan(0.01);
    j.setControllerState('finished');
    await j.save();
    const back = await RunJournal.load(file);
    expect(back.metadata).toMatchObject({ controller_state: 'finished', phase: 'run', ended_at: expect.any(String) });
    expect(back.data.tasks[0]).toMatchObject({
      status: 'COMPLETED',
      current_action: 'k6',
      started_at: expect.any(Number),
      finished_at: expect.any(Number),
    });
  });

  it('serialises concurrent saves, ends with the last state and leaves no temp file', async () => {
    const file = path.join(dir, 'b.json');
    const j = await RunJournal.create(file, { run_id: 'run-b' });
    const saves: Promise<void>[] = [];
    for (let i = 1; i <= 50; i++) {
      j.updateTask('h', 'w', i, { status: 'RUNNING' });
      saves.push(j.save());
      if (i % 7 === 0) await new Promise((r) => setImmediate(r));
    }
    await Promise.all(saves);
    expect((await RunJournal.load(file)).data.tasks).toHaveLength(50);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a reader racing the writer always sees a whole journal', async () => {
    const file = path.join(dir, 'c.json');
    const j = await RunJournal.create(file, { run_id: 'run-c' });
    let writing = true;
    const writer = (async () => {
      for (let i = 0; i < 40; i++) {
        j.updateTask('h', 'w', i, { current_action: 'x'.repeat(2000) });
        await j.save();
      }
      writing = false;
    })();
    let reads = 0;
    while (writing) {
      await RunJournal.load(file); // throws on a half-written file
      reads++;
    }
    await writer;
    expect(reads).toBeGreaterThan(0);
  });

  it("reads lb's own journals (floats, NaN, lowercase status, extra keys)", async () => {
    const file = path.join(dir, 'lb.json');
    await writeFile(
      file,
      `{"run_id": "run-20250101-000000", "tasks": [{"host": "vm1", "workload": "peva_faas", "repetition": 1, "status": "completed",
        "current_action": null, "timestamp": 1735689600.5, "error": null, "started_at": 1735689500.25, "finished_at": 1735689600.5,
        "duration_seconds": NaN, "extra_lb_key": [1]}],
        "metadata": {"created_at": "2025-01-01T00:00:00", "config_hash": "abc", "execution_mode": "remote", "node_count": 1,
        "controller_state": "running_workloads", "lb_only": true}}`,
    );
    const j = await RunJournal.load(file);
    expect(j.data.tasks[0]).toMatchObject({
      status: 'COMPLETED',
      current_action: '',
      timestamp: 1735689600.5,
      duration_seconds: null,
      extra_lb_key: [1],
    });
    expect(j.metadata).toMatchObject({ execution_mode: 'remote', lb_only: true, phase: null });
    await j.save();
    expect(JSON.parse(await readFile(file, 'utf8')).metadata.lb_only).toBe(true);
  });

  it('names the file and the problem when a journal is unreadable', async () => {
    const file = path.join(dir, 'bad.json');
    await writeFile(file, '{"tasks": []}');
    await expect(RunJournal.load(file)).rejects.toThrow(/bad\.json.*run_id/);
    await expect(RunJournal.load(path.join(dir, 'none.json'))).rejects.toBeInstanceOf(JournalLoadError);
  });
});
