// One run's lifecycle: setup → run (agent on the runner host) → collect → teardown, with lb's
// controller states. The stop file is the single way to stop (button, CLI or `touch`): a
// watcher arms the stop and the phase decides how it unwinds. Every path ends terminal.
// A new run starts at setup (`RunController.start`); a run left by an earlier server process
// whose agent still runs continues at "follow the agent" (`RunController.reattach`).
import 'server-only';
import type { ControllerState } from '@/lib/contract/controller-states';
import type { ConfigError, PevaConfig } from '@/lib/contract/peva-config';
import type { LbEvent } from '@/lib/contract/lb-event';
import { WORKLOAD } from '@/lib/contract/run-tree';
import { describeAgentExit } from '@/lib/contract/agent-files';
import { join } from 'node:path';
import type { Host } from '@/server/hosts/host';
import { runnersOf, type HostPair, type HostProvider } from '@/server/hosts/provider';
import { GO_FILE } from '@/lib/contract/runner-share';
import { RunnerCoordinator } from './runner-coordinator';
import type { CollectedItem } from './run-journal-schema';
import { parseTolerantJson } from '@/lib/contract/tolerant-json';
import { benchmarkConfigDump, lbConfigHash, pythonJsonDumps } from '@/server/peva/config-hash';
import { listFunctions } from '@/server/agent/gateway-client';
import { agentPlan, type AgentPaths } from './agent-plan';
import { launchAgent, type AgentEnd, type AgentProcess } from './agent-process';
import { AgentSession } from './agent-session';
import { collectArtifacts, MEMORY_ITEM } from './collect';
import { collectLine } from './collect-text';
import { thisController, type ControllerKind } from './controller-identity';
import { RunContext } from './run-context';
import type { RunPaths } from './run-dir';
import { watchStopFile } from './stop-watcher';
import { LB_STOP_CONFIRM_TIMEOUT_S } from './stop-timing';
import { capacityText, OUTCOME_TEXT, type RunOutcome } from '@/lib/contract/run-results';
import type { Thresholds } from '@/lib/contract/thresholds';
import { runFindings } from '@/server/results/run-findings';
import { terminalStateFor, transitionsToTerminal } from './stop-paths';

export interface RunControllerOptions {
  provider: HostProvider;
  outputRoot: string;
  /** How long the agent has to confirm a stop before the run ends `stop_failed` (lb: 30 s). */
  stopConfirmTimeoutMs?: number;
  /** SIGTERM → SIGKILL grace the agent gives k6 on stop (lb: 5 s). */
  k6StopGraceS?: number;
  /** Test hook: called when a phase starts. */
  onPhase?: (phase: string) => void;
  /** Recorded in the journal so other processes know whether this run has a live owner. */
  controllerKind?: ControllerKind;
}

export interface NewRun {
  runId: string;
  config: PevaConfig;
  rawConfig: unknown;
  /** lb settings of the config lb-web ignores: said in the run's log. */
  warnings?: ConfigError[];
  /** Pass/fail limits, kept out of lb's config (journal `thresholds`). */
  thresholds?: Thresholds;
}

/** What a re-attach needs of one agent an earlier controller process launched. */
export interface RunningAgent {
  host: Host;
  plan: AgentPaths;
  agent: AgentProcess;
  /** Stream offset after the last persisted event. */
  fromOffset: number;
  /** The agent's final status event, when already persisted. */
  finalEvent?: LbEvent;
}

/** One runner of the run: where its agent lives and, once launched, the session following it. */
interface RunnerSlot {
  host: Host;
  plan: AgentPaths;
  session?: AgentSession;
  end?: AgentEnd;
}

export class RunController {
  readonly done: Promise<ControllerState>;
  #stopRequested = false;
  #stopFailure: string | undefined;
  readonly #setupAbort = new AbortController();
  #pair: HostPair | undefined;
  /** The run's runners, the lead first (one unless the pair has more runners). */
  #runners: RunnerSlot[] = [];
  #agentStopSent = false;

  private constructor(
    private readonly ctx: RunContext,
    private readonly opts: RunControllerOptions,
    work: (self: RunController) => Promise<void>,
  ) {
    this.done = this.#lifecycle(() => work(this));
  }

