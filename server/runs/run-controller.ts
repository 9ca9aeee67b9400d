// One run's lifecycle: setup → run (agent on the runner host) → collect → teardown, with lb's
// controller states. The stop file is the single way to stop (button, CLI or `touch`): a
// watcher arms the stop and the phase decides how it unwinds. Every path ends terminal.
import 'server-only';
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { HostPair, HostProvider } from '@/server/hosts/provider';
import type { StreamHandle } from '@/server/hosts/host';
import type { PevaConfig } from '@/lib/contract/peva-config';
import { configHash } from '@/server/peva/config-hash';
import type { LbEvent, LbEventInput } from '@/lib/contract/lb-event';
import { ingestLine } from '@/server/events/event-ingest';
import type { ControllerState } from '@/lib/contract/controller-states';
import { ControllerStateMachine } from './state-machine';
import { RunJournal } from './run-journal';
import { runPaths, type RunPaths } from './run-dir';
import type { RunEventHub } from './event-hub';
import { getHub } from './event-hub-registry';
import { watchStopFile } from './stop-watcher';
import { followHostFile, drainHostFile } from './host-tail';
import { collectArtifacts } from './collect';
import { killRemoteAgent } from './kill-remote-agent';
import { agentPlan, type AgentPlan } from './agent-plan';
import { transitionsToTerminal } from './stop-paths';
import { STOP_FILE, WORKLOAD } from '@/lib/contract/run-tree';
import { readProgress } from '@/lib/contract/progress';

export interface RunControllerOptions {
  provider: HostProvider;
  outputRoot: string;
  runId: string;
  config: PevaConfig;
  rawConfig: unknown;
  /** How long the agent has to confirm a stop before the run ends `stop_failed`. */
  stopConfirmTimeoutMs?: number;
  /** Test hook: called when a phase starts. */
  onPhase?: (phase: string) => void;
}

export class RunController {
  readonly runId: string;
  readonly paths: RunPaths;
  sm = new ControllerStateMachine();
  journal!: RunJournal;
  hub!: RunEventHub;
  done!: Promise<ControllerState>;
  protected stopRequested = false;
  protected readonly setupAbort = new AbortController();
  protected readonly tailAbort = new AbortController();
  protected agent: StreamHandle | undefined;
  protected pair: HostPair | undefined;
  protected plan: AgentPlan | undefined;
  protected streamOffset = 0;
  protected readonly seen = new Set<string>();
  protected agentFinal: LbEvent | undefined;
  protected stopFailure: string | undefined;
  protected phase = 'init';

  constructor(protected readonly opts: RunControllerOptions) {
    this.runId = opts.runId;
    this.paths = runPaths(opts.outputRoot, opts.runId);
  }

  /** Creates the run directory, journal and event log; nothing is started yet. */
  async init(): Promise<void> {
    await mkdir(this.paths.dir, { recursive: true });
    this.journal = await RunJournal.create(this.paths.journal, {
      run_id: this.runId,
      tasks: [],
      config_dump: this.opts.rawConfig,
      config_hash: configHash(this.opts.config),
      execution_mode: this.opts.provider.kind,
      node_count: 2,
    });
    this.hub = await getHub(this.runId, this.paths.events, { runId: this.runId });
    this.wireStateMachine();
  }

  /** Every state change lands in the journal and in the event stream. */
  protected wireStateMachine(): void {
    this.sm.onChange((c) => {
      this.journal.setControllerState(c.to);
      void this.journal.save();
      void this.publish({
        type: 'status',
        status: 'running',
        level: 'INFO',
        message: `controller state: ${c.to}${c.reason ? ` (${c.reason})` : ''}`,
        phase: this.phase,
        data: { controller_state: c.to },
      });
    });
  }

  start(): Promise<ControllerState> {
    this.done = this.execute();
    return this.done;
  }

  protected async log(
    message: string,
    level: 'INFO' | 'WARNING' | 'ERROR' = 'INFO',
    extra: Partial<LbEventInput> = {},
  ): Promise<void> {
    await appendFile(this.paths.runLog, `${new Date().toISOString()} ${level} ${message}\n`);
    await this.publish({
      type: 'log',
      status: 'running',
      level,
      logger: 'lb_web.controller',
      message,
      phase: this.phase,
      ...extra,
    });
  }

  protected async publish(fields: Partial<LbEventInput> & Pick<LbEventInput, 'status' | 'message'>): Promise<void> {
    if (this.hub.ended) return;
    await this.hub.publish({
      run_id: this.runId,
      host: 'controller',
      workload: WORKLOAD,
      repetition: 1,
      total_repetitions: 1,
      timestamp: Date.now() / 1000,
      ...fields,
    } as LbEvent);
  }

  protected setPhase(phase: string): void {
    this.phase = phase;
    this.journal.setPhase(phase);
    void this.journal.save();
    this.opts.onPhase?.(phase);
  }

