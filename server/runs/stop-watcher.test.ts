import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand } from '@/server/process/run-command';
import { requestStop, watchStopFile } from './stop-watcher';

const dir = await mkdtemp(path.join(tmpdir(), 'lbweb-stop-'));
afterAll(() => rm(dir, { recursive: true, force: true }));
let n = 0;
const runDir = async () => {
  const d = path.join(dir, `run-${++n}`);
  await mkdir(d);
  return d;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
function firedPromise(stopPath: string, pollMs = 200) {
  let calls = 0;
  let resolve!: (ms: number) => void;
  const at = new Promise<number>((r) => (resolve = r));
  const t0 = Date.now();
  const w = watchStopFile(
    stopPath,
    () => {
      calls++;
      resolve(Date.now() - t0);
    },
    { pollMs },
  );
  return { w, at, calls: () => calls };
}

describe('watchStopFile', () => {
  it('fires once when another process touches STOP', async () => {
    const d = await runDir();
    const stop = path.join(d, 'STOP');
    const { w, at, calls } = firedPromise(stop, 5000); // a long poll: fs.watch has to see it
    await sleep(50);
    expect(calls()).toBe(0);
    const r = await runCommand(['touch', stop], { timeoutMs: 10_000 });
    expect(r.code).toBe(0);
    expect(await Promise.race([at, sleep(2000).then(() => -1)])).toBeGreaterThan(0);
    await runCommand(['touch', stop]);
    await sleep(100);
    expect(calls()).toBe(1);
    expect(w.fired).toBe(true);
    w.dispose();
  });

  it('fires at once when STOP already exists, after returning the handle', async () => {
    const d = await runDir();
    await writeFile(path.join(d, 'STOP'), '');
    let handleSeen: boolean | undefined;
    const w = watchStopFile(path.join(d, 'STOP'), () => (handleSeen = w !== undefined));
    expect(handleSeen).toBeUndefined();
    await sleep(0);
    expect(handleSeen).toBe(true);
  });

  it('notices STOP in a run directory created later (polling)', async () => {
    const d = path.join(dir, 'not-yet');
    const { w, at } = firedPromise(path.join(d, 'STOP'), 30);
    await sleep(60);
    await mkdir(d);
    await requestStop(d);
    expect(await Promise.race([at, sleep(2000).then(() => -1)])).toBeGreaterThan(0);
    w.dispose();
  });

  it('dispose() stops watching', async () => {
    const d = await runDir();
    const { w, calls } = firedPromise(path.join(d, 'STOP'), 20);
    w.dispose();
    await requestStop(d);
    await sleep(100);
    expect(calls()).toBe(0);
  });
});

describe('requestStop', () => {
  it('creates STOP once; a double stop is harmless', async () => {
    const d = await runDir();
    expect(await requestStop(d)).toEqual({ path: path.join(d, 'STOP'), created: true });
    const first = await readFile(path.join(d, 'STOP'), 'utf8');
    expect(await requestStop(d)).toEqual({ path: path.join(d, 'STOP'), created: false });
    expect(await readFile(path.join(d, 'STOP'), 'utf8')).toBe(first);
    await expect(requestStop(path.join(dir, 'no-such-run'))).rejects.toThrow(/does not exist/);
  });
});
