// What the run page derives from a whole run, event by event: controller state, phase,
// progress, end and outcome, the malformed-line count, the results table's findings, the
// chart series and the capacity search's progress. The server builds it over events.jsonl (and persists it); the browser starts
// from the server's copy and applies the live events after it, with this same code, so the
// page needs only the run's newest events, not all of them.
import { readProgress, type RunProgress } from '@/lib/contract/progress';
import type { StoredEvent } from '@/lib/contract/stored-event';
import { RunOutcomeSchema, type RunOutcome } from '@/lib/contract/run-results';
import { MetricSeries, type MetricSeriesState } from './metric-series';
import { RunFindingsLog, type FindingsState } from './run-findings-log';
import { CapacitySearchLog } from './capacity-search-log';
import type { SearchDigest } from '@/lib/contract/capacity-search';

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

export interface RunDigestState {
  lastSeq: number;
  count: number;
  derived: RunDerived;
  findings: FindingsState;
  series: MetricSeriesState;
  /** The capacity search as it went (null: not a capacity-search run). */
  search: SearchDigest | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export class RunDigest {
  /** The newest seq applied; events at or below it are already counted. */
  lastSeq = 0;
  /** Events applied (the run's event count when built from all of it). */
  count = 0;
  readonly derived: RunDerived;
  readonly findings: RunFindingsLog;
  readonly metrics: MetricSeries;
  readonly search: CapacitySearchLog;

  constructor(state?: RunDigestState) {
    this.lastSeq = state?.lastSeq ?? 0;
    this.count = state?.count ?? 0;
    this.derived = state
      ? { ...state.derived }
      : { controllerState: null, phase: null, progress: null, ended: false, outcome: null, malformed: 0 };
    this.findings = state ? RunFindingsLog.fromState(state.findings) : new RunFindingsLog();
    this.metrics = state ? MetricSeries.fromState(state.series) : new MetricSeries();
    this.search = new CapacitySearchLog(state?.search ?? null);
  }

  toState(): RunDigestState {
    return {
      lastSeq: this.lastSeq,
      count: this.count,
      derived: { ...this.derived },
      findings: this.findings.toState(),
      series: this.metrics.toState(),
      search: this.search.toState(),
    };
  }

  /**
   * Applies an event newer than every one applied so far; an older one (a replay, a page of
   * older events) is already counted and is ignored. Returns whether it was applied.
   */
  add(e: StoredEvent): boolean {
    if (e.seq <= this.lastSeq) return false;
    this.lastSeq = e.seq;
    this.count++;
    const d = isRecord(e.data) ? e.data : undefined;
    if (d && isRecord(d.malformed)) this.derived.malformed++;
    if (e.type === 'metric') this.metrics.add(e);
    this.findings.add(e);
    if (e.phase === 'policy') this.search.add(e);
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
    return true;
  }
}

/** What the run page loads first (runs.snapshot): the digest and the events just before its end. */
export interface RunSnapshot {
  digest: RunDigestState;
  /** The run's newest events up to digest.lastSeq, oldest first. */
  events: StoredEvent[];
}

/** A page of older events (runs.eventsPage), oldest first; `more`: older ones remain. */
export interface EventsPage {
  events: StoredEvent[];
  more: boolean;
}
