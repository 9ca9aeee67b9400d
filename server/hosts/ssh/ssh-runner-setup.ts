// Setup of a runner reached over SSH, without root: Node.js ≥ 20 must be there already (we
// say how to get it), the agent bundle goes to <workdir>/lb-web-agent, and its one native
// dependency (@duckdb/node-api, pinned exactly) is installed there with npm when missing.
import 'server-only';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AgentBundle } from '@/server/hosts/setup/agent-bundle';
import type { SshHost } from './ssh-host';

export const MIN_NODE_MAJOR = 20;
export const agentDirOf = (host: Pick<SshHost, 'lbWorkdir'>) => path.posix.join(host.lbWorkdir, 'lb-web-agent');
export const agentCommandOf = (host: Pick<SshHost, 'lbWorkdir'>) => [
  'node',
  path.posix.join(agentDirOf(host), 'agent.mjs'),
];

export async function setupSshRunner(
  host: SshHost,
  bundle: AgentBundle,
  say: (step: string, message: string) => void,
  signal?: AbortSignal,
): Promise<void> {
  const node = await host.exec(['node', '--version'], { timeoutMs: 30_000, signal });
  const major = Number(/^v(\d+)\./.exec(node.stdout.trim())?.[1] ?? NaN);
  if (node.code !== 0 || !(major >= MIN_NODE_MAJOR))
    throw new Error(
      `${host.name}: Node.js ${MIN_NODE_MAJOR} or newer is needed on the runner (found ${node.code === 0 ? node.stdout.trim() : 'none on PATH for a non-interactive login'}): install it there (https://nodejs.org or your distribution's nodejs package) and provision again`,
    );
  say('node', `node ${node.stdout.trim()}`);

  const dir = agentDirOf(host);
  say('upload', `copying the agent bundle to ${host.name}:${dir}`);
  await host.push(bundle.dir, dir, { recursive: true });

  const pkg = JSON.parse(await readFile(path.join(bundle.dir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const want = pkg.dependencies?.['@duckdb/node-api'];
  const have = await host.exec(['node', '-p', "require('@duckdb/node-api/package.json').version"], {
    cwd: dir,
    timeoutMs: 30_000,
    signal,
  });
  if (have.code === 0 && have.stdout.trim() === want) {
    say('deps', `@duckdb/node-api ${want} present`);
  } else {
    say('deps', `npm install @duckdb/node-api ${want} in ${dir}`);
    const npm = await host.exec(['npm', 'install', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], {
      cwd: dir,
      timeoutMs: 10 * 60_000,
      signal,
    });
    if (npm.code !== 0)
      throw new Error(
        `${host.name}: npm install in ${dir} failed (exit ${npm.code}${npm.timedOut ? ', timed out' : ''}): ${(npm.stderr || npm.stdout).trim().slice(-600)}`,
      );
  }
  const k6 = await host.exec(['k6', 'version'], { timeoutMs: 30_000, signal }).catch(() => null);
  say('k6', k6?.code === 0 ? k6.stdout.trim() : 'k6 not found: the agent uses its built-in load driver');
}
