import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalHost } from '@/server/hosts/local/local-host';
import { spawnOwned } from '@/server/process/owned-process';
import { killRemoteAgent } from './kill-remote-agent';

describe('killRemoteAgent', () => {
  it('kills the agent by the pid of its status.json, SIGKILL when SIGTERM is ignored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lbweb-kill-'));
    try {
      const host = new LocalHost('runner-1', 'runner', dir);
      const out = join(dir, 'out');
      mkdirSync(out, { recursive: true });
      const stubborn = spawnOwned(['bash', '-c', 'trap "" TERM; while true; do sleep 0.1; done']);
      writeFileSync(join(out, 'status.json'), JSON.stringify({ status: 'running', pid: stubborn.pid }));
      const said = await killRemoteAgent(host, out, 300);
      expect(said).toMatch(new RegExp(`pid ${stubborn.pid}.*SIGKILL`));
      expect((await stubborn.exited).signal).toBe('SIGKILL');
      await stubborn.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says so when there is no status file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lbweb-kill-'));
    const host = new LocalHost('runner-1', 'runner', dir);
    expect(await killRemoteAgent(host, join(dir, 'none'), 10)).toMatch(/no agent pid/);
    rmSync(dir, { recursive: true, force: true });
  });
});
