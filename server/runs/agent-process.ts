// The runner agent as a process the controller does not own the lifetime of: launched with
// `--detach` (it runs under a supervisor in its own session, output to files, see
// server/agent/supervisor.ts), then followed by pid on its host. A controller that dies
// leaves it running; the next one attaches to it by the same pids.
import 'server-only';
import { join } from 'node:path';
import {
  AGENT_FILES,
  AgentExitSchema,
  AgentPidsSchema,
  type AgentExit,
  type AgentPids,
} from '@/lib/contract/agent-files';
import { z } from 'zod';
import { tryParseJson } from '@/lib/contract/tolerant-json';
import type { Host } from '@/server/hosts/host';
import { sleep } from '@/server/process/sleep';
import { pollFor } from '@/server/process/wait-for';
import { RunnerBusyError } from './run-errors';

export interface AgentEnd {
  code: number | null;
  /** The supervisor's record of the exit; null when it was killed too (or never wrote it). */
  record: AgentExit | null;
}

export interface AgentProcess {
  pids: AgentPids;
  /** Resolves once the agent process is gone. */
  exited: Promise<AgentEnd>;
  /** SIGKILL to the agent's whole process group (supervisor included). */
  stop(): Promise<void>;
}

const agentPidsPath = (outputDir: string) => join(outputDir, AGENT_FILES.pids);
const agentExitPath = (outputDir: string) => join(outputDir, AGENT_FILES.exit);

/** `<lb_workdir>/lb-web-active-run.json` on the runner: which run's agent uses it now. */
const RunnerClaimSchema = z.object({ run_id: z.string(), output_dir: z.string(), pids: AgentPidsSchema });
const claimPath = (runner: Host) => join(runner.lbWorkdir, 'lb-web-active-run.json');

/**
 * One run per runner, whatever output root or controller started it: an agent of another
 * run still alive on the runner refuses this launch (they would share lb's STOP file).
 */
async function assertRunnerUnclaimed(runner: Host, runId: string): Promise<void> {
  const text = await runner.readText(claimPath(runner)).catch(() => null);
  const claim = text ? RunnerClaimSchema.safeParse(tryParseJson(text)) : null;
  if (!claim?.success || claim.data.run_id === runId) return;
  if (await runner.isAlive(claim.data.pids.agent_pid)) {
    throw new RunnerBusyError(claim.data.run_id, `its agent pid ${claim.data.pids.agent_pid} runs on ${runner.name}`);
  }
}

export async function launchAgent(
  runner: Host,
  agentCommand: readonly string[],
  specPath: string,
  outputDir: string,
  runId: string,
): Promise<AgentProcess> {
  await assertRunnerUnclaimed(runner, runId);
  const r = await runner.exec([...agentCommand, '--spec', specPath, '--detach'], { timeoutMs: 60_000 });
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  let pids: AgentPids;
  try {
    pids = AgentPidsSchema.parse(JSON.parse(last));
  } catch {
    const why = r.timedOut ? 'timed out' : `exit ${r.code}`;
    throw new Error(`the agent did not start on ${runner.name} (${why}): ${(r.stderr || r.stdout).trim().slice(-600)}`);
  }
  await runner.writeFile(claimPath(runner), JSON.stringify({ run_id: runId, output_dir: outputDir, pids }));
  return watchAgent(runner, outputDir, pids);
}

/** Reads the pids a running (or ended) agent left in its output dir; null when there are none. */
export async function readAgentPids(runner: Host, outputDir: string): Promise<AgentPids | null> {
  const text = await runner.readText(agentPidsPath(outputDir)).catch(() => null);
  const parsed = text ? AgentPidsSchema.safeParse(tryParseJson(text)) : null;
  return parsed?.success ? parsed.data : null;
}

export function watchAgent(runner: Host, outputDir: string, pids: AgentPids): AgentProcess {
  // Local: a /proc read every 100 ms; remote: an exec per second.
  const pollMs = runner.provider === 'local' ? 100 : 1000;
  const exited = (async (): Promise<AgentEnd> => {
    // An unreachable host answers neither way: keep watching (a dropped channel is not an exit).
    while (await runner.isAlive(pids.agent_pid).catch(() => true)) await sleep(pollMs);
    const record = await readExitRecord(runner, outputDir, pids);
    return { code: record?.code ?? null, record };
  })();
  return {
    pids,
    exited,
    stop: async () => {
      await runner.signalGroup(pids.supervisor_pid, 'SIGKILL').catch(() => false);
      await runner.signalGroup(pids.agent_pid, 'SIGKILL').catch(() => false);
    },
  };
}

/** The supervisor writes the record just after the agent exits: give it a moment. */
async function readExitRecord(runner: Host, outputDir: string, pids: AgentPids): Promise<AgentExit | null> {
  return pollFor<AgentExit | null>(
    async () => {
      const text = await runner.readText(agentExitPath(outputDir));
      const parsed = text ? AgentExitSchema.safeParse(tryParseJson(text)) : null;
      if (parsed?.success) return { done: true, value: parsed.data };
      // A dead supervisor will never write it.
      return (await runner.isAlive(pids.supervisor_pid)) ? { done: false } : { done: true, value: null };
    },
    { what: 'the agent exit record', timeoutMs: 5_000, backoffMs: [50, 100, 250] },
  ).catch(() => null);
}
