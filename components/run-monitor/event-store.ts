// The browser's copy of a run's event stream: kept in seq order with duplicates dropped
// (a reconnect replays from lastEventId, but a retried request or a second subscription
// can still deliver a seq twice), plus what the page derives from it.
import { readProgress, type RunProgress } from '@/lib/contract/progress';
import type { StoredEvent } from '@/lib/contract/stored-event';
import { MetricSeries } from './metric-series';
import { RunFindingsLog } from '@/components/run-results/run-findings-log';
import { RunOutcomeSchema, type RunOutcome } from '@/lib/contract/run-results';

export interface RunDerived {
  /** Latest `data.controller_state` seen (controller events carry it on every change). */
  controllerState: string | null;
  /** Latest phase of any event (agent phases: setup, baseline, cooldown, load, …). */
  phase: string | null;
  progress: RunProgress | null;
  /** The run's last event (phase "end") has arrived. */
  ended: boolean;
  /** What the run found, from the controller's final event. */
  outcome: RunOutcome | null;
  malformed: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export class RunEventLog {
  readonly events: StoredEvent[] = [];
  readonly metrics: MetricSeries;
  readonly derived: RunDerived = {
    controllerState: null,
    phase: null,
    progress: null,
    ended: false,
    outcome: null,
    malformed: 0,
  };
  /** Result records, skipped/failed configurations and the load in progress (results table). */
  readonly findings = new RunFindingsLog();
  duplicates = 0;
  /** Bumped on every change so React can memoise on it. */
  version = 0;
  private readonly seqs = new Set<number>();

  constructor(maxMetricRows?: number) {
    this.metrics = new MetricSeries(maxMetricRows);
  }

  get lastSeq(): number {
    return this.events.at(-1)?.seq ?? 0;
  }

  /** Seqs between 1 and lastSeq that never arrived (0 when the stream is whole). */
  get missing(): number {
    return this.lastSeq - this.events.length;
  }

  /** Adds a batch; returns how many events were new. */
  add(batch: readonly StoredEvent[]): number {
    let added = 0;
    for (const e of batch) {
      if (this.seqs.has(e.seq)) {
        this.duplicates++;
        continue;
      }
      this.seqs.add(e.seq);
      if (e.seq > this.lastSeq) this.events.push(e);
      else this.events.splice(this.insertAt(e.seq), 0, e);
      this.derive(e);
      added++;
    }
    if (added > 0) this.version++;
    return added;
  }

  private insertAt(seq: number): number {
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.events[mid]!.seq < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  // Derived fields follow seq order; an out-of-order (older) event must not overwrite them.
  private derive(e: StoredEvent): void {
    const newest = e.seq === this.lastSeq;
    const d = isRecord(e.data) ? e.data : undefined;
    if (d && isRecord(d.malformed)) this.derived.malformed++;
    if (e.type === 'metric') this.metrics.add(e);
    this.findings.add(e);
    if (!newest) return;
    if (d && typeof d.controller_state === 'string') this.derived.controllerState = d.controller_state;
    if (e.phase && e.type !== 'metric') this.derived.phase = e.phase;
    // The agent also ends with phase "end"; only the controller's end (it carries the
    // final controller_state) closes the run.
    if (e.phase === 'end' && d && typeof d.controller_state === 'string') {
      this.derived.ended = true;
      const outcome = RunOutcomeSchema.safeParse(d.outcome);
      if (outcome.success) this.derived.outcome = outcome.data;
    }
    const progress = readProgress(d);
    if (progress) this.derived.progress = progress;
  }
}
