// Real processes: `serve` against a fake checkout whose `next` is a stand-in script.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnOwned, type OwnedProcess } from '@/server/process/owned-process';
import { waitFor } from '@/server/process/wait-for';

const fixtures = fileURLToPath(new URL('../../../test/fixtures/cli', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
let fake: string;
let cli: OwnedProcess | undefined;

async function makeFakeCheckout(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'lbweb-serve-'));
  const nextDir = path.join(root, 'node_modules', 'next');
  await mkdir(path.join(nextDir, 'dist', 'bin'), { recursive: true });
  await writeFile(path.join(root, 'package.json'), '{"name":"fake","version":"0.0.0","type":"module"}');
  await writeFile(path.join(nextDir, 'package.json'), '{"name":"next","version":"0.0.0"}');
  await copyFile(path.join(fixtures, 'fake-next.mjs'), path.join(nextDir, 'dist', 'bin', 'next'));
  // The server entry is started with `--import tsx/esm` from the checkout: tsx must resolve there.
  await symlink(path.join(repoRoot, 'node_modules', 'tsx'), path.join(root, 'node_modules', 'tsx'));
  await mkdir(path.join(root, 'server', 'http'), { recursive: true });
  await copyFile(path.join(fixtures, 'fake-server.mjs'), path.join(root, 'server', 'http', 'main.ts'));
  return root;
}

const logOf = async () =>
  existsSync(path.join(fake, 'fake-next.log')) ? readFile(path.join(fake, 'fake-next.log'), 'utf8') : '';
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

afterEach(async () => {
  await cli?.stop(500);
  await rm(fake, { recursive: true, force: true });
});

describe('lb-web serve (fake next)', () => {
  it('builds when BUILD_ID is missing, starts the server on the bind address, and Ctrl-C stops it', async () => {
    fake = await makeFakeCheckout();
    let stderr = '';
    cli = spawnOwned([process.execPath, path.join(fixtures, 'run-main.mjs'), fake, 'serve', '-p', '4567'], {
      cwd: fake,
      env: { PATH: process.env.PATH, LBWEB_OUTPUT_ROOT: 'runs-here' },
      onStderrLine: (l) => (stderr += `${l}\n`),
      onStdoutLine: () => {},
    });
    await waitFor(async () => /start /.test(await logOf()), {
      what: 'the fake server',
      timeoutMs: 15_000,
      exited: cli.exited,
    });
    const log = await logOf();
    expect(log).toMatch(/^build\nstart -H 127\.0\.0\.1 -p 4567 pid=\d+ out=.*\/runs-here env=production\n/);
    expect(stderr).toMatch(/running `next build` first/);
    expect(stderr).toMatch(/starting on http:\/\/127\.0\.0\.1:4567\//);
    const nextPid = Number(/pid=(\d+)/.exec(log)?.[1]);

    // Ctrl-C in a terminal signals the CLI's group only; the owned child must follow.
    process.kill(cli.pid, 'SIGINT');
    const exit = await cli.exited;
    expect(exit.code).toBe(130);
    expect(await logOf()).toMatch(/sigterm/);
    expect(alive(nextPid)).toBe(false);
  });
});
