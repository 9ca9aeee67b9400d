// Server start-up: runs whose journal is not terminal were left by an earlier process.
// An agent still alive on this machine is re-attached; otherwise the run is closed as
// `failed` with the reason, so no run stays "running" forever.
import 'server-only';
import { WORKLOAD } from '@/lib/contract/run-tree';
import { isPidAlive } from '@/server/process/proc-tree';
import { watchPid } from '@/server/process/process-group';
import { agentPaths } from './agent-plan';
import { persistedStreamOffset } from './agent-session';
import { runPaths } from './run-dir';
import { getHub } from './event-hub-registry';
import { listRuns } from './list-runs';
import type { RunRecord } from './read-run';
import { RunContext } from './run-context';
import { RunController } from './run-controller';
import type { RunManager } from './run-manager';

export async function recoverRuns(manager: RunManager): Promise<void> {
  const { runs } = await listRuns(manager.opts.outputRoot);
  for (const r of runs) {
    // A state lb-web does not know (a newer lb's journal) is not ours to close.
    if (!r.state || r.terminal) continue;
    const pid = r.agentPid;
    if (pid && r.provider === 'local' && isPidAlive(pid)) {
      const why = await reattach(manager, r, pid).catch((err: Error) => err.message);
      if (why === null) continue;
      await closeFailed(manager, r, `lb-web restarted and could not re-attach agent pid ${pid}: ${why}`);
      continue;
    }
    await closeFailed(
      manager,
      r,
      `lb-web restarted while the run was ${r.state}${pid ? ` and its agent (pid ${pid}) is gone` : ''}`,
    );
  }
}

/** Adopts a run whose local agent is still alive; the reason when it cannot, else null. */
async function reattach(manager: RunManager, r: RunRecord, pid: number): Promise<string | null> {
  const opts = manager.controllerOptions('local');
  const pair = await opts.provider.connect().catch(() => null);
  if (!pair) return 'its hosts are not reachable any more';
  if (!r.agentOutputDir || !r.memoryPath) return 'the journal does not say where the agent writes';
  const plan = agentPaths(r.agentOutputDir, r.memoryPath);
  const ctx = await RunContext.open(manager.opts.outputRoot, r.journal, r.state!, r.phase);
  const fromOffset = await persistedStreamOffset(ctx.hub);
  const handle = watchPid(pid);
  manager.adopt(RunController.reattach(ctx, { pair, plan, handle, fromOffset, pid }, opts));
  return null;
}

async function closeFailed(manager: RunManager, r: RunRecord, reason: string): Promise<void> {
  r.journal.setControllerState('failed');
  r.journal.setError(reason);
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
