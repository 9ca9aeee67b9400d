// Several runners for one run, seen from the controller: it keeps the runners' load windows
// together (the lead's `barrier` event at step s is answered with go.json on every runner once
// each follower has said `ready` after step s−1) and turns the runners' `share_result` events of
// each step into the run's one `result` (lib/contract/share-merge.ts). It only reads events and
// writes go.json: the lead's own stream still decides the run (dominance, skips, the end).
import 'server-only';
import type { LbEvent } from '@/lib/contract/lb-event';
import { SHARE_PHASES, type GoSignal } from '@/lib/contract/runner-share';
import { mergeShares, ShareResultDataSchema, type ShareInput } from '@/lib/contract/share-merge';
import { z } from 'zod';

const BarrierSchema = z.object({
  barrier: z.object({ step: z.number().int().min(1), config_id: z.string(), iteration: z.number().int().min(1) }),
});
const ReadySchema = z.object({ ready: z.object({ after_step: z.number().int().min(0) }) });
const StepSchema = z.object({ step: z.number().int().min(1) });
/** The host of the controller's own events (run-context.ts). */
const CONTROLLER_HOST = 'controller';

export interface MergedResultEvent {
  config_id: string;
  iteration: number;
  message: string;
  data: Record<string, unknown>;
}

export interface CoordinatorDeps {
  /** How many runners share the run (index 0 leads). */
  count: number;
  hostOf(index: number): string;
  /** Writes go.json on runner `index` (the agent polls it). */
  writeGo(index: number, go: GoSignal): Promise<void>;
  publishResult(e: MergedResultEvent): Promise<void>;
  log(message: string, level: 'INFO' | 'WARNING' | 'ERROR'): void;
}

interface PendingStep {
  config_id: string;
  iteration: number;
  parts: Map<number, ShareInput>;
  /** The lead's share event data: progress and figures the merged event keeps. */
  leadData?: Record<string, unknown>;
}

export class RunnerCoordinator {
  #barrier: { step: number; config_id: string; iteration: number } | null = null;
  /** Per follower: the last step it finished (its `ready` event). */
  readonly #ready = new Map<number, number>();
  readonly #ended = new Set<number>();
  readonly #steps = new Map<number, PendingStep>();
  /** go.json writes, one chain per runner so they land in order. */
  readonly #writes = new Map<number, Promise<void>>();
  #leadStep = 0;
  /** While rebuilding from persisted events (a re-attach): nothing is written or published. */
  #replaying = false;

  constructor(private readonly deps: CoordinatorDeps) {}

  /**
   * A re-attach: rebuilds the state from the run's persisted events (the runners' and the merged
   * results already published), then does what is due — merges a step whose result was not
   * published yet, writes go.json again for the last barrier (harmless when already written:
   * every runner accepts only a step beyond the one it is at).
   */
  async restore(events: AsyncIterable<LbEvent>, indexOf: (host: string) => number): Promise<void> {
    this.#replaying = true;
    try {
      for await (const e of events) {
        const merged = StepSchema.safeParse((e.data as { merge?: unknown } | undefined)?.merge);
        if (e.host === CONTROLLER_HOST && e.phase === 'result' && merged.success) this.#steps.delete(merged.data.step);
        const index = indexOf(e.host ?? '');
        if (index >= 0) this.onEvent(index, e);
      }
    } finally {
      this.#replaying = false;
    }
    this.#release();
    this.#mergeReady();
  }

  /** Every new event of runner `index`, in its stream's order. */
  onEvent(index: number, e: LbEvent): void {
    const data = e.data;
    if (e.phase === SHARE_PHASES.barrier && index === 0) {
      const b = BarrierSchema.safeParse(data);
      if (!b.success) return;
      this.#barrier = b.data.barrier;
      this.#leadStep = b.data.barrier.step;
      this.#release();
      this.#mergeReady();
    } else if (e.phase === SHARE_PHASES.ready && index > 0) {
      const r = ReadySchema.safeParse(data);
      if (!r.success) return;
      this.#ready.set(index, r.data.ready.after_step);
      this.#release();
      this.#mergeReady();
    } else if (e.phase === SHARE_PHASES.shareResult) {
      this.#addShare(index, e);
      this.#mergeReady();
    }
  }

