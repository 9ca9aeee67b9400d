// The runner agent as one file for a remote runner host (scripts/build-agent-bundle.mjs):
// built in a child process so that esbuild's native binary never enters Next's server bundle.
import 'server-only';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '@/server/process/repo-root';
import { runCommand } from '@/server/process/run-command';
import { REMOTE_AGENT_DIR } from './role-setup';

/** Where runner setup installs the bundle, and the argv prefix that runs it there. */
export const REMOTE_AGENT_ENTRY = `${REMOTE_AGENT_DIR}/agent.mjs`;
export const REMOTE_AGENT_COMMAND: readonly string[] = ['node', REMOTE_AGENT_ENTRY];

export interface AgentBundle {
  dir: string;
  entry: string;
  /** sha256 of agent.mjs, to tell whether a runner holds this very build. */
  sha256: string;
}

export async function buildAgentBundle(outDir: string, opts: { signal?: AbortSignal } = {}): Promise<AgentBundle> {
  const script = path.join(repoRoot(), 'scripts', 'build-agent-bundle.mjs');
  const r = await runCommand([process.execPath, script, '--out', outDir], {
    cwd: repoRoot(),
    timeoutMs: 120_000,
    signal: opts.signal,
  });
  if (r.code !== 0) {
    const why = r.timedOut ? 'timed out' : `exit ${r.code ?? r.signal}`;
    throw new Error(
      `building the agent bundle failed (${why}): ${(r.stderr || r.stdout).trim().slice(-800)} — is esbuild installed (npm install)?`,
    );
  }
  const entry = path.join(outDir, 'agent.mjs');
  const sha256 = createHash('sha256')
    .update(await readFile(entry))
    .digest('hex');
  return { dir: outDir, entry, sha256 };
}
