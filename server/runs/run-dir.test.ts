import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRunId, PathEscapeError, resolveInsideRoot, RunIdSchema, runPaths } from './run-dir';

let root: string;
let outside: string;
beforeAll(async () => {
  root = await realpath(await mkdtemp(path.join(tmpdir(), 'lbweb-rundir-')));
  outside = await realpath(await mkdtemp(path.join(tmpdir(), 'lbweb-outside-')));
  await mkdir(path.join(root, 'run-1', 'memory', 'runner'), { recursive: true });
  await writeFile(path.join(root, 'run-1', 'memory', 'runner', 'peva_faas.duckdb'), 'db');
  await writeFile(path.join(outside, 'secret.txt'), 'secret');
  await symlink(outside, path.join(root, 'run-1', 'escape-dir'));
  await symlink(path.join(outside, 'secret.txt'), path.join(root, 'run-1', 'escape-file'));
  await symlink(path.join(root, 'run-1', 'memory'), path.join(root, 'run-1', 'inner-link'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

describe('RunIdSchema', () => {
  it('accepts lb ids and user names, refuses traversal and odd characters', () => {
    for (const ok of ['run-20250101-120000', 'my.run_1', 'A', 'a'.repeat(64)]) expect(RunIdSchema.safeParse(ok).success).toBe(true);
    for (const bad of ['', '..', '.hidden', '-x', 'a/b', 'a b', 'a\\b', 'a'.repeat(65), 'é']) expect(RunIdSchema.safeParse(bad).success).toBe(false);
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
  it('lays out the run tree of contracts §5', () => {
    const p = runPaths('/out', 'run-1');
    expect(p).toMatchObject({ dir: '/out/run-1', journal: '/out/run-1/run_journal.json', events: '/out/run-1/events.jsonl', runLog: '/out/run-1/run.log', stop: '/out/run-1/STOP' });
    expect(p.pevaDir('runner')).toBe('/out/run-1/runner/peva_faas');
    expect(p.memoryFile('runner')).toBe('/out/run-1/memory/runner/peva_faas.duckdb');
    expect(() => runPaths('/out', '../x')).toThrow();
    expect(() => p.hostDir('../etc')).toThrow();
  });
});

describe('resolveInsideRoot', () => {
  const escape = async (req: string | string[]) => {
    const err = await resolveInsideRoot(root, req).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PathEscapeError);
    return err as PathEscapeError;
  };

  it('resolves files inside the root to their real path', async () => {
    const want = path.join(root, 'run-1', 'memory', 'runner', 'peva_faas.duckdb');
    expect(await resolveInsideRoot(root, 'run-1/memory/runner/peva_faas.duckdb')).toBe(want);
    expect(await resolveInsideRoot(root, ['run-1', 'memory', 'runner', 'peva_faas.duckdb'])).toBe(want);
    expect(await resolveInsideRoot(root, ['run-1', 'inner-link', 'runner', 'peva_faas.duckdb'])).toBe(want);
    expect(await resolveInsideRoot(root, '')).toBe(root);
  });

  it('refuses .., absolute paths, NUL and backslashes', async () => {
    expect((await escape('../etc/passwd')).reason).toMatch(/\.\./);
    await escape('run-1/../../etc/passwd');
    await escape(['run-1', '..', '..', 'etc']);
    expect((await escape('/etc/passwd')).reason).toMatch(/absolute/);
    await escape(['/etc/passwd']);
    await escape(['run-1', 'a\0b']);
    await escape(['run-1\\..\\..']);
  });

  it('refuses an encoded .. once decoded, and a doubly encoded one as given', async () => {
    const segs = '%2e%2e/%2E%2E/etc'.split('/').map(decodeURIComponent);
    expect(segs[0]).toBe('..');
    await escape(segs);
    await escape(['%2e%2e', 'etc']);
    await escape(['run-1', '..%2f..%2fetc']);
  });

  it('refuses symlinks that lead outside the root', async () => {
    expect((await escape('run-1/escape-file')).reason).toMatch(/symlink/);
    await escape(['run-1', 'escape-dir', 'secret.txt']);
    // Even when the target is missing, the existing part of the path is checked.
    const err = await resolveInsideRoot(root, 'run-1/escape-dir/nope', { allowMissing: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PathEscapeError);
  });

  it('rejects a missing file with ENOENT unless allowMissing', async () => {
    await expect(resolveInsideRoot(root, 'run-1/nope')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await resolveInsideRoot(root, 'run-1/new/dir/file', { allowMissing: true })).toBe(path.join(root, 'run-1/new/dir/file'));
  });

  it('accepts a root given through a symlink (both sides are real paths)', async () => {
    const linkRoot = path.join(outside, 'root-link');
    await symlink(root, linkRoot);
    expect(await resolveInsideRoot(linkRoot, 'run-1/memory')).toBe(path.join(root, 'run-1', 'memory'));
  });
});