  /** Runner `index`'s agent has ended: nobody waits for it any more; the lead's end ends the followers. */
  onAgentEnded(index: number): void {
    this.#ended.add(index);
    if (index === 0) {
      this.#leadStep = Number.POSITIVE_INFINITY;
      for (let i = 1; i < this.deps.count; i++) {
        if (!this.#ended.has(i)) this.#go(i, { done: true, reason: 'the leading runner ended' });
      }
    }
    this.#release();
    this.#mergeReady();
  }

  /** After every agent ended: merges what arrived of steps still open; waits for go.json writes. */
  async finish(): Promise<void> {
    for (const step of [...this.#steps.keys()].sort((a, b) => a - b)) await this.#merge(step);
    await Promise.all(this.#writes.values());
  }

  #addShare(index: number, e: LbEvent): void {
    const step = StepSchema.safeParse(e.data);
    const share = ShareResultDataSchema.safeParse(e.data);
    if (!step.success || !share.success || !e.config_id) {
      this.deps.log(`a share result of ${this.deps.hostOf(index)} could not be read; it is left out`, 'WARNING');
      return;
    }
    const pending: PendingStep = this.#steps.get(step.data.step) ?? {
      config_id: e.config_id,
      iteration: e.iteration ?? 1,
      parts: new Map(),
    };
    pending.parts.set(index, { host: this.deps.hostOf(index), data: share.data });
    if (index === 0) pending.leadData = e.data;
    this.#steps.set(step.data.step, pending);
  }

  /** A follower is past step s when it said ready after s (step 0: it is up and waiting), or ended. */
  #followerDone(i: number, step: number): boolean {
    return this.#ended.has(i) || (this.#ready.get(i) ?? -1) >= step;
  }

  #release(): void {
    const b = this.#barrier;
    if (!b || this.#replaying) return;
    for (let i = 1; i < this.deps.count; i++) if (!this.#followerDone(i, b.step - 1)) return;
    this.#barrier = null;
    for (let i = 0; i < this.deps.count; i++) if (!this.#ended.has(i)) this.#go(i, b);
  }

  #mergeReady(): void {
    if (this.#replaying) return;
    for (const [step, pending] of this.#steps) {
      const followersIn = Array.from({ length: this.deps.count - 1 }, (_, k) => k + 1).every(
        (i) => pending.parts.has(i) || this.#followerDone(i, step),
      );
      // Without the lead's share the step is complete once the lead went past it.
      const leadIn = pending.parts.has(0) || this.#leadStep > step;
      if (followersIn && leadIn) void this.#merge(step);
    }
  }

  async #merge(step: number): Promise<void> {
    const pending = this.#steps.get(step);
    if (!pending) return;
    this.#steps.delete(step);
    const at = `${pending.config_id} iteration ${pending.iteration} (step ${step})`;
    if (!pending.leadData) {
      this.deps.log(
        `${at}: the leading runner recorded no result, so the other runners' shares are not counted`,
        'WARNING',
      );
      return;
    }
    const shares = [...pending.parts.values()];
    const merged = mergeShares(shares);
    const missing = this.deps.count - shares.length;
    if (missing > 0) {
      this.deps.log(
        `${at}: ${missing} of ${this.deps.count} runners sent no result; the row holds the others' requests`,
        'WARNING',
      );
    }
    const { share: _share, histograms: _h, step: _s, node_limits_exceeded: _n, limits: _l, ...kept } = pending.leadData;
    const requests = merged.merge.runners.map((r) => `${r.host} ${r.requests}`).join(', ');
    await this.deps.publishResult({
      config_id: pending.config_id,
      iteration: pending.iteration,
      message: `${at}: ${shares.length} runners combined (${requests} requests; percentiles from ${merged.merge.percentiles === 'histogram' ? 'merged histograms' : 'a weighted mean, approximate'})`,
      data: {
        ...kept,
        overloaded: merged.result.overloaded_node,
        result: merged.result,
        merge: { step, ...merged.merge },
      },
    });
  }

  #go(index: number, go: GoSignal): void {
    const prev = this.#writes.get(index) ?? Promise.resolve();
    const next = prev
      .then(() => this.deps.writeGo(index, go))
      .catch((err: Error) =>
        this.deps.log(`could not write go.json on ${this.deps.hostOf(index)}: ${err.message}`, 'ERROR'),
      );
    this.#writes.set(index, next);
  }
}
