// What the run page derives, event by event, for its results table: the result records (one
// per configuration × iteration), the configurations skipped or failed with their reason, and
// the one being loaded right now with its live per-second figures — which becomes "interrupted,
// not recorded" when the run stops before its result (lb records no partial iteration).
import { recordFromEvent, type ResultRecord } from '@/lib/contract/run-results';
import type { StoredEvent } from '@/lib/contract/stored-event';

export interface ConfigNote {
  config_id: string;
  label: string;
  outcome: 'skipped' | 'failed';
  reason: string;
}

export interface LiveLoad {
  config_id: string;
  iteration: number;
  /** Epoch seconds of the first and the latest sample. */
  startedAt: number;
  lastAt: number;
  /** The latest per-second figures per function (cumulative requests/errors). */
  functions: Record<
    string,
    { rps: number | null; successRate: number | null; p95: number | null; requests: number | null }
  >;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** A copy at one moment, for React (the log itself is mutated as events arrive). */
export interface FindingsSnapshot {
  records: readonly ResultRecord[];
  notes: readonly ConfigNote[];
  live: LiveLoad | null;
}

/** Everything a RunFindingsLog holds, as plain JSON (part of the run's digest). */
export interface FindingsState {
  records: ResultRecord[];
  notes: ConfigNote[];
  live: LiveLoad | null;
  lastSeq: number;
}

export class RunFindingsLog {
  readonly records: ResultRecord[] = [];
  readonly notes: ConfigNote[] = [];
  /** The iteration under load without a result yet (null between loads). */
  live: LiveLoad | null = null;
  /** Events come in seq order; one at or below this is a replay (a set of seqs would grow with the run). */
  private lastSeq = 0;

  static fromState(state: FindingsState): RunFindingsLog {
    const log = new RunFindingsLog();
    log.records.push(...state.records);
    log.notes.push(...state.notes);
    log.live = state.live;
    log.lastSeq = state.lastSeq;
    return log;
  }

  toState(): FindingsState {
    const live = this.live ? { ...this.live, functions: { ...this.live.functions } } : null;
    return { records: [...this.records], notes: [...this.notes], live, lastSeq: this.lastSeq };
  }

  #cached: { version: number; snapshot: FindingsSnapshot } | null = null;

  /** A copy for React, made once per `version` of the owning event log (callers pass it). */
  snapshotAt(version: number): FindingsSnapshot {
    if (this.#cached?.version !== version) {
      const live = this.live ? { ...this.live, functions: { ...this.live.functions } } : null;
      this.#cached = { version, snapshot: { records: [...this.records], notes: [...this.notes], live } };
    }
    return this.#cached.snapshot;
  }

  add(e: StoredEvent): void {
    if (e.seq <= this.lastSeq) return;
    this.lastSeq = e.seq;
    const d = isRecord(e.data) ? e.data : undefined;
    if (e.type === 'metric' && e.config_id && d && isRecord(d.functions)) {
      this.#sample(e, d.functions);
      return;
    }
    const record = recordFromEvent(e);
    if (record) {
      this.records.push(record);
      if (this.live?.config_id === record.config_id && this.live.iteration === record.iteration) this.live = null;
      return;
    }
    const outcome = d?.outcome;
    if (e.config_id && (outcome === 'skipped' || outcome === 'failed')) {
      const reason = typeof d?.detail === 'string' ? d.detail : typeof d?.reason === 'string' ? d.reason : e.message;
      const label = typeof d?.label === 'string' ? d.label : '';
      this.notes.push({ config_id: e.config_id, label, outcome, reason });
      if (this.live?.config_id === e.config_id) this.live = null;
    }
  }

  #sample(e: StoredEvent, fns: Record<string, unknown>): void {
    const at = num(e.timestamp) ?? 0;
    const iteration = e.iteration ?? 1;
    if (!this.live || this.live.config_id !== e.config_id || this.live.iteration !== iteration) {
      this.live = { config_id: e.config_id!, iteration, startedAt: at, lastAt: at, functions: {} };
    }
    this.live.lastAt = at;
    for (const [name, raw] of Object.entries(fns)) {
      if (!isRecord(raw)) continue;
      this.live.functions[name] = {
        rps: num(raw.rps),
        successRate: num(raw.successRate),
        p95: num(raw.p95),
        requests: num(raw.requests),
      };
    }
  }
}
