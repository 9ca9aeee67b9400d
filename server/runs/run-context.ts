// What every part of a run writes to: its journal, its event hub (events.jsonl) and run.log,
// with lb's state machine wired so that each state change lands in the journal and the stream.
// Created for a new run, or opened again for a run an earlier process left (re-attach).
import 'server-only';
import { appendFile, mkdir } from 'node:fs/promises';
import type { ControllerState } from '@/lib/contract/controller-states';
import type { LbEvent, LbEventInput } from '@/lib/contract/lb-event';
import { WORKLOAD } from '@/lib/contract/run-tree';
import type { RunEventHub } from './event-hub';
import { getHub } from './event-hub-registry';
import { runPaths, type RunPaths } from './run-dir';
import { RunJournal, type RunJournalInit } from './run-journal';
import { ControllerStateMachine } from './state-machine';

export type LogLevel = 'INFO' | 'WARNING' | 'ERROR';
export type PublishFields = Partial<LbEventInput> & Pick<LbEventInput, 'status' | 'message'>;

export class RunContext {
  #phase = 'init';

  private constructor(
    readonly runId: string,
    readonly paths: RunPaths,
    readonly journal: RunJournal,
    readonly hub: RunEventHub,
    readonly sm: ControllerStateMachine,
    private readonly onPhase?: (phase: string) => void,
  ) {
    sm.onChange((c) => {
      journal.setControllerState(c.to);
      void journal.save();
      void this.publish({
        type: 'status',
        status: 'running',
        level: 'INFO',
        message: `controller state: ${c.to}${c.reason ? ` (${c.reason})` : ''}`,
        phase: this.#phase,
        data: { controller_state: c.to },
      });
    });
  }

  /** A new run: creates its directory, journal and event log. */
  static async create(
    outputRoot: string,
    init: RunJournalInit,
    onPhase?: (phase: string) => void,
  ): Promise<RunContext> {
    const paths = runPaths(outputRoot, init.run_id);
    await mkdir(paths.dir, { recursive: true });
    const journal = await RunJournal.create(paths.journal, init);
    const hub = await getHub(init.run_id, paths.events, { runId: init.run_id });
    return new RunContext(init.run_id, paths, journal, hub, new ControllerStateMachine(), onPhase);
  }

  /** A run whose journal already exists, continuing from the state it holds. */
  static async open(
    outputRoot: string,
    journal: RunJournal,
    state: ControllerState,
    phase: string | null,
  ): Promise<RunContext> {
    const runId = journal.data.run_id;
    const paths = runPaths(outputRoot, runId);
    const hub = await getHub(runId, paths.events, { runId });
    const ctx = new RunContext(runId, paths, journal, hub, new ControllerStateMachine(state));
    ctx.#phase = phase ?? 'init';
    return ctx;
  }

  get phase(): string {
    return this.#phase;
  }

  setPhase(phase: string): void {
    this.#phase = phase;
    this.journal.setPhase(phase);
    void this.journal.save();
    this.onPhase?.(phase);
  }

  /** A controller log line: run.log and the event stream. */
  async log(message: string, level: LogLevel = 'INFO', extra: Partial<LbEventInput> = {}): Promise<void> {
    await this.appendRunLog(level, message);
    await this.publish({
      type: 'log',
      status: 'running',
      level,
      logger: 'lb_web.controller',
      message,
      phase: this.#phase,
      ...extra,
    });
  }

  appendRunLog(tag: string, line: string): Promise<void> {
    return appendFile(this.paths.runLog, `${new Date().toISOString()} ${tag} ${line}\n`);
  }

  /** An event from the controller itself (host "controller"); nothing once the stream ended. */
  async publish(fields: PublishFields): Promise<void> {
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
}
