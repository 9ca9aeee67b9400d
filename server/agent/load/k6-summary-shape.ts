// Builds k6's flat `--summary-export` document so one parser reads k6's and ours alike:
// Rate {value, passes, fails}, Trend {avg, min, med, max, p(90), p(95), p(99)},
// Counter {count, rate}. Metrics without samples are left out, as k6 does. The Trend has
// k6's default statistics plus p(99), which real k6 run with lb's command (no
// --summary-trend-stats) does not write: p99 is known with this driver only (NaN with k6).
import 'server-only';
import { LatencyRecorder, type TrendStats } from './latency-recorder';

export interface FunctionTally {
  name: string;
  /** k6 metric id from server/peva's k6MetricIds, so the summary parser finds the metrics. */
  id: string;
  passes: number;
  fails: number;
  latency: LatencyRecorder;
  /** Requests the schedule wanted to start, started, and dropped at the in-flight cap. */
  scheduled: number;
  started: number;
  dropped: number;
  /** Cut off by a stop or the graceful-stop deadline: no response, so no metric sample. */
  interrupted: number;
}

export interface BuiltinSummaryInput {
  functions: FunctionTally[];
  elapsedS: number;
  lagMs: LatencyRecorder;
  stopped: boolean;
  /** Keep-alive connections the load opened (rate × observed latency, by Little's law). */
  connectionsOpened?: number;
}

interface RateMetric {
  value: number;
  passes: number;
  fails: number;
}
interface CounterMetric {
  count: number;
  rate: number;
}
type Metric = RateMetric | CounterMetric | TrendStats;

// k6's root group id is the md5 of its empty path.
const ROOT_GROUP = { name: '', path: '', id: 'd41d8cd98f00b204e9800998ecf8427e', groups: {}, checks: {} };

export function buildBuiltinSummary(input: BuiltinSummaryInput): Record<string, unknown> {
  const secs = input.elapsedS > 0 ? input.elapsedS : 1;
  const counter = (count: number): CounterMetric => ({ count, rate: count / secs });
  const rate = (passes: number, fails: number): RateMetric => ({ value: passes / (passes + fails), passes, fails });
  const metrics: Record<string, Metric> = {};
  const all = new LatencyRecorder();
  let passes = 0;
  let fails = 0;
  let dropped = 0;
  for (const f of input.functions) {
    dropped += f.dropped;
    const n = f.passes + f.fails;
    if (n === 0) continue;
    const id = f.id;
    metrics[`success_rate_${id}`] = rate(f.passes, f.fails);
    metrics[`latency_${id}`] = f.latency.trend()!;
    metrics[`request_count_${id}`] = counter(n);
    passes += f.passes;
    fails += f.fails;
    all.addAll(f.latency);
  }
  const total = passes + fails;
  if (total > 0) {
    metrics.http_reqs = counter(total);
    metrics.iterations = counter(total);
    metrics.http_req_duration = all.trend()!;
    // k6 counts a *failed* request as a pass of http_req_failed (the rate of "true").
    metrics.http_req_failed = rate(fails, passes);
  }
  if (dropped > 0) metrics.dropped_iterations = counter(dropped);
  const lag = input.lagMs;
  return {
    root_group: ROOT_GROUP,
    metrics,
    lb_web: {
      driver: 'builtin',
      stopped: input.stopped,
      elapsed_s: input.elapsedS,
      schedule_lag_ms: { p50: lag.percentile(50), p99: lag.percentile(99), max: lag.percentile(100) },
      dropped,
      connections_opened: input.connectionsOpened ?? 0,
      functions: Object.fromEntries(
        input.functions.map((f) => [
          f.name,
          {
            scheduled: f.scheduled,
            started: f.started,
            dropped: f.dropped,
            interrupted: f.interrupted,
            completed: f.passes + f.fails,
          },
        ]),
      ),
    },
  };
}
