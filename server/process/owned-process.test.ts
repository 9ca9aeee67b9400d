import { describe, expect, it } from 'vitest';
import { spawnOwned, liveProcesses } from './owned-process';
import { runCommand } from './run-command';
import { processesInGroup, isPidAlive } from './proc-tree';

describe('spawnOwned', () => {
  it('stops a child and its grandchildren with SIGTERM then SIGKILL', async () => {
    // The child ignores SIGTERM and has a grandchild: only the group SIGKILL ends both.
    const p = spawnOwned(['bash', '-c', 'trap "" TERM; sleep 30 & sleep 30'], { name: 'stubborn' });
    await new Promise((r) => setTimeout(r, 200));
    expect(processesInGroup(p.pid).length).toBeGreaterThanOrEqual(2);
    const t0 = Date.now();
    await p.stop(300);
    expect(Date.now() - t0).toBeLessThan(3000);
    await new Promise((r) => setTimeout(r, 100));
    expect(processesInGroup(p.pid)).toEqual([]);
    expect(isPidAlive(p.pid)).toBe(false);
    expect(liveProcesses()).not.toContain(p);
  });

  it('stops when its AbortSignal aborts', async () => {
    const ac = new AbortController();
    const p = spawnOwned(['sleep', '30'], { signal: ac.signal });
    ac.abort();
    const info = await p.exited;
    expect(info.signal).toBe('SIGTERM');
  });

  it('streams stdout lines', async () => {
    const lines: string[] = [];
    const p = spawnOwned(['printf', 'a\\nb\\n'], { onStdoutLine: (l) => lines.push(l) });
    await p.exited;
    await new Promise((r) => setTimeout(r, 20));
    expect(lines).toEqual(['a', 'b']);
  });
});

describe('runCommand', () => {
  it('captures output and exit code', async () => {
    const r = await runCommand(['bash', '-c', 'echo out; echo err >&2; exit 3']);
    expect(r).toMatchObject({ code: 3, stdout: 'out\n', stderr: 'err\n', timedOut: false });
  });

  it('reports a missing executable', async () => {
    const r = await runCommand(['definitely-not-a-command-lbweb']);
    expect(r.spawnError).toMatch(/ENOENT/);
  });

  it('times out and kills', async () => {
    const r = await runCommand(['sleep', '10'], { timeoutMs: 200 });
    expect(r.timedOut).toBe(true);
  });
});
