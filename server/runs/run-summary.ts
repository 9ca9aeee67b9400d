// What the run page and the runs list show of a run: its record without the journal object,
// with the live state of a run this process is driving.
import 'server-only';
import type { ControllerState } from '@/lib/contract/controller-states';
import type { RunRecord } from './read-run';
import { workloadOf, type Baselines } from './run-library';

const ms = (v: string | number | null): number | null =>
  v == null ? null : typeof v === 'number' ? v * 1000 : Date.parse(v) || null;

/** One line of the runs history: id, state, start, duration, configs, DuckDB file, baseline. */
export function summarizeRun(r: RunRecord, baselines: Baselines = {}) {
  const started = ms(r.createdAt);
  const ended = ms(r.endedAt);
  const workload = workloadOf(r.config);
  return {
    runId: r.runId,
    state: r.state ?? r.stateText,
    phase: r.phase,
    startedAt: started,
    durationS: started && ended ? Math.round((ended - started) / 100) / 10 : null,
    provider: r.provider,
    progress: r.progress,
    memoryFile: r.memoryFile,
    error: r.error,
    outcome: r.outcome,
    capacity: r.capacity,
    /** The functions it benchmarks ("env+figlet"): runs worth comparing share it. */
    workload,
    baseline: baselines[workload] === r.runId,
  };
}

/** The run page's view: everything but the journal object, with the live state when active. */
export function runDetail(r: RunRecord, live: { state: ControllerState } | undefined) {
  const { journal: _journal, ...rest } = r;
  return { ...rest, state: live?.state ?? r.state ?? r.stateText, active: live !== undefined };
}
