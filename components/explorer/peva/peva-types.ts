// Shapes shared by the PEVA views: per-function samples (from the typed table or from
// payload_json) and their per-configuration aggregates, which the table and charts draw.
import type { RESULTS_TABLE } from '@/lib/contract/memory-tables';

/** One function's metrics, shared by a sample and a per-configuration aggregate. */
interface FunctionMetrics {
  functionName: string;
  rate: number | null;
  successRate: number | null;
  latencyP95Ms: number | null;
  latencyAvgMs: number | null;
  /** Node CPU, percent of one core (lb's unit), for the whole execution. */
  cpuNode: number | null;
}

/** One function's measurement in one execution (config × iteration × repetition × run). */
export interface FunctionSample extends FunctionMetrics {
  configId: string;
  runId: string;
  iteration: number;
  repetition: number;
  overloaded: boolean | null;
}

/** A configuration × function, averaged over its iterations, repetitions and runs. */
export interface ConfigFunctionResult extends FunctionMetrics {
  configId: string;
  /** "env:10 + figlet:20": the configuration's function:rate pairs. */
  label: string;
  sumRate: number;
  /** Executions measured (iterations × repetitions × runs). */
  samples: number;
  /** Share of executions in which this function was overloaded (null when unknown). */
  overloadedShare: number | null;
}

export interface PevaSummary {
  schemaVersion: string | null;
  sessions: Array<{ runId: string; status: string | null }>;
  /** Distinct run ids seen in execution_events (lb never writes run_sessions). */
  eventRunIds: string[];
  configurations: number;
  events: number;
  skipped: number;
}

export interface PevaData {
  /** Where the numbers came from: our typed table, or lb's payload_json parsed in the page. */
  origin: typeof RESULTS_TABLE | 'payload_json' | 'none';
  summary: PevaSummary;
  results: ConfigFunctionResult[];
  /** Events whose payload could not be read (parse errors), shown as a note. */
  unreadable: number;
  /** payload_json is read in the page; past this many events the views show a sample. */
  truncatedAt: number | null;
}
