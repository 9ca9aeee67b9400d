// `agent --spec X --detach` starts the agent so that it outlives whoever launched it (a
// server that crashes, an SSH or `multipass exec` channel that drops): a supervisor in a new
// session, output to files, which runs the agent and records how it exited. The launcher
// prints the pids and returns at once; the controller follows the stream file by offset.
import 'server-only';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { AgentPidsSchema, type AgentExit, type AgentPids } from '@/lib/contract/agent-files';
import { spawnDetached } from '@/server/process/detached';
import { spawnOwned } from '@/server/process/owned-process';
import { pollFor } from '@/server/process/wait-for';
import { readFile } from 'node:fs/promises';
import { agentFiles, readRunSpec } from './run-spec';

/** This program again (same Node flags, e.g. tsx's loader), with other arguments. */
const self = (args: string[]): string[] => [process.execPath, ...process.execArgv, process.argv[1]!, ...args];

function writeJsonAtomic(path: string, value: unknown): void {
  writeFileSync(`${path}.tmp`, JSON.stringify(value));
  renameSync(`${path}.tmp`, path);
}

export async function detachAgent(specPath: string): Promise<number> {
  const spec = await readRunSpec(specPath);
  const files = agentFiles(spec.output_dir);
  for (const f of [files.pids, files.exit]) rmSync(f, { force: true });
  spawnDetached(self(['--supervise', '--spec', specPath]), {
    cwd: process.cwd(),
    stdoutFile: files.stdout,
    stderrFile: files.stderr,
  });
  const pids = await pollFor<AgentPids>(
    async () => {
      const parsed = AgentPidsSchema.safeParse(JSON.parse(await readFile(files.pids, 'utf8')));
      return parsed.success ? { done: true, value: parsed.data } : { done: false };
    },
    { what: `the agent to start (${files.pids})`, timeoutMs: 20_000, backoffMs: [20, 50, 100] },
  );
  process.stdout.write(`${JSON.stringify(pids)}\n`);
  return 0;
}

export async function superviseAgent(specPath: string): Promise<number> {
  const spec = await readRunSpec(specPath);
  const files = agentFiles(spec.output_dir);
  const agent = spawnOwned(self(['--spec', specPath]), {
    name: 'agent',
    processGroup: 'parent',
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  // Stops reach the agent itself (STOP file, or a signal to the whole group): the supervisor
  // stays to record the exit.
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(sig, () => undefined);
  const pids: AgentPids = { supervisor_pid: process.pid, agent_pid: agent.pid, started_at: Date.now() / 1000 };
  writeJsonAtomic(files.pids, pids);
  const exit = await agent.exited;
  const record: AgentExit = { code: exit.code, signal: exit.signal, ended_at: Date.now() / 1000 };
  writeJsonAtomic(files.exit, record);
  return exit.code ?? 1;
}
