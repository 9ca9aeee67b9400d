import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readStackFile, removeStackFile, stackFilePath, writeStackFile, type StackFile } from './stack-file';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'lbweb-stackfile-'));
  dirs.push(d);
  return d;
}

const sample: StackFile = {
  gatewayUrl: 'http://127.0.0.1:1',
  prometheusUrl: 'http://127.0.0.1:2',
  nodeExporterUrl: 'http://127.0.0.1:3',
  functions: ['figlet'],
  pid: 42,
  startedAt: new Date(0).toISOString(),
};

describe('stack.json', () => {
  it('is written whole (no temp file left) and read back', () => {
    const dir = tempDir();
    writeStackFile(dir, sample);
    expect(readdirSync(dir)).toEqual(['stack.json']);
    expect(readStackFile(dir)).toEqual(sample);
    removeStackFile(dir);
    expect(readStackFile(dir)).toBeUndefined();
  });

  it('reads an invalid or partial file as absent', () => {
    const dir = tempDir();
    writeFileSync(stackFilePath(dir), '{"gatewayUrl": "http://127.0.0.1:1"');
    expect(readStackFile(dir)).toBeUndefined();
    writeFileSync(stackFilePath(dir), JSON.stringify({ ...sample, pid: 'x' }));
    expect(readStackFile(dir)).toBeUndefined();
  });
});
