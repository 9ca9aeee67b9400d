// After a server restart: the journal says the run was in progress and its agent (pid) is
// still alive on this machine. Continue streaming from the stream file's offset (taken from
// the last persisted event's `src_offset`, so nothing is repeated), then collect and finish.
import 'server-only';
import { signalGroup } from '@/server/process/process-group';
import { join } from 'node:path';
import type { ControllerState } from '@/lib/contract/controller-states';
import { ControllerStateMachine } from './state-machine';
import { getHub } from './event-hub-registry';
import type { RunJournal } from './run-journal';
import { RunController } from './run-controller';
import type { AgentPlan } from './agent-plan';

export class ReattachedRun extends RunController {
  resume(journal: RunJournal, agentPid: number, isAlive: (pid: number) => boolean): Promise<ControllerState> {
    // `done` is set before the first await so the manager can adopt the run at once.
    this.done = this.doResume(journal, agentPid, isAlive);
    return this.done;
  }

  private async doResume(
    journal: RunJournal,
    agentPid: number,
    isAlive: (pid: number) => boolean,
  ): Promise<ControllerState> {
    this.journal = journal;
    this.hub = await getHub(this.runId, this.paths.events, { runId: this.runId });
    this.sm = new ControllerStateMachine(journal.metadata.controller_state as ControllerState);
    this.wireStateMachine();
    const m = journal.metadata as Record<string, unknown>;
    const pair = (await this.opts.provider.connect().catch(() => null)) ?? undefined;
    if (!pair) return this.finish(`lb-web restarted and the hosts of agent pid ${agentPid} are not reachable any more`);
    const outputDir = String(m.agent_output_dir);
    const plan: AgentPlan = {
      spec: {} as AgentPlan['spec'],
      specPath: join(outputDir, 'spec.json'),
      outputDir,
      streamPath: join(outputDir, 'events.stream'),
      memoryPath: String(m.memory_path),
    };
    this.pair = pair;
    this.plan = plan;
    for await (const e of this.hub.readAfter(Math.max(0, this.hub.lastSeq - 1000))) {
      const off = (e as { src_offset?: unknown }).src_offset;
      if (typeof off === 'number') this.streamOffset = Math.max(this.streamOffset, off);
    }
    this.phase = 'run';
    await this.log(
      `lb-web restarted: re-attached to agent pid ${agentPid}, resuming its event stream at byte ${this.streamOffset}`,
      'WARNING',
    );
    const agent = {
      pid: agentPid,
      exited: (async () => {
        while (isAlive(agentPid)) await new Promise((r) => setTimeout(r, 250));
        return { code: null };
      })(),
      stop: async () => void signalGroup(agentPid, 'SIGKILL'),
    };
    this.agent = agent;
    return this.lifecycle(async () => void (await this.followAgent(pair, plan, agent)));
  }
}
