// The run journal's shape (FORMATS.md §5). Reading is tolerant of journals written by lb's Python
// code (float or ISO times, nulls, extra keys kept); writing always produces this exact shape.
import 'server-only';
import { z } from 'zod';
import { FunctionCapacitySchema, RunOutcomeSchema } from '@/lib/contract/run-results';
import { ThresholdsSchema } from '@/lib/contract/thresholds';
import { RunProgressSchema } from '@/lib/contract/progress';

export const TASK_STATUSES = ['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'SKIPPED'] as const;
export const TaskStatusSchema = z.preprocess(
  (v) => (typeof v === 'string' ? v.toUpperCase() : v),
  z.enum(TASK_STATUSES),
);
export type TaskStatus = (typeof TASK_STATUSES)[number];

// lb writes epoch floats; some of its tools write ISO strings. Both are kept as given.
const TimeSchema = z.union([z.number(), z.string()]);
const nullable = <T extends z.ZodType>(s: T) => s.nullish().transform((v) => v ?? null);
const ours = <T extends z.ZodType>(s: T) => s.optional().catch(undefined);

/** What opening a collected DuckDB copy showed (server/peva/inspect-memory.ts). */
export const MemoryInspectionSchema = z.object({
  ok: z.boolean(),
  headerVersion: z.number().nullable(),
  walMerged: z.boolean(),
  tables: z.record(z.string(), z.number()),
  sessionClosed: z.boolean(),
  configIds: z.array(z.string()).optional(),
  error: z.string().optional(),
});
export type MemoryInspection = z.infer<typeof MemoryInspectionSchema>;

/** One file (or tree) pulled from the runner by collect, as the journal records it. */
export const CollectedItemSchema = z.object({
  what: z.string(),
  from: z.string(),
  to: z.string(),
  ok: z.boolean(),
  error: z.string().optional(),
  /** For the DuckDB memory: what the verified copy holds. */
  inspection: MemoryInspectionSchema.optional(),
});
export type CollectedItem = z.infer<typeof CollectedItemSchema>;

export const JournalTaskSchema = z.looseObject({
  host: z.string(),
  workload: z.string(),
  repetition: z.number().int(),
  status: TaskStatusSchema.default('PENDING'),
  current_action: nullable(z.string()).transform((v) => v ?? ''),
  timestamp: nullable(TimeSchema).transform((v) => v ?? 0),
  error: nullable(z.string()),
  error_type: nullable(z.string()),
  error_context: nullable(z.unknown()),
  started_at: nullable(TimeSchema),
  finished_at: nullable(TimeSchema),
  duration_seconds: nullable(z.number()),
});
export type JournalTask = z.infer<typeof JournalTaskSchema>;

export const JournalMetadataSchema = z.looseObject({
  created_at: nullable(TimeSchema),
  config_dump: z.unknown().optional(),
  config_hash: nullable(z.string()),
  execution_mode: nullable(z.string()),
  node_count: nullable(z.number().int()),
  // lb's own names, or ones we do not know yet: kept as text; the controller validates it.
  controller_state: nullable(z.string()),
  // Ours (not written by lb):
  phase: nullable(z.string()),
  ended_at: nullable(TimeSchema),
  error: nullable(z.string()),
  // Ours, set as the run goes (absent until then). A value of the wrong shape — a hand-edited
  // journal — reads as absent instead of making the whole run unreadable.
  runner_host: ours(z.string()),
  k3s_host: ours(z.string()),
  gateway_url: ours(z.string()),
  prometheus_url: ours(z.string()),
  /** Where the agent writes on the runner (spec, stream, status, CSV tree). */
  agent_output_dir: ours(z.string()),
  /** The DuckDB memory file on the runner (absolute). */
  memory_path: ours(z.string()),
  agent_pid: ours(z.number().int().positive().nullable()),
  /** A run shared by several runners: each one's agent files, the lead first (runner-share.ts). */
  runners: ours(z.array(z.object({ host: z.string(), agent_output_dir: z.string(), memory_path: z.string() })).min(2)),
  /** Leads the agent's process group on the runner (server/agent/supervisor.ts). */
  supervisor_pid: ours(z.number().int().positive()),
  /** The process driving the run (a server or `lb-web run`), to tell a live owner from a dead one. */
  controller: ours(z.object({ pid: z.number().int().positive(), started: z.number(), kind: z.string() })),
  progress: ours(RunProgressSchema),
  collected: ours(z.array(CollectedItemSchema)),
  /** Pass/fail limits of the run (lib/contract/thresholds.ts), kept out of lb's config. */
  thresholds: ours(ThresholdsSchema),
  /** What the run found, beside lb's controller state (lib/contract/run-results.ts). */
  outcome: ours(RunOutcomeSchema),
  capacity: ours(z.array(FunctionCapacitySchema)),
});
export type JournalMetadata = z.infer<typeof JournalMetadataSchema>;

export const RunJournalSchema = z.looseObject({
  run_id: z.string().min(1),
  tasks: z.array(JournalTaskSchema).default([]),
  metadata: JournalMetadataSchema.default(() => JournalMetadataSchema.parse({})),
});
export type RunJournalData = z.infer<typeof RunJournalSchema>;

export { configHash, stableStringify as canonicalJson } from '@/server/peva/config-hash';

export const taskKey = (host: string, workload: string, repetition: number): string =>
  `${host}::${workload}::${repetition}`;
