import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PathEscapeError, relativeSegments, resolveInsideRoot } from './safe-path';
import { listRunFiles, openRunFile, runDirectory } from './run-files';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'safe-path-'));
  await mkdir(path.join(root, 'run-1', 'memory', 'runner'), { recursive: true });
  await writeFile(path.join(root, 'run-1', 'events.jsonl'), '{"seq":1}\n');
  await writeFile(path.join(root, 'run-1', 'memory', 'runner', 'peva_faas.duckdb'), 'DUCK');
  await writeFile(path.join(root, 'secret.txt'), 'outside the run');
  await symlink('/etc', path.join(root, 'run-1', 'etc-link'));
  await symlink('/etc/hostname', path.join(root, 'run-1', 'hostname-link'));
  await symlink('../secret.txt', path.join(root, 'run-1', 'sibling-link'));
  await symlink('events.jsonl', path.join(root, 'run-1', 'inner-link'));
  await symlink('/tmp', path.join(root, 'run-escape'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

const kindOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof PathEscapeError ? e.kind : 'other';
  }
  return 'ok';
};

describe('relativeSegments', () => {
  it.each([
    [['..', 'secret.txt'], 'escape'],
    [['a', '..', '..', 'x'], 'escape'],
    [['%2e%2e', 'x'], 'escape'],
    [['%2E%2e'], 'escape'],
    [['%252e%252e', 'x'], 'escape'],
    [['..%2fsecret.txt'], 'escape'],
    [['..%5csecret.txt'], 'escape'],
    [['/etc/passwd'], 'escape'],
    [['%2fetc%2fpasswd'], 'escape'],
    ['/etc/passwd', 'escape'],
    ['C:/Windows', 'escape'],
    ['../x', 'escape'],
    [['a\\b'], 'invalid'],
    [['a%00b'], 'invalid'],
    [['a\0b'], 'invalid'],
    [['a%2fb'], 'invalid'],
    [[''], 'invalid'],
    [['.'], 'invalid'],
    ['a//b', 'invalid'],
    [['memory', 'runner', 'peva_faas.duckdb'], 'ok'],
    ['memory/runner/peva_faas.duckdb', 'ok'],
    [['50%.csv'], 'ok'],
    [['..hidden'], 'ok'],
  ] as const)('%j → %s', (input, kind) => {
    expect(kindOf(() => relativeSegments(input as string | string[]))).toBe(kind);
  });
});

describe('resolveInsideRoot and run files', () => {
  it('resolves plain files and links that stay inside', async () => {
    const run = path.join(root, 'run-1');
    await expect(resolveInsideRoot(run, 'events.jsonl')).resolves.toMatch(/run-1\/events\.jsonl$/);
    await expect(resolveInsideRoot(run, ['inner-link'])).resolves.toMatch(/run-1\/events\.jsonl$/);
    await expect(resolveInsideRoot(run, '')).resolves.toMatch(/run-1$/);
  });

  it('refuses symlinks that lead outside, including a symlinked run directory', async () => {
    const run = path.join(root, 'run-1');
    await expect(resolveInsideRoot(run, ['etc-link', 'hostname'])).rejects.toMatchObject({ kind: 'escape' });
    await expect(resolveInsideRoot(run, ['sibling-link'])).rejects.toMatchObject({ kind: 'escape' });
    await expect(runDirectory(root, 'run-escape')).rejects.toMatchObject({ kind: 'escape' });
  });

  it('reports missing files as ENOENT and bad run ids by name', async () => {
    await expect(openRunFile(root, 'run-1', ['nope.csv'])).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(openRunFile(root, '../run-1', ['events.jsonl'])).rejects.toThrow(/run id "\.\.\/run-1" is invalid/);
    await expect(openRunFile(root, 'run-1', ['memory'])).rejects.toThrow(/not a regular file/);
  });

  it('lists files with size and mtime, skipping links that escape', async () => {
    const files = await listRunFiles(root, 'run-1');
    expect(files.map((f) => f.path)).toEqual(['events.jsonl', 'inner-link', 'memory/runner/peva_faas.duckdb']);
    expect(files[2]).toMatchObject({ size: 4, mtime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
  });
});
