// The run journal file: created at run start, updated as tasks and states move, written atomically.
import 'server-only';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { parseTolerantJson } from '@/lib/contract/tolerant-json';
import { isTerminalState, type ControllerState } from '@/lib/contract/controller-states';
import {
  configHash,
  JournalTaskSchema,
  RunJournalSchema,
  taskKey,
  type JournalMetadata,
  type JournalTask,
  type RunJournalData,
  type TaskStatus,
} from './run-journal-schema';

export * from './run-journal-schema';

export interface RunJournalInit {
  run_id: string;
  tasks?: { host: string; workload: string; repetition: number }[];
  config_dump?: unknown;
  /** Defaults to sha256 of the canonical JSON of config_dump. */
  config_hash?: string;
  execution_mode?: string;
  node_count?: number;
  controller_state?: ControllerState;
  created_at?: Date;
}

export interface TaskPatch {
  status?: TaskStatus;
  current_action?: string;
  timestamp?: number | string;
  error?: string | null;
  error_type?: string | null;
  error_context?: unknown;
  started_at?: number | string | null;
  finished_at?: number | string | null;
  duration_seconds?: number | null;
}

export class JournalLoadError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`run journal ${file} cannot be read: ${reason}`);
    this.name = 'JournalLoadError';
  }
}

const nowSeconds = () => Date.now() / 1000;
const FINAL_TASK: ReadonlySet<string> = new Set(['COMPLETED', 'FAILED', 'SKIPPED']);
let tmpCounter = 0;

export class RunJournal {
  #data: RunJournalData;
  // Saves are chained so two writers never interleave; a save queued but not yet started is
  // shared by later callers (it serialises the data as it is when it starts).
  #tail: Promise<void> = Promise.resolve();
  #queued: Promise<void> | null = null;

  private constructor(
    readonly path: string,
    data: RunJournalData,
  ) {
    this.#data = data;
  }

  static async create(file: string, init: RunJournalInit): Promise<RunJournal> {
    const ts = nowSeconds();
    const data = RunJournalSchema.parse({
      run_id: init.run_id,
      tasks: (init.tasks ?? []).map((t) => ({ ...t, status: 'PENDING', timestamp: ts })),
      metadata: {
        created_at: (init.created_at ?? new Date()).toISOString(),
        config_dump: init.config_dump ?? null,
        config_hash: init.config_hash ?? configHash(init.config_dump),
        execution_mode: init.execution_mode ?? 'local',
        node_count: init.node_count ?? new Set((init.tasks ?? []).map((t) => t.host)).size,
        controller_state: init.controller_state ?? 'init',
      },
    });
    const journal = new RunJournal(file, data);
    await mkdir(path.dirname(file), { recursive: true });
    await journal.save();
    return journal;
  }

  /** Reads a journal back (ours or lb's). Throws JournalLoadError naming the file and the problem. */
  static async load(file: string): Promise<RunJournal> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      throw new JournalLoadError(file, (err as NodeJS.ErrnoException).code ?? String(err));
    }
    let raw: unknown;
    try {
      raw = parseTolerantJson(text); // Python's json.dump writes bare NaN
    } catch (err) {
      throw new JournalLoadError(file, `not JSON (${(err as Error).message})`);
    }
    const parsed = RunJournalSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new JournalLoadError(file, `${issue?.path.join('.') || 'journal'}: ${issue?.message ?? 'invalid'}`);
    }
    return new RunJournal(file, parsed.data);
  }

  get data(): Readonly<RunJournalData> {
    return this.#data;
  }

  get metadata(): Readonly<JournalMetadata> {
    return this.#data.metadata;
  }

  /** Records the state; a terminal state also stamps `ended_at` (once). */
  setControllerState(state: ControllerState): void {
    const m = this.#data.metadata;
    m.controller_state = state;
    if (isTerminalState(state) && m.ended_at == null) m.ended_at = new Date().toISOString();
  }

  setPhase(phase: string): void {
    this.#data.metadata.phase = phase;
  }

  setError(message: string | null): void {
    this.#data.metadata.error = message;
  }

  /** Merges extra metadata (our own keys; lb's keys keep their meaning). */
  setMetadata(patch: Partial<JournalMetadata>): void {
    Object.assign(this.#data.metadata, patch);
  }

  getTask(host: string, workload: string, repetition: number): JournalTask | undefined {
    const key = taskKey(host, workload, repetition);
    return this.#data.tasks.find((t) => taskKey(t.host, t.workload, t.repetition) === key);
  }

  /**
   * Patches a task, creating it when missing (an agent may report a repetition the plan did not
   * list). Moving to RUNNING stamps started_at; to COMPLETED/FAILED/SKIPPED stamps finished_at and
   * duration_seconds, unless the patch sets them.
   */
  updateTask(host: string, workload: string, repetition: number, patch: TaskPatch): JournalTask {
    let task = this.getTask(host, workload, repetition);
    if (!task) {
      task = JournalTaskSchema.parse({ host, workload, repetition });
      this.#data.tasks.push(task);
    }
    const now = nowSeconds();
    Object.assign(task, patch, { timestamp: patch.timestamp ?? now });
    if (patch.status === 'RUNNING' && task.started_at == null) task.started_at = now;
    if (patch.status && FINAL_TASK.has(patch.status) && patch.finished_at === undefined) {
      task.finished_at = now;
      if (patch.duration_seconds === undefined && typeof task.started_at === 'number')
        task.duration_seconds = Math.max(0, now - task.started_at);
    }
    return task;
  }

  save(): Promise<void> {
    if (this.#queued) return this.#queued;
    const run = this.#tail.then(() => {
      this.#queued = null;
      return this.#write();
    });
    this.#queued = run;
    this.#tail = run.catch(() => undefined);
    return run;
  }

  // tmp + fsync + rename: a reader (or a crash) sees the old journal or the new one, never half.
  async #write(): Promise<void> {
    const text = JSON.stringify(this.#data, null, 2) + '\n';
    const tmp = `${this.path}.${process.pid}.${++tmpCounter}.tmp`;
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await rename(tmp, this.path);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
  }
}
