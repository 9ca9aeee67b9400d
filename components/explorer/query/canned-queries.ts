// Ready-made questions about a PEVA-FAAS memory file (ours or lb's), in plain SQL: they read
// peva_results (built on open, no JSON functions needed) and lb's own tables.
export interface CannedQuery {
  id: string;
  label: string;
  sql: string;
}

export const CANNED_QUERIES: readonly CannedQuery[] = [
  {
    id: 'by-config',
    label: 'Results by configuration',
    sql: `-- Mean over iterations, per configuration × function (peva_results: one row per iteration × function)
SELECT config_id, function_name, avg(rate) AS rate, count(*) AS iterations,
       round(avg(success_rate), 4) AS success_rate, round(avg(latency_p95_ms), 1) AS p95_ms,
       round(avg(latency_avg_ms), 1) AS avg_ms, round(avg(cpu_usage_node), 1) AS node_cpu_pct,
       bool_or(overloaded) AS overloaded
FROM peva_results GROUP BY ALL ORDER BY function_name, rate;`,
  },
  {
    id: 'slowest',
    label: 'Slowest configurations (p95)',
    sql: `SELECT config_id, function_name, avg(rate) AS rate, round(avg(latency_p95_ms), 1) AS p95_ms
FROM peva_results WHERE latency_p95_ms IS NOT NULL
GROUP BY ALL ORDER BY p95_ms DESC LIMIT 20;`,
  },
  {
    id: 'overloaded',
    label: 'Overloaded configurations',
    sql: `SELECT config_id, function_name, avg(rate) AS rate, count(*) FILTER (WHERE overloaded) AS overloaded_iterations,
       count(*) AS iterations, round(avg(success_rate), 4) AS success_rate
FROM peva_results GROUP BY ALL HAVING bool_or(overloaded) ORDER BY rate;`,
  },
  {
    id: 'skips',
    label: 'Skip reasons',
    sql: `SELECT skip_reason, count(*) AS executions, count(DISTINCT config_id) AS configurations
FROM execution_events WHERE skip_reason IS NOT NULL GROUP BY ALL ORDER BY executions DESC;`,
  },
  {
    id: 'runs',
    label: 'Runs in this file',
    sql: `-- lb never writes run_sessions: the runs are the run ids of execution_events
SELECT run_id, count(*) AS executions, count(skip_reason) AS skipped, count(DISTINCT config_id) AS configurations,
       to_timestamp(min(start_ts)) AS first_start, to_timestamp(max(end_ts)) AS last_end
FROM execution_events GROUP BY ALL ORDER BY first_start;`,
  },
];
