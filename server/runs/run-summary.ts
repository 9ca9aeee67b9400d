// One line of the runs history: id, state, start, duration, configs, DuckDB file.
import 'server-only';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RunListEntry } from './list-runs';

const ms = (v: string | number | null | undefined): number | null =>
  v == null ? null : typeof v === 'number' ? v * 1000 : Date.parse(v) || null;

export function summarizeRun(r: RunListEntry) {
  const m = r.journal.metadata as Record<string, unknown>;
  const started = ms(r.createdAt);
  const ended = ms(r.endedAt);
  const runner = typeof m.runner_host === 'string' ? m.runner_host : null;
  const memoryFile =
    runner && existsSync(join(r.dir, 'memory', runner, 'peva_faas.duckdb'))
      ? `memory/${runner}/peva_faas.duckdb`
      : null;
  return {
    runId: r.runId,
    state: r.controllerState,
    phase: r.phase,
    startedAt: started,
    durationS: started && ended ? Math.round((ended - started) / 100) / 10 : null,
    provider: typeof m.execution_mode === 'string' ? m.execution_mode : null,
    progress: (m.progress as Record<string, number> | undefined) ?? null,
    memoryFile,
    error: r.error,
  };
}
