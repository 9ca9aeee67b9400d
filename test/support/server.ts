// Starts the production build (server/http/main.ts, as `lb-web serve` does) on 127.0.0.1 and a free port as an owned
// process (process group, killed in stop()), with its own LBWEB_OUTPUT_ROOT. Shared by
// every e2e spec: `const srv = await startServer(); … await srv.stop();`.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnOwned, type OwnedProcess } from '@/server/process/owned-process';
import { waitFor } from '@/server/process/wait-for';
import { httpServerArgv } from '@/server/http/server-command';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface TestServer {
  url: string;
  port: number;
  outputRoot: string;
  proc: OwnedProcess;
  /** Last lines of the server's stdout/stderr (for failure messages). */
  logs(): string;
  stop(): Promise<void>;
}

export interface StartServerOptions {
  /** Output root for runs; a fresh temp dir (removed on stop) when omitted. */
  outputRoot?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  /** A given port, e.g. to restart a server where the open pages will reconnect. */
  port?: number;
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

export async function startServer(opts: StartServerOptions = {}): Promise<TestServer> {
  const distDir = process.env.LBWEB_DIST_DIR || '.next';
  if (!existsSync(join(REPO_ROOT, distDir, 'BUILD_ID'))) {
    throw new Error(`no production build in ${join(REPO_ROOT, distDir)}: run \`npx next build\` before the e2e tests`);
  }
  const ownRoot = !opts.outputRoot;
  const outputRoot = opts.outputRoot ?? mkdtempSync(join(tmpdir(), 'lbweb-e2e-out-'));
  const port = opts.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const lines: string[] = [];
  const keep = (l: string) => {
    lines.push(l);
    if (lines.length > 200) lines.shift();
  };
  // LBWEB_TEST_SERVER_NODE_ARGS: extra node flags for the server (a bench's --cpu-prof, say).
  const nodeArgs = (process.env.LBWEB_TEST_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const proc = spawnOwned(httpServerArgv(REPO_ROOT, '127.0.0.1', port, nodeArgs), {
    name: 'lb-web-server',
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LBWEB_OUTPUT_ROOT: outputRoot,
      NEXT_TELEMETRY_DISABLED: '1',
      NEXT_MANUAL_SIG_HANDLE: 'true',
      ...opts.env,
    },
    onStdoutLine: keep,
    onStderrLine: keep,
    graceMs: 30_000,
  });
  const stop = async () => {
    await proc.stop(30_000);
    if (ownRoot) rmSync(outputRoot, { recursive: true, force: true });
  };
  try {
    await waitFor(
      async () => {
        const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
        await res.body?.cancel();
        return res.status < 500;
      },
      { what: `the server at ${url}`, timeoutMs: opts.timeoutMs ?? 60_000, exited: proc.exited },
    );
  } catch (e) {
    await stop();
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n--- server output ---\n${lines.join('\n')}`, {
      cause: e,
    });
  }
  return { url, port, outputRoot, proc, logs: () => lines.join('\n'), stop };
}
