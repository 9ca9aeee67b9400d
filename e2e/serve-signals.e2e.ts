// Operating the dashboard as a service (issue 15, the part about signals): SIGTERM sent to the
// `npm run serve` process itself — what a service manager or `kill <pid>` does — stops the
// server cleanly and leaves nothing running. Before `exec` in the script, npm's `sh -c` took the
// signal and the server kept running.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnOwned, type OwnedProcess } from '@/server/process/owned-process';
import { waitFor } from '@/server/process/wait-for';
import { signalGroup } from '@/server/process/process-group';
import { processesUnder } from '@/test/support/orphans';
import { freePort, REPO_ROOT } from '@/test/support/server';

let root: string | undefined;
let npm: OwnedProcess | undefined;

afterAll(async () => {
  await npm?.stop(5_000);
  // If npm left without its server (the bug this guards against), end that group too.
  const pid = npm?.child.pid;
  if (pid && root) {
    signalGroup(pid, 'SIGTERM');
    await waitFor(() => processesUnder(root!).length === 0, { what: 'the server to stop', timeoutMs: 30_000 }).catch(
      () => signalGroup(pid, 'SIGKILL'),
    );
  }
  if (root) rmSync(root, { recursive: true, force: true });
}, 60_000);

describe('npm run serve as a service', () => {
  it('SIGTERM to the npm process stops the server and everything under it', async () => {
    root = mkdtempSync(join(tmpdir(), 'lbweb-e2e-serve-'));
    const port = await freePort();
    const lines: string[] = [];
    npm = spawnOwned(['npm', 'run', 'serve'], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        LBWEB_PORT: String(port),
        LBWEB_OUTPUT_ROOT: join(root, 'runs'),
        LBWEB_HOSTS_ROOT: join(root, 'hosts'),
        NEXT_TELEMETRY_DISABLED: '1',
      },
      onStdoutLine: (l) => lines.push(l),
      onStderrLine: (l) => lines.push(l),
    });
    await waitFor(
      async () => {
        const res = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2_000) });
        await res.body?.cancel();
        return res.status === 200;
      },
      { what: `npm run serve on port ${port}`, timeoutMs: 120_000, exited: npm.exited },
    );
    // The npm process only, as `kill <pid>` does (not its process group).
    process.kill(npm.child.pid!, 'SIGTERM');
    const exit = await Promise.race([npm.exited, new Promise<null>((r) => setTimeout(() => r(null), 40_000))]);
    expect(exit, lines.slice(-20).join('\n')).not.toBeNull();
    expect(lines.join('\n')).toMatch(/lb-web serve: stopped\./);
    await expect
      .poll(
        () =>
          fetch(`http://127.0.0.1:${port}/`).then(
            () => 'up',
            () => 'down',
          ),
        { timeout: 10_000 },
      )
      .toBe('down');
    expect(processesUnder(root)).toEqual([]);
  }, 180_000);
});
