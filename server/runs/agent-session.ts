// The agent of one run on its runner host, seen from the controller: its process handle, the
// stream file it appends LB_EVENT lines to (followed from a byte offset, so a re-attached
// session resumes exactly after the last persisted event), its stop, and its last status.
import 'server-only';
import { join } from 'node:path';
import type { LbEvent } from '@/lib/contract/lb-event';
import { readProgress, type RunProgress } from '@/lib/contract/progress';
import { STOP_FILE } from '@/lib/contract/run-tree';
import type { Host } from '@/server/hosts/host';
import type { AgentPaths } from './agent-plan';
import { ingestLine } from './event-ingest';
import type { RunEventHub } from './event-hub';
import { drainHostFile, followHostFile } from './host-tail';
import type { AgentEnd, AgentProcess } from './agent-process';

export interface AgentSessionOptions {
  runId: string;
  runner: Host;
  plan: AgentPaths;
  handle: AgentProcess;
  hub: RunEventHub;
  /** Byte offset in the stream file after the last event already persisted (re-attach). */
  fromOffset?: number;
  /** The agent's final status event, when it was persisted before a re-attach. */
  finalEvent?: LbEvent;
  /** A tail failure that is not the session's own end. */
  onTailError(message: string): void;
  /** The agent reported progress (configs done/skipped/failed). */
  onProgress(progress: RunProgress): void;
  /** Every new event of this agent, in its stream's order (several runners: the coordinator). */
  onEvent?(event: LbEvent): void;
}

export class AgentSession {
  readonly #seen = new Set<string>();
  readonly #tailAbort = new AbortController();
  #offset: number;
  #final: LbEvent | undefined;

  readonly runner: Host;
  readonly plan: AgentPaths;
  readonly handle: AgentProcess;

  constructor(private readonly opts: AgentSessionOptions) {
    this.runner = opts.runner;
    this.plan = opts.plan;
    this.handle = opts.handle;
    this.#offset = opts.fromOffset ?? 0;
    this.#final = opts.finalEvent;
  }

  /** The agent's final status event (phase "end"), once it arrived. */
  get finalEvent(): LbEvent | undefined {
    return this.#final;
  }

  /** Streams the agent's events until it exits, then reads what it wrote last. */
  async follow(): Promise<AgentEnd> {
    const tail = this.#pump();
    const exit = await this.handle.exited;
    this.#tailAbort.abort();
    await tail;
    for (const l of await drainHostFile(this.runner, this.plan.streamPath, this.#offset)) {
      this.#ingest(l.line, l.endOffset);
    }
    return exit;
  }

  /** Writes lb's stop file on the runner: the agent polls it and confirms by exiting. */
  async writeStop(): Promise<string> {
    const runner = this.runner;
    const stopPath = join(runner.lbWorkdir, STOP_FILE);
    await runner.writeFile(stopPath, `stop requested by lb-web at ${new Date().toISOString()}\n`);
    return stopPath;
  }

  /** Resolves true when the agent exits within `timeoutMs`, false otherwise. */
  async exitsWithin(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const exited = await Promise.race([
      this.handle.exited.then(() => true),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(false), timeoutMs).unref())),
    ]);
    clearTimeout(timer);
    return exited;
  }

  /** Ends an agent that did not confirm a stop: SIGKILL to its process group on the runner. */
  async kill(): Promise<void> {
    await this.handle.stop();
  }

  async #pump(): Promise<void> {
    try {
      const lines = followHostFile(this.runner, this.plan.streamPath, this.#offset, this.#tailAbort.signal);
      for await (const { line, endOffset } of lines) this.#ingest(line, endOffset);
    } catch (err) {
      if (!this.#tailAbort.signal.aborted) this.opts.onTailError((err as Error).message);
    }
  }

  /** Each agent line: parse, drop duplicates, give it the run's next seq, persist, publish. */
  #ingest(line: string, endOffset: number): void {
    this.#offset = Math.max(this.#offset, endOffset);
    // Not awaited: the hub fixes seq order at call time and batches the writes; the run's
    // finish drains it before the final event.
    void ingestLine(this.opts.hub, line, {
      runId: this.opts.runId,
      host: this.runner.name,
      dedupe: this.#seen,
      extra: { src_offset: endOffset },
      onEvent: (e) => this.#note(e),
    }).catch(() => undefined);
  }

  #note(e: LbEvent): void {
    if (e.type === 'status' && e.phase === 'end') this.#final = e;
    // Configuration outcomes are log events (lb reads status events as repetition ends).
    const progress = readProgress(e.data);
    if (progress) this.opts.onProgress(progress);
    this.opts.onEvent?.(e);
  }
}

/**
 * Where a re-attached session resumes: the stream offset after the last persisted agent event,
 * and the agent's final status event when it was already persisted (a controller killed
 * during collect had read everything).
 */
export async function persistedAgentState(
  hub: RunEventHub,
  runnerHost: string,
  lookback = 1000,
): Promise<{ offset: number; finalEvent: LbEvent | undefined }> {
  let offset = 0;
  let finalEvent: LbEvent | undefined;
  for await (const e of hub.readAfter(Math.max(0, hub.lastSeq - lookback))) {
    // Each runner has its own stream: only this runner's offsets count.
    const off = (e as { src_offset?: unknown }).src_offset;
    if (e.host === runnerHost && typeof off === 'number') offset = Math.max(offset, off);
    if (e.host === runnerHost && e.type === 'status' && e.phase === 'end') finalEvent = e;
  }
  return { offset, finalEvent };
}
