// Runs left non-terminal by a controller that is gone (a server or `lb-web run` killed, a
// machine reboot). Their agent runs detached, so it may still be running, or may have ended
// meanwhile: either way the run is re-attached — its stream followed from the last persisted
// event, then collected and closed with the agent's real final status. Only a run whose hosts
// or agent cannot be found any more is closed `failed` with the reason. A run whose controller
// is alive belongs to that process and is left alone.
import 'server-only';
import { ProviderKindSchema } from '@/lib/contract/provider-kind';
import { WORKLOAD } from '@/lib/contract/run-tree';
import { agentPaths } from './agent-plan';
import { readAgentPids, watchAgent } from './agent-process';
import { persistedAgentState } from './agent-session';
import { isControllerAlive } from './controller-identity';
import { getHub } from './event-hub-registry';
import { listRuns } from './list-runs';
import type { RunRecord } from './read-run';
import { RunContext } from './run-context';
import { RunController, type RunningAgent } from './run-controller';
import type { Host } from '@/server/hosts/host';
import { runnersOf } from '@/server/hosts/provider';
import type { AgentPids } from '@/lib/contract/agent-files';
import { runPaths } from './run-dir';
import type { RunManager } from './run-manager';

/** 'all': re-attach every orphan (a server). 'ended': only those whose agent has ended (a
 *  short CLI command: collect and close them; a running one is left to a server). */
export type RecoverMode = 'all' | 'ended';

export interface OrphanRun {
  runId: string;
  runnerHost: string | null;
  agentAlive: boolean;
}

export async function recoverRuns(manager: RunManager, mode: RecoverMode = 'all', only?: string): Promise<OrphanRun[]> {
  const { runs } = await listRuns(manager.opts.outputRoot);
  const leftRunning: OrphanRun[] = [];
  for (const r of runs) {
    if (only !== undefined && r.runId !== only) continue;
    // A state lb-web does not know (a newer lb's journal) is not ours to close.
    if (!r.state || r.terminal || manager.controller(r.runId) || isControllerAlive(r.controller)) continue;
    const outcome = await reattach(manager, r, mode).catch((err: Error) => ({ closed: err.message }));
    if ('closed' in outcome) await closeFailed(manager, r, outcome.closed);
    else if (outcome.left) leftRunning.push({ runId: r.runId, runnerHost: r.runnerHost, agentAlive: true });
  }
  return leftRunning;
}

type ReattachOutcome = { adopted: true; left?: false } | { left: true } | { closed: string };

async function reattach(manager: RunManager, r: RunRecord, mode: RecoverMode): Promise<ReattachOutcome> {
  const owner = r.controller ? `its controller (${r.controller.kind} pid ${r.controller.pid})` : 'its controller';
  const gone = `${owner} is gone, the run was ${r.state}`;
  const kind = ProviderKindSchema.safeParse(r.provider);
  if (!kind.success) return { closed: `${gone} and its hosts (${r.provider}) are unknown to lb-web` };
  if (!r.agentOutputDir || !r.memoryPath) {
    const agent = r.agentPid ? `agent pid ${r.agentPid} without a recorded output directory` : 'no agent started yet';
    return { closed: `${gone} with ${agent}` };
  }
  const opts = manager.controllerOptions(kind.data);
  const pair = await opts.provider.connect().catch(() => null);
  if (!pair) return { closed: `${gone} and its hosts are not reachable any more` };
  const defs = r.runners ?? [{ host: pair.runner.name, agent_output_dir: r.agentOutputDir, memory_path: r.memoryPath }];
  const hosts = runnersOf(pair);
  const found: { host: Host; def: (typeof defs)[number]; pids: AgentPids }[] = [];
  for (const [i, def] of defs.entries()) {
    const host = hosts.find((h) => h.host.name === def.host)?.host;
    if (!host) return { closed: `${gone} and its runner ${def.host} is not among the saved hosts any more` };
    const pids =
      (await readAgentPids(host, def.agent_output_dir)) ??
      (i === 0 && r.agentPid
        ? { agent_pid: r.agentPid, supervisor_pid: r.supervisorPid ?? r.agentPid, started_at: 0 }
        : null);
    if (!pids) return { closed: `${gone} and its agent left no pid on ${host.name}` };
    found.push({ host, def, pids });
  }
  if (mode === 'ended') {
    for (const f of found) if (await f.host.isAlive(f.pids.agent_pid)) return { left: true };
  }
  const ctx = await RunContext.open(manager.opts.outputRoot, r.journal, r.state!, r.phase);
  const agents: RunningAgent[] = [];
  for (const f of found) {
    const { offset, finalEvent } = await persistedAgentState(ctx.hub, f.host.name);
    agents.push({
      host: f.host,
      plan: agentPaths(f.def.agent_output_dir, f.def.memory_path),
      agent: watchAgent(f.host, f.def.agent_output_dir, f.pids),
      fromOffset: offset,
      finalEvent,
    });
  }
  manager.adopt(RunController.reattach(ctx, pair, agents, opts));
  return { adopted: true };
}

async function closeFailed(manager: RunManager, r: RunRecord, reason: string): Promise<void> {
  r.journal.setControllerState('failed');
  r.journal.setError(reason);
  for (const t of r.journal.data.tasks) {
    if (t.status === 'RUNNING' || t.status === 'PENDING') {
      r.journal.updateTask(t.host, t.workload, t.repetition, { status: 'FAILED', error: reason });
    }
  }
  await r.journal.save();
  const hub = await getHub(r.runId, runPaths(manager.opts.outputRoot, r.runId).events, { runId: r.runId });
  if (hub.ended) return;
  await hub.publish({
    run_id: r.runId,
    host: 'controller',
    workload: WORKLOAD,
    repetition: 1,
    total_repetitions: 1,
    status: 'failed',
    type: 'status',
    level: 'ERROR',
    message: `run failed: ${reason}`,
    timestamp: Date.now() / 1000,
    phase: 'end',
    data: { controller_state: 'failed' },
  } as never);
  await hub.end();
}
