import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREVIEW_BYTES } from '@/lib/contract/artifact-preview';
import { previewArtifact } from './artifact-preview';

let root: string;
const runDir = () => path.join(root, 'run-p');

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'lbweb-preview-'));
  await mkdir(path.join(runDir(), 'runner', 'peva_faas'), { recursive: true });
  await writeFile(
    path.join(runDir(), 'runner', 'peva_faas', 'results.csv'),
    'config_id,label\r\nc1,"figlet=10, env=5"\r\nc2,"say ""hi"""\r\n',
  );
  await writeFile(path.join(runDir(), 'runner', 'peva_faas', 'index.csv'), 'config_id;functions\r\nc1;figlet\r\n');
  await writeFile(path.join(runDir(), 'status.json'), '{"status":"finished","progress":{"configs_done":2}}');
  await writeFile(path.join(runDir(), 'nan.json'), '{"v": NaN}');
  await writeFile(path.join(runDir(), 'big.csv'), `a,b\n${'1,2\n'.repeat(PREVIEW_BYTES / 2)}`);
  await writeFile(path.join(root, 'secret.csv'), 'x\n1\n');
  await symlink(path.join(root, 'secret.csv'), path.join(runDir(), 'escape.csv'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('artifact preview', () => {
  it("parses a CSV as lb writes it (quoted commas and quotes), index.csv with lb's ';'", async () => {
    expect(await previewArtifact(root, 'run-p', 'runner/peva_faas/results.csv')).toEqual({
      kind: 'csv',
      header: ['config_id', 'label'],
      rows: [
        ['c1', 'figlet=10, env=5'],
        ['c2', 'say "hi"'],
      ],
      truncated: false,
      size: 57,
    });
    const index = await previewArtifact(root, 'run-p', 'runner/peva_faas/index.csv');
    expect(index).toMatchObject({ header: ['config_id', 'functions'], rows: [['c1', 'figlet']] });
  });

  it('pretty-prints JSON, shows what does not parse as text', async () => {
    const j = await previewArtifact(root, 'run-p', 'status.json');
    expect(j.kind).toBe('json');
    expect(j.kind !== 'csv' && j.text).toContain('\n  "progress": {\n');
    expect(await previewArtifact(root, 'run-p', 'nan.json')).toMatchObject({ kind: 'json', text: '{"v": NaN}' });
  });

  it('bounds a big file to its first 256 KiB of whole lines and says it was cut', async () => {
    const p = await previewArtifact(root, 'run-p', 'big.csv');
    expect(p).toMatchObject({ kind: 'csv', truncated: true, header: ['a', 'b'] });
    expect(p.kind === 'csv' && p.rows.length).toBe(PREVIEW_BYTES / 4 - 1);
    expect(p.kind === 'csv' && p.rows.at(-1)).toEqual(['1', '2']);
  });

  it('refuses what downloads refuse: escapes, unknown runs, kinds without a preview', async () => {
    await expect(previewArtifact(root, 'run-p', 'escape.csv')).rejects.toThrow();
    await expect(previewArtifact(root, 'run-p', '../secret.csv')).rejects.toThrow();
    await expect(previewArtifact(root, 'run-nope', 'x.csv')).rejects.toMatchObject({ name: 'NoSuchRunError' });
    await expect(previewArtifact(root, 'run-p', 'memory/x.duckdb')).rejects.toMatchObject({ name: 'NotAFileError' });
  });
});
