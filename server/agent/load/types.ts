// The load-driver contract the runner agent codes against: k6 and the built-in driver are
// interchangeable because both write k6's flat summary-export shape (FORMATS.md §7).
import 'server-only';
import type { LatencyHistogram } from '@/lib/contract/latency-histogram';

export interface LoadTarget {
  name: string;
  /** Requests per second; 0 means no load and no metrics for this function (as with k6). */
  rate: number;
  method: string;
  body: string;
  headers: Record<string, string>;
}

export interface LiveFunctionSample {
  /** Responses completed in this 1 s window. */
  rps: number;
  /** 2xx share of this window's responses (NaN when there were none). */
  successRate: number;
  /** Latency percentiles (ms) of this window's responses (NaN when there were none). */
  p50: number;
  p95: number;
  p99: number;
  /** Cumulative totals since the start of the run. */
  requests: number;
  errors: number;
}

export interface LiveSample {
  /** Epoch seconds at the end of the 1 s window. */
  t: number;
  /**
   * How long the window lasted (s): 1 for a full second, less for the last one of a load (Stop,
   * or the end of the duration). Rates of a short window are noisy: charts leave it out.
   */
  windowS: number;
  functions: Record<string, LiveFunctionSample>;
}

export interface LoadRunOptions {
  /** Directory for script.js / summary.json / samples (created if missing). */
  workspace: string;
  targets: LoadTarget[];
  durationS: number;
  /** Requests go to `${gatewayUrl}/function/${name}`. */
  gatewayUrl: string;
  /** Full Authorization header value. */
  authHeader?: string;
  /** k6 script text (k6 driver only; the agent builds it). */
  script?: string;
  /** k6 `--out` values and `--tag k=v` pairs (k6 driver only). */
  outputs?: string[];
  tags?: Record<string, string>;
  /** Abort = stop: k6 gets SIGTERM then SIGKILL after graceMs; the built-in driver stops at once. */
  signal: AbortSignal;
  graceMs?: number;
  /** Called once per second during load. */
  onSample?: (s: LiveSample) => void;
}

export interface LoadRunResult {
  /** Parsed summary.json (k6 flat summary-export shape), or null when none was written. */
  summary: unknown;
  summaryPath: string;
  /** Epoch seconds around the load. */
  startTs: number;
  endTs: number;
  /** True when the run was cut short by the AbortSignal. */
  stopped: boolean;
  exitCode: number | null;
  stderrTail: string;
  /**
   * Per function with samples: its latency histogram (built-in driver; k6 reports only its
   * summary). Runners sharing one configuration's load merge these into exact percentiles.
   */
  latencyHistograms?: Record<string, LatencyHistogram>;
}

export interface LoadDriver {
  kind: 'k6' | 'builtin';
  /** One version line, e.g. "k6 v0.54.0 (…)". */
  describe(): Promise<string>;
  run(o: LoadRunOptions): Promise<LoadRunResult>;
}
