import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRunId, RunIdSchema, runPaths } from './run-dir';

let root: string;
beforeAll(async () => {
  root = await realpath(await mkdtemp(path.join(tmpdir(), 'lbweb-rundir-')));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('RunIdSchema', () => {
  it('accepts lb ids and user names, refuses traversal and odd characters', () => {
    for (const ok of ['run-20250101-120000', 'my.run_1', 'A', 'a'.repeat(64)])
      expect(RunIdSchema.safeParse(ok).success).toBe(true);
    for (const bad of ['', '..', '.hidden', '-x', 'a/b', 'a b', 'a\\b', 'a'.repeat(65), 'é'])
      expect(RunIdSchema.safeParse(bad).success).toBe(false);
  });
});

describe('newRunId', () => {
  it('formats UTC and appends -2, -3 when taken', async () => {
    const now = new Date(Date.UTC(2025, 0, 2, 3, 4, 5));
    expect(newRunId(now)).toBe('run-20250102-030405');
    const taken = new Set(['run-20250102-030405', 'run-20250102-030405-2']);
    expect(newRunId(now, (id) => taken.has(id))).toBe('run-20250102-030405-3');
    await mkdir(path.join(root, 'run-20250102-030405'));
    expect(newRunId(now, root)).toBe('run-20250102-030405-2');
  });
});

describe('runPaths', () => {
  it('lays out the run tree of FORMATS.md §5', () => {
    const p = runPaths('/out', 'run-1');
    expect(p).toMatchObject({
      dir: '/out/run-1',
      journal: '/out/run-1/run_journal.json',
      events: '/out/run-1/events.jsonl',
      runLog: '/out/run-1/run.log',
      stop: '/out/run-1/STOP',
    });
    expect(p.pevaDir('runner')).toBe('/out/run-1/runner/peva_faas');
    expect(p.memoryFile('runner')).toBe('/out/run-1/memory/runner/peva_faas.duckdb');
    expect(() => runPaths('/out', '../x')).toThrow();
    expect(() => p.hostDir('../etc')).toThrow();
  });
});
