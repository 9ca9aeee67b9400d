// The run page's snapshot (runs.snapshot) and older events (runs.eventsPage): their inputs, and
// the digest — what the page derives from a whole run — as the server persists it beside
// events.jsonl (`series.json`, read back through this schema: a file from disk is input).
import { z } from 'zod';
import { RunIdSchema } from './run-tree';
import { RunProgressSchema } from './progress';
import { ResultRecordSchema, RunOutcomeSchema } from './run-results';
import { SearchDigestSchema } from './capacity-search';

/** How many of the run's newest events the snapshot carries, and a page of older ones at most. */
export const SNAPSHOT_TAIL_DEFAULT = 500;
export const EVENTS_PAGE_MAX = 1000;

export const RunSnapshotInputSchema = z.object({
  runId: RunIdSchema,
  tail: z.number().int().min(0).max(EVENTS_PAGE_MAX).default(SNAPSHOT_TAIL_DEFAULT),
});

/** The `limit` events just before `beforeSeq` (seq < beforeSeq), oldest first. */
export const EventsPageInputSchema = z.object({
  runId: RunIdSchema,
  beforeSeq: z.number().int().min(1),
  limit: z.number().int().min(1).max(EVENTS_PAGE_MAX),
});

/** The event log's filter, as the browser applies it to what it holds (lib/run-digest/event-filter). */
export const EventFilterSchema = z.object({
  minLevel: z.enum(['ALL', 'DEBUG', 'INFO', 'WARNING', 'ERROR']),
  type: z.enum(['all', 'status', 'log', 'metric']),
  search: z.string().max(200),
});

/**
 * The newest `limit` events before `beforeSeq` that match the filter. One call reads a bounded
 * part of events.jsonl: `nextBeforeSeq` is where the next call goes on (null: at the start).
 */
export const EventsSearchInputSchema = z.object({
  runId: RunIdSchema,
  filter: EventFilterSchema,
  beforeSeq: z.number().int().min(1),
  limit: z.number().int().min(1).max(EVENTS_PAGE_MAX),
});

const fig = z.number().nullable();

const FunctionSampleSchema = z.object({
  rps: fig,
  successRate: fig,
  p50: fig,
  p95: fig,
  p99: fig,
  requests: fig,
  errors: fig,
  target: fig,
});

const MetricRowSchema = z.object({
  t: z.number(),
  seq: z.number(),
  configId: z.string().nullable(),
  configLabel: z.string().nullable(),
  fns: z.record(z.string(), FunctionSampleSchema),
  gap: z.literal(true).optional(),
  n: z.number().int().min(1).optional(),
  tEnd: z.number().optional(),
});

export const MetricSeriesStateSchema = z.object({
  rows: z.array(MetricRowSchema),
  functions: z.array(z.string()),
  markers: z.array(z.object({ t: z.number(), configId: z.string().nullable(), label: z.string() })),
  partialWindows: z.number().int().min(0),
  t0: z.number().nullable(),
  span: z.number().int().min(1),
});

const LiveLoadSchema = z.object({
  config_id: z.string(),
  iteration: z.number(),
  startedAt: z.number(),
  lastAt: z.number(),
  functions: z.record(z.string(), z.object({ rps: fig, successRate: fig, p95: fig, requests: fig })),
});

export const FindingsStateSchema = z.object({
  records: z.array(ResultRecordSchema),
  notes: z.array(
    z.object({
      config_id: z.string(),
      label: z.string(),
      outcome: z.enum(['skipped', 'failed']),
      reason: z.string(),
    }),
  ),
  live: LiveLoadSchema.nullable(),
  lastSeq: z.number().int().min(0),
});

export const RunDerivedSchema = z.object({
  controllerState: z.string().nullable(),
  phase: z.string().nullable(),
  progress: RunProgressSchema.nullable(),
  ended: z.boolean(),
  outcome: RunOutcomeSchema.nullable(),
  malformed: z.number().int().min(0),
});

export const RunDigestStateSchema = z.object({
  /** The last seq applied, and how many events (lines) were. */
  lastSeq: z.number().int().min(0),
  count: z.number().int().min(0),
  derived: RunDerivedSchema,
  findings: FindingsStateSchema,
  series: MetricSeriesStateSchema,
  /** The capacity search's progress (lib/run-digest/capacity-search-log.ts); null for another policy. */
  search: SearchDigestSchema.nullable(),
});
