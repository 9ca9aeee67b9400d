// Server start-up: runs whose journal is not terminal were left by an earlier process.
// An agent still alive on this machine is re-attached; otherwise the run is closed as
// `failed` with the reason, so no run stays "running" forever.
import 'server-only';
import { isPidAlive } from '@/server/process/proc-tree';
import { isTerminalState, type ControllerState } from '@/lib/contract/controller-states';
import { listRuns } from './list-runs';
import { RunJournal } from './run-journal';
import { ReattachedRun } from './reattached-run';
import { WORKLOAD } from '@/lib/contract/run-tree';
import { getHub } from './event-hub-registry';
import { runPaths } from './run-dir';
import { parsePevaConfig } from '@/lib/contract/peva-config';
import type { RunManager } from './run-manager';

export async function recoverRuns(manager: RunManager): Promise<void> {
  const { runs } = await listRuns(manager.opts.outputRoot);
  for (const r of runs) {
    const state = r.controllerState as ControllerState | null;
    if (!state || isTerminalState(state)) continue;
    const paths = runPaths(manager.opts.outputRoot, r.runId);
    const journal = await RunJournal.load(paths.journal);
    const m = journal.metadata as Record<string, unknown>;
    const pid = typeof m.agent_pid === 'number' ? m.agent_pid : null;
    const parsed = parsePevaConfig(m.config_dump);
    if (pid && m.execution_mode === 'local' && isPidAlive(pid) && parsed.ok) {
      const controller = new ReattachedRun({
        provider: manager.opts.provider('local'),
        outputRoot: manager.opts.outputRoot,
        runId: r.runId,
        config: parsed.config,
        rawConfig: m.config_dump,
        stopConfirmTimeoutMs: manager.opts.stopConfirmTimeoutMs,
      });
      try {
        const done = controller.resume(journal, pid, isPidAlive);
        manager.adopt(controller);
        void done.catch(() => undefined);
        continue;
      } catch {
        /* fall through: close it */
      }
    }
    const reason = `lb-web restarted while the run was ${state}${pid ? ` and its agent (pid ${pid}) is gone` : ''}`;
    journal.setControllerState('failed');
    journal.setError(reason);
    await journal.save();
    const hub = await getHub(r.runId, paths.events, { runId: r.runId });
    if (!hub.ended) {
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
  }
}
