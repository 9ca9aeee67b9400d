// Reading one run from its directory: the journal parsed (lb's keys and ours, see
// run-journal-schema.ts) and what the directory itself says (STOP, the collected memory file).
// The run page, the runs list, the CLI, restart recovery and re-attachment all read runs here.
import 'server-only';
import type { FunctionCapacity, RunOutcome } from '@/lib/contract/run-results';
import type { Thresholds } from '@/lib/contract/thresholds';
import { existsSync, readdirSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { ControllerStateSchema, isTerminalState, type ControllerState } from '@/lib/contract/controller-states';
import type { RunProgress } from '@/lib/contract/progress';
import { collectedMemoryPath, JOURNAL_FILE, STOP_FILE } from '@/lib/contract/run-tree';
import type { ControllerIdentity } from './controller-identity';
import { RunNotFoundError } from './run-errors';
import { runPaths } from './run-dir';
import { MEMORY_ITEM } from './collect';
import { RunJournal, type CollectedItem, type JournalTask, type TaskStatus } from './run-journal';

export type TaskCounts = { total: number } & Record<TaskStatus, number>;

export interface RunRecord {
  runId: string;
  dir: string;
  /** The journal's state when lb-web knows it; null for none or one of a newer lb. */
  state: ControllerState | null;
  /** The journal's state as written (shown when `state` is null). */
  stateText: string | null;
  terminal: boolean;
  phase: string | null;
  createdAt: string | number | null;
  endedAt: string | number | null;
  error: string | null;
  /** `execution_mode`: the host provider (local, multipass) or lb's mode. */
  provider: string | null;
  runnerHost: string | null;
  agentPid: number | null;
  supervisorPid: number | null;
  /** The process that drives (or drove) the run. */
  controller: ControllerIdentity | null;
  agentOutputDir: string | null;
  memoryPath: string | null;
  /** The runners sharing the run, the lead first; null on a single-runner run. */
  runners: { host: string; agent_output_dir: string; memory_path: string }[] | null;
  progress: RunProgress | null;
  config: unknown;
  tasks: readonly JournalTask[];
  taskCounts: TaskCounts;
  stopRequested: boolean;
  /** The collected DuckDB memory, relative to the run dir, when it is there and verified. */
  memoryFile: string | null;
  /** What collect found of the DuckDB memory (null before collect). */
  memoryCollect: CollectedItem | null;
  /** The run's pass/fail limits (null: none set). */
  thresholds: Thresholds | null;
  /** What the run found (null until it ends, or for a run lb-web did not drive). */
  outcome: RunOutcome | null;
  capacity: FunctionCapacity[] | null;
  /** The journal itself, for the controller paths that write it back (recovery, re-attach). */
  journal: RunJournal;
}

/** Reads the run in `dir` (its name is the run id). Throws JournalLoadError when unreadable. */
export async function readRunDir(dir: string): Promise<RunRecord> {
  const journal = await RunJournal.load(path.join(dir, JOURNAL_FILE));
  const m = journal.metadata;
  const parsedState = ControllerStateSchema.safeParse(m.controller_state);
  const state = parsedState.success ? parsedState.data : null;
  const runnerHost = m.runner_host ?? null;
  const memoryCollect = m.collected?.find((i) => i.what === MEMORY_ITEM) ?? null;
  // A copy that did not open when collected is not offered for exploring.
  const memoryFile = memoryCollect?.ok === false ? null : findMemoryFile(dir, runnerHost);
  const taskCounts: TaskCounts = { total: 0, PENDING: 0, RUNNING: 0, COMPLETED: 0, FAILED: 0, SKIPPED: 0 };
  for (const t of journal.data.tasks) {
    taskCounts.total++;
    taskCounts[t.status]++;
  }
  return {
    runId: path.basename(dir),
    dir,
    state,
    stateText: m.controller_state,
    terminal: state !== null && isTerminalState(state),
    phase: m.phase,
    createdAt: m.created_at,
    endedAt: m.ended_at,
    error: m.error,
    provider: m.execution_mode,
    runnerHost,
    agentPid: m.agent_pid ?? null,
    supervisorPid: m.supervisor_pid ?? null,
    controller: m.controller ?? null,
    agentOutputDir: m.agent_output_dir ?? null,
    memoryPath: m.memory_path ?? null,
    runners: m.runners ?? null,
    progress: m.progress ?? null,
    thresholds: m.thresholds ?? null,
    outcome: m.outcome ?? null,
    capacity: m.capacity ?? null,
    config: m.config_dump,
    tasks: journal.data.tasks,
    taskCounts,
    stopRequested: existsSync(path.join(dir, STOP_FILE)),
    memoryFile,
    memoryCollect,
    journal,
  };
}

/**
 * The collected DuckDB memory, relative to the run dir: ours is flat
 * (`memory/<runner>/peva_faas.duckdb`); lb fetches with `flat: false`, so an lb run dir holds
 * `memory/<host>/<host>/<absolute path on the runner>/…duckdb` (FORMATS.md §5).
 */
export function findMemoryFile(dir: string, runnerHost: string | null): string | null {
  if (runnerHost && existsSync(path.join(dir, collectedMemoryPath(runnerHost)))) return collectedMemoryPath(runnerHost);
  const memoryDir = path.join(dir, 'memory');
  if (!existsSync(memoryDir)) return null;
  const pending: { rel: string; depth: number }[] = [{ rel: 'memory', depth: 0 }];
  while (pending.length) {
    const { rel, depth } = pending.shift()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(path.join(dir, rel), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const child = `${rel}/${e.name}`;
      if (e.isFile() && e.name.endsWith('.duckdb')) return child;
      // A symlinked directory is not followed: nothing outside the run dir is offered.
      if (e.isDirectory() && depth < 16) pending.push({ rel: child, depth: depth + 1 });
    }
  }
  return null;
}

/** Reads run `runId` of the output root; RunNotFoundError when it has no journal. */
export async function readRun(outputRoot: string, runId: string): Promise<RunRecord> {
  const paths = runPaths(outputRoot, runId);
  if (!existsSync(paths.journal)) throw new RunNotFoundError(runId);
  return readRunDir(paths.dir);
}