  /** Creates the run's directory, journal and event log, then runs it in the background. */
  static async start(run: NewRun, opts: RunControllerOptions): Promise<RunController> {
    // The journal holds lb's BenchmarkConfig dump and lb's hash of it (json.dumps, sorted keys),
    // so lb's resume check accepts this journal and the hash matches lb's for the same config.
    const dump = benchmarkConfigDump(run.config);
    const ctx = await RunContext.create(
      opts.outputRoot,
      {
        run_id: run.runId,
        tasks: [],
        config_dump: parseTolerantJson(pythonJsonDumps(dump)),
        config_hash: lbConfigHash(dump),
        execution_mode: opts.provider.kind,
        node_count: 2,
      },
      opts.onPhase,
    );
    ctx.journal.setMetadata({
      controller: thisController(opts.controllerKind ?? 'server'),
      ...(run.thresholds ? { thresholds: run.thresholds } : {}),
    });
    await ctx.journal.save();
    return new RunController(ctx, opts, async (self) => {
      for (const w of run.warnings ?? []) await ctx.log(`config: ${w.message}`, 'WARNING');
      await self.#setup(run.rawConfig, run.config, run.thresholds);
      if (!self.#stopRequested) await self.#runAgent();
    });
  }

  /**
   * Continues a run whose agents outlived the server that launched them: follow, collect,
   * finish. `agents` are the run's runners in order, the lead first.
   */
  static reattach(
    ctx: RunContext,
    pair: HostPair,
    agents: readonly RunningAgent[],
    opts: RunControllerOptions,
  ): RunController {
    ctx.journal.setMetadata({ controller: thisController(opts.controllerKind ?? 'server') });
    void ctx.journal.save();
    return new RunController(ctx, opts, async (self) => {
      self.#pair = pair;
      self.#runners = agents.map((a) => ({ host: a.host, plan: a.plan }));
      ctx.setPhase('run');
      for (const a of agents) {
        await ctx.log(
          `re-attached to agent pid ${a.agent.pids.agent_pid}${agents.length > 1 ? ` on ${a.host.name}` : ''} (its controller had gone), resuming its event stream at byte ${a.fromOffset}`,
          'WARNING',
        );
      }
      await self.#follow(agents);
    });
  }

  get runId(): string {
    return this.ctx.runId;
  }

  get paths(): RunPaths {
    return this.ctx.paths;
  }

  get state(): ControllerState {
    return this.ctx.sm.state;
  }

  /** The stop watcher around the work, then collect and a terminal state whatever happened. */
  async #lifecycle(work: () => Promise<void>): Promise<ControllerState> {
    // Let the caller adopt the run before anything can end it.
    await Promise.resolve();
    const watcher = watchStopFile(this.ctx.paths.stop, () => this.#onStop(), { pollMs: 100 });
    let failure: string | undefined;
    try {
      await work();
    } catch (err) {
      failure = (err as Error).message;
      if (!this.#stopRequested) await this.ctx.log(`run failed: ${failure}`, 'ERROR');
    }
    try {
      await this.#collect();
    } catch (err) {
      failure ??= `collect failed: ${(err as Error).message}`;
      await this.ctx.log(failure, 'ERROR');
    }
    watcher.dispose();
    return this.#finish(failure);
  }

  /** Called by the stop watcher (button, CLI and `touch` all create the STOP file). */
  #onStop(): void {
    const { sm, phase } = this.ctx;
    if (this.#stopRequested || sm.isTerminal()) return;
    this.#stopRequested = true;
    void this.ctx.log(`stop requested (${this.ctx.paths.stop}) during ${phase}`, 'WARNING');
    if (phase === 'setup') {
      sm.tryTransition('stop_armed', 'stop during setup');
      sm.tryTransition('stopping_interrupt_setup');
      this.#setupAbort.abort(new Error('stop requested'));
    } else if (phase === 'run') {
      sm.tryTransition('stop_armed', 'stop during run');
      void this.#stopAgent();
    } else {
      sm.tryTransition('stop_armed', `stop during ${phase}`);
      sm.tryTransition('stopping_interrupt_teardown');
    }
  }

  /** STOP on every runner; an agent that does not confirm in time is killed. */
  async #stopAgent(): Promise<void> {
    const sessions = this.#runners.flatMap((r) => (r.session ? [r.session] : []));
    if (sessions.length === 0 || this.#agentStopSent) return;
    this.#agentStopSent = true;
    this.ctx.sm.tryTransition('stopping_wait_runners');
    await Promise.all(
      sessions.map(async (session) => {
        const runner = session.runner;
        try {
          const stopPath = await session.writeStop();
          await this.ctx.log(`wrote ${stopPath} on ${runner.name}; waiting for the agent to confirm`);
        } catch (err) {
          await this.ctx.log(`could not write STOP on ${runner.name}: ${(err as Error).message}`, 'ERROR');
        }
      }),
    );
    // lb's controller waits 30 s for runners to confirm a stop.
    const timeout = this.opts.stopConfirmTimeoutMs ?? LB_STOP_CONFIRM_TIMEOUT_S * 1000;
    const exited = await Promise.all(sessions.map((s) => s.exitsWithin(timeout)));
    const stuck = sessions.filter((_, i) => !exited[i]);
    if (stuck.length === 0) return;
    const names = stuck.map((s) => s.runner.name).join(', ');
    this.#stopFailure = `the agent${sessions.length > 1 ? ` on ${names}` : ''} did not confirm the stop within ${timeout / 1000} s`;
    await this.ctx.log(`${this.#stopFailure}; killing its process group on ${names}`, 'ERROR');
    await Promise.all(stuck.map((s) => s.kill()));
  }

  async #setup(rawConfig: unknown, config: PevaConfig, thresholds?: Thresholds): Promise<void> {
    const { ctx } = this;
    ctx.setPhase('setup');
    ctx.sm.transition('running_global_setup');
    const { provider } = this.opts;
    const progress = (p: { host: string; step: string; message: string }) =>
      void ctx.log(`[${p.host}] ${p.step}: ${p.message}`);
    const pair =
      (await provider.connect()) ??
      (await provider.provision({ signal: this.#setupAbort.signal, onProgress: progress }));
    this.#pair = pair;
    if (this.#stopRequested) return;
    await this.#deployMissingFunctions(pair, config);
    if (this.#stopRequested) return;
    const runners = runnersOf(pair);
    const count = runners.length;
    this.#runners = [];
    for (const [index, r] of runners.entries()) {
      const share = { index, count };
      const { spec, ...plan } = agentPlan(pair, ctx.runId, rawConfig, {
        k6StopGraceS: this.opts.k6StopGraceS,
        runner: r.host,
        share,
        // The lead's capacity-search policy judges each configuration by the run's limits.
        thresholds,
      });
      this.#runners.push({ host: r.host, plan });
      await r.host.writeFile(plan.specPath, JSON.stringify(spec, null, 2));
      ctx.journal.updateTask(r.host.name, WORKLOAD, 1, { status: 'PENDING', current_action: 'agent spec written' });
    }
    const lead = this.#runners[0]!.plan;
    ctx.journal.setMetadata({
      runner_host: pair.runner.name,
      k3s_host: pair.k3s.name,
      agent_output_dir: lead.outputDir,
      memory_path: lead.memoryPath,
      gateway_url: pair.gatewayUrl,
      prometheus_url: pair.prometheusUrl,
      ...(count > 1
        ? {
            runners: this.#runners.map((r) => ({
              host: r.host.name,
              agent_output_dir: r.plan.outputDir,
              memory_path: r.plan.memoryPath,
            })),
          }
        : {}),
    });
    const more =
      count > 1
        ? ` sharing the load with ${runners
            .slice(1)
            .map((r) => r.host.name)
            .join(', ')}`
        : '';
    await ctx.log(
      `hosts ready: runner ${pair.runner.name}${more}, k3s ${pair.k3s.name} (gateway ${pair.gatewayUrl}, Prometheus ${pair.prometheusUrl})`,
    );
  }

  /** lb deploys the run's functions during setup; a function the gateway lists is left alone. */
  async #deployMissingFunctions(pair: HostPair, config: PevaConfig): Promise<void> {
    if (!pair.deployFunctions) return;
    const wanted = config.functions.map((f) => f.name);
    const deployed = await listFunctions(pair.gatewayUrl, pair.gatewayAuth, this.#setupAbort.signal).catch(() => null);
    if (!deployed) return; // the agent's own check will quote the gateway's answer
    const missing = wanted.filter((n) => !deployed.some((d) => d.name === n));
    if (!missing.length) return;
    await this.ctx.log(`deploying ${missing.join(', ')} on ${pair.k3s.name} (not on the gateway yet)`);
    await pair.deployFunctions(missing, {
      signal: this.#setupAbort.signal,
      onProgress: (m) => void this.ctx.log(`[${pair.k3s.name}] ${m}`),
    });
  }

  async #runAgent(): Promise<void> {
    const { ctx } = this;
    const pair = this.#pair;
    if (!pair || this.#runners.length === 0) throw new Error('setup did not complete');
    ctx.setPhase('run');
    ctx.sm.transition('running_workloads');
    if (this.#stopRequested) return; // stopped between setup and launch: nothing to start
    const launched: RunningAgent[] = [];
    const commands = runnersOf(pair);
    try {
      for (const [i, r] of this.#runners.entries()) {
        ctx.journal.updateTask(r.host.name, WORKLOAD, 1, {
          status: 'RUNNING',
          current_action: 'agent running',
          started_at: Date.now() / 1000,
        });
        const agent = await launchAgent(
          r.host,
          commands[i]!.agentCommand,
          r.plan.specPath,
          r.plan.outputDir,
          ctx.runId,
        );
        launched.push({ host: r.host, plan: r.plan, agent, fromOffset: 0 });
        if (i === 0)
          ctx.journal.setMetadata({ agent_pid: agent.pids.agent_pid, supervisor_pid: agent.pids.supervisor_pid });
        await ctx.log(
          `agent started on ${r.host.name} (pid ${agent.pids.agent_pid}, supervisor ${agent.pids.supervisor_pid}); it outlives this controller if need be`,
        );
      }
    } catch (err) {
      // A shared run needs all its runners: the agents already started would wait for the others.
      for (const a of launched) await a.agent.stop().catch(() => undefined);
      throw err;
    } finally {
      await ctx.journal.save();
    }
    await this.#follow(launched);
  }

  /** Follows every runner's agent until all have ended; several runners are coordinated. */
  async #follow(agents: readonly RunningAgent[]): Promise<void> {
    const { ctx } = this;
    const shared = agents.length > 1;
    const coordinator = shared ? this.#coordinator(agents) : undefined;
    const sessions = agents.map(
      (a, index) =>
        new AgentSession({
          runId: ctx.runId,
          runner: a.host,
          plan: a.plan,
          handle: a.agent,
          hub: ctx.hub,
          fromOffset: a.fromOffset,
          finalEvent: a.finalEvent,
          onTailError: (message) =>
            void ctx.log(`event tail failed${shared ? ` on ${a.host.name}` : ''}: ${message}`, 'WARNING'),
          // The lead's progress is the run's (the others follow its steps).
          onProgress: (progress) => {
            if (index > 0) return;
            ctx.journal.setMetadata({ progress });
            void ctx.journal.save();
          },
          onEvent: coordinator ? (e) => coordinator.onEvent(index, e) : undefined,
        }),
    );
    sessions.forEach((s, i) => (this.#runners[i]!.session = s));
    // Re-attached to a shared run: where the runners stood, from what was persisted.
    if (coordinator && agents.some((a) => a.fromOffset > 0)) {
      const names = agents.map((a) => a.host.name);
      await coordinator.restore(ctx.hub.readAfter(0), (host) => names.indexOf(host));
    }
    // A stop that arrived while the agents were being launched had no agent to stop yet.
    if (this.#stopRequested) void this.#stopAgent();
    await Promise.all(
      sessions.map(async (session, i) => {
        const end = await session.follow();
        this.#runners[i]!.end = end;
        coordinator?.onAgentEnded(i);
        if (i === 0 && shared) void this.#endFollowers(sessions.slice(1));
        await ctx.log(
          `agent${shared ? ` on ${session.runner.name}` : ''} ended (${describeAgentExit(end.record)}); its last status: ${session.finalEvent?.status ?? 'none'}`,
        );
      }),
    );
    await coordinator?.finish();
  }

  /** The runners of a shared run kept in step, and their shares merged into the run's results. */
  #coordinator(agents: readonly RunningAgent[]): RunnerCoordinator {
    const { ctx } = this;
    return new RunnerCoordinator({
      count: agents.length,
      hostOf: (i) => agents[i]!.host.name,
      writeGo: (i, go) => agents[i]!.host.writeFile(join(agents[i]!.plan.outputDir, GO_FILE), JSON.stringify(go)),
      publishResult: (e) =>
        ctx.log(e.message, 'INFO', { phase: 'result', config_id: e.config_id, iteration: e.iteration, data: e.data }),
      log: (message, level) => void ctx.log(message, level),
    });
  }

  /**
   * The followers of a shared run end when go.json says the lead ended; one that does not
   * within the stop-confirm time gets STOP, then is killed.
   */
  async #endFollowers(followers: readonly AgentSession[]): Promise<void> {
    const timeout = this.opts.stopConfirmTimeoutMs ?? LB_STOP_CONFIRM_TIMEOUT_S * 1000;
    await Promise.all(
      followers.map(async (s) => {
        if (await s.exitsWithin(timeout)) return;
        await this.ctx.log(
          `the agent on ${s.runner.name} did not end after the leading runner; stopping it`,
          'WARNING',
        );
        await s.writeStop().catch(() => undefined);
        if (!(await s.exitsWithin(timeout))) await s.kill();
      }),
    );
  }

  async #collect(): Promise<void> {
    const { ctx } = this;
    if (!this.#pair || this.#runners.length === 0) return;
    ctx.setPhase('collect');
    if (!this.#stopRequested) ctx.sm.tryTransition('running_global_teardown');
    else ctx.sm.tryTransition('stopping_teardown');
    const items: CollectedItem[] = [];
    for (const r of this.#runners) {
      items.push(
        ...(await collectArtifacts({
          runner: r.host,
          paths: ctx.paths,
          agentOutputDir: r.plan.outputDir,
          memoryPath: r.plan.memoryPath,
          runId: ctx.runId,
          agentKilled: r.session !== undefined && r.session.finalEvent === undefined,
        })),
      );
    }
    for (const i of items) await ctx.log(collectLine(i), i.ok || i.what !== MEMORY_ITEM ? 'INFO' : 'ERROR');
    ctx.journal.setMetadata({ collected: items });
  }

  /**
   * The outcome and capacity from the result events already in events.jsonl (drained), into
   * the journal and the run log. A failure here must not cost the run its terminal state.
   */
  async #findings(final: ControllerState): Promise<{ outcome: RunOutcome } | null> {
    const { ctx } = this;
    const m = ctx.journal.metadata;
    try {
      const f = await runFindings(ctx.paths.dir, {
        state: final,
        terminal: true,
        progress: m.progress ?? null,
        thresholds: m.thresholds,
      });
      if (!f.outcome) return null;
      ctx.journal.setMetadata({ outcome: f.outcome, capacity: f.capacity });
      await ctx.log(`outcome: ${OUTCOME_TEXT[f.outcome.kind]} — ${f.outcome.detail}`);
      for (const c of f.capacity) await ctx.log(`capacity ${capacityText(c)}`);
      return { outcome: f.outcome };
    } catch (err) {
      await ctx.log(`could not compute the run's outcome: ${(err as Error).message}`, 'WARNING');
      return null;
    }
  }

  async #finish(failure: string | undefined): Promise<ControllerState> {
    const { ctx } = this;
    await ctx.hub.drain();
    ctx.setPhase('teardown');
    const lead = this.#runners[0];
    const agentFinal = lead?.session?.finalEvent;
    const agentStatus = agentFinal?.status;
    const terminal = {
      sm: ctx.sm,
      stopRequested: this.#stopRequested,
      stopFailure: this.#stopFailure,
      failure,
      agentStatus,
    };
    // Everything the journal says of the ended run is set before the terminal state, whose
    // change saves the journal: a reader (or a crash) never finds the run ended without them.
    const final = terminalStateFor(terminal);
    const reason =
      this.#stopFailure ??
      failure ??
      (agentStatus === 'failed' ? agentFinal?.message : undefined) ??
      (lead?.end && !agentFinal
        ? `the agent ended without a final status (${describeAgentExit(lead.end.record)})`
        : undefined);
    // lb's task is host × workload × repetition; a run stopped before setup has none.
    for (const r of this.#runners)
      ctx.journal.updateTask(r.host.name, WORKLOAD, 1, {
        status: final === 'finished' ? 'COMPLETED' : 'FAILED',
        current_action: final,
        finished_at: Date.now() / 1000,
        error: final === 'finished' ? null : (reason ?? final),
      });
    ctx.journal.setError(final === 'finished' || final === 'aborted' ? null : (reason ?? final));
    const findings = await this.#findings(final);
    transitionsToTerminal(terminal); // to `final`: the walk goes where terminalStateFor said
    await ctx.journal.save();
    const status = final === 'finished' ? 'done' : final === 'aborted' ? 'stopped' : 'failed';
    await ctx.publish({
      type: 'status',
      status,
      level: status === 'failed' ? 'ERROR' : 'INFO',
      message: `run ${final}${reason ? `: ${reason}` : ''}${findings ? ` — ${OUTCOME_TEXT[findings.outcome.kind]}` : ''}`,
      phase: 'end',
      data: { controller_state: final, ...(findings ? { outcome: findings.outcome } : {}) },
    });
    await ctx.hub.end();
    return final;
  }
}