  /** Called by the stop watcher (button, CLI and `touch` all create the STOP file). */
  protected onStop(): void {
    if (this.stopRequested || this.sm.isTerminal()) return;
    this.stopRequested = true;
    void this.log(`stop requested (${this.paths.stop}) during ${this.phase}`, 'WARNING');
    if (this.phase === 'setup') {
      this.sm.tryTransition('stop_armed', 'stop during setup');
      this.sm.tryTransition('stopping_interrupt_setup');
      this.setupAbort.abort(new Error('stop requested'));
    } else if (this.phase === 'run') {
      this.sm.tryTransition('stop_armed', 'stop during run');
      void this.stopAgent();
    } else {
      this.sm.tryTransition('stop_armed', `stop during ${this.phase}`);
      this.sm.tryTransition('stopping_interrupt_teardown');
    }
  }

  protected async stopAgent(): Promise<void> {
    const { pair, plan } = this;
    if (!pair || !plan) return;
    this.sm.tryTransition('stopping_wait_runners');
    try {
      await pair.runner.writeFile(
        join(pair.runner.lbWorkdir, STOP_FILE),
        `stop requested by lb-web at ${new Date().toISOString()}\n`,
      );
      await this.log(
        `wrote ${join(pair.runner.lbWorkdir, STOP_FILE)} on ${pair.runner.name}; waiting for the agent to confirm`,
      );
    } catch (err) {
      await this.log(`could not write STOP on ${pair.runner.name}: ${(err as Error).message}`, 'ERROR');
    }
    const timeout = this.opts.stopConfirmTimeoutMs ?? 20_000;
    let timer: NodeJS.Timeout | undefined;
    const confirmed = await Promise.race([
      this.agent?.exited.then(() => true) ?? Promise.resolve(true),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(false), timeout).unref())),
    ]);
    clearTimeout(timer);
    if (!confirmed) {
      this.stopFailure = `the agent did not confirm the stop within ${timeout / 1000} s`;
      await this.log(`${this.stopFailure}; killing it`, 'ERROR');
      await this.agent?.stop();
      if (pair.runner.provider !== 'local')
        await this.log(
          await killRemoteAgent(pair.runner, plan.outputDir).catch(
            (err: Error) => `could not kill the agent on ${pair.runner.name}: ${err.message}`,
          ),
          'WARNING',
        );
    }
  }

  protected execute(): Promise<ControllerState> {
    return this.lifecycle(async () => {
      await this.setup();
      if (!this.stopRequested) await this.runAgent();
    });
  }

  /** The stop watcher around the work, then collect and a terminal state whatever happened. */
  protected async lifecycle(work: () => Promise<void>): Promise<ControllerState> {
    const watcher = watchStopFile(this.paths.stop, () => this.onStop(), { pollMs: 100 });
    let failure: string | undefined;
    try {
      await work();
    } catch (err) {
      failure = (err as Error).message;
      if (!this.stopRequested) await this.log(`run failed: ${failure}`, 'ERROR');
    }
    try {
      await this.collect();
    } catch (err) {
      failure ??= `collect failed: ${(err as Error).message}`;
      await this.log(failure, 'ERROR');
    }
    watcher.dispose();
    return this.finish(failure);
  }

  protected async setup(): Promise<void> {
    this.setPhase('setup');
    this.sm.transition('running_global_setup');
    const { provider } = this.opts;
    const progress = (p: { host: string; step: string; message: string }) =>
      void this.log(`[${p.host}] ${p.step}: ${p.message}`);
    this.pair =
      (await provider.connect()) ??
      (await provider.provision({ signal: this.setupAbort.signal, onProgress: progress }));
    if (this.stopRequested) return;
    this.plan = agentPlan(this.pair, this.runId, this.opts.rawConfig);
    await this.pair.runner.writeFile(this.plan.specPath, JSON.stringify(this.plan.spec, null, 2));
    this.journal.updateTask(this.pair.runner.name, WORKLOAD, 1, {
      status: 'PENDING',
      current_action: 'agent spec written',
    });
    this.journal.setMetadata({
      runner_host: this.pair.runner.name,
      k3s_host: this.pair.k3s.name,
      agent_output_dir: this.plan.outputDir,
      memory_path: this.plan.memoryPath,
      gateway_url: this.pair.gatewayUrl,
      prometheus_url: this.pair.prometheusUrl,
    });
    await this.log(
      `hosts ready: runner ${this.pair.runner.name}, k3s ${this.pair.k3s.name} (gateway ${this.pair.gatewayUrl}, Prometheus ${this.pair.prometheusUrl})`,
    );
  }

  protected async runAgent(): Promise<void> {
    const { pair, plan } = this;
    if (!pair || !plan) throw new Error('setup did not complete');
    this.setPhase('run');
    this.sm.transition('running_workloads');
    if (this.stopRequested) return; // stopped between setup and launch: nothing to start
    this.journal.updateTask(pair.runner.name, WORKLOAD, 1, {
      status: 'RUNNING',
      current_action: 'agent running',
      started_at: Date.now() / 1000,
    });
    this.agent = pair.runner.stream([...pair.agentCommand, '--spec', plan.specPath], {
      onStderrLine: (line) => void appendFile(this.paths.runLog, `${new Date().toISOString()} AGENT ${line}\n`),
    });
    this.journal.setMetadata({ agent_pid: this.agent.pid ?? null });
    await this.journal.save();
    const exit = await this.followAgent(pair, plan, this.agent);
    await this.log(`agent exited with code ${exit.code}; its last status: ${this.agentFinal?.status ?? 'none'}`);
  }

  /** Streams the agent's events until it exits, then reads what it wrote last. */
  protected async followAgent(pair: HostPair, plan: AgentPlan, agent: StreamHandle): Promise<{ code: number | null }> {
    const tail = this.pumpEvents(pair, plan);
    const exit = await agent.exited;
    this.tailAbort.abort();
    await tail;
    for (const l of await drainHostFile(pair.runner, plan.streamPath, this.streamOffset))
      this.ingest(l.line, l.endOffset);
    return exit;
  }

  protected async pumpEvents(pair: HostPair, plan: AgentPlan): Promise<void> {
    try {
      for await (const { line, endOffset } of followHostFile(
        pair.runner,
        plan.streamPath,
        this.streamOffset,
        this.tailAbort.signal,
      )) {
        this.ingest(line, endOffset);
      }
    } catch (err) {
      if (!this.tailAbort.signal.aborted) await this.log(`event tail failed: ${(err as Error).message}`, 'WARNING');
    }
  }

  /** Each agent line: parse, drop duplicates, give it the run's next seq, persist, publish. */
  protected ingest(line: string, endOffset: number): void {
    this.streamOffset = Math.max(this.streamOffset, endOffset);
    // Not awaited: the hub fixes seq order at call time and batches the writes; finish()
    // drains it before the run's final event.
    void ingestLine(this.hub, line, {
      runId: this.runId,
      host: this.pair?.runner.name ?? 'runner',
      dedupe: this.seen,
      extra: { src_offset: endOffset },
      onEvent: (e) => this.noteAgentEvent(e),
    }).catch(() => undefined);
  }

  /** The agent's final status, and its configs progress kept in the journal for the runs list. */
  private noteAgentEvent(e: LbEvent): void {
    if (e.type === 'status' && e.phase === 'end') this.agentFinal = e;
    const progress = e.type === 'status' ? readProgress(e.data) : null;
    if (progress) {
      this.journal.setMetadata({ progress });
      void this.journal.save();
    }
  }

  protected async collect(): Promise<void> {
    const { pair, plan } = this;
    if (!pair || !plan) return;
    this.setPhase('collect');
    if (!this.stopRequested) this.sm.tryTransition('running_global_teardown');
    else this.sm.tryTransition('stopping_teardown');
    const items = await collectArtifacts({
      runner: pair.runner,
      paths: this.paths,
      agentOutputDir: plan.outputDir,
      memoryPath: plan.memoryPath,
    });
    for (const i of items)
      await this.log(
        `collect ${i.what}: ${i.ok ? `→ ${i.to}` : `skipped (${i.error})`}`,
        i.ok || i.what !== 'DuckDB memory' ? 'INFO' : 'WARNING',
      );
    this.journal.setMetadata({ collected: items });
  }

  protected async finish(failure: string | undefined): Promise<ControllerState> {
    await this.hub.drain();
    this.setPhase('teardown');
    const agentStatus = this.agentFinal?.status;
    const final = transitionsToTerminal({
      sm: this.sm,
      stopRequested: this.stopRequested,
      stopFailure: this.stopFailure,
      failure,
      agentStatus,
    });
    const taskStatus = final === 'finished' ? 'COMPLETED' : 'FAILED';
    const reason = this.stopFailure ?? failure ?? (agentStatus === 'failed' ? this.agentFinal?.message : undefined);
    // lb's task is host × workload × repetition; a run stopped before setup has none.
    if (this.pair)
      this.journal.updateTask(this.pair.runner.name, WORKLOAD, 1, {
        status: taskStatus,
        current_action: final,
        finished_at: Date.now() / 1000,
        error: final === 'finished' ? null : (reason ?? final),
      });
    this.journal.setError(final === 'finished' || final === 'aborted' ? null : (reason ?? final));
    await this.journal.save();
    const status = final === 'finished' ? 'done' : final === 'aborted' ? 'stopped' : 'failed';
    await this.publish({
      type: 'status',
      status,
      level: status === 'failed' ? 'ERROR' : 'INFO',
      message: `run ${final}${reason ? `: ${reason}` : ''}`,
      phase: 'end',
      data: { controller_state: final },
    });
    await this.hub.end();
    return final;
  }

  requestedStop(): boolean {
    return this.stopRequested;
  }
}
