// What the controller hands the runner agent (a JSON file on the runner host).
import 'server-only';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, normalize } from 'node:path';
import { z } from 'zod';
import { AGENT_FILES } from '@/lib/contract/agent-files';
import { RunIdSchema, WORKLOAD } from '@/lib/contract/run-tree';
import { ThresholdsSchema } from '@/lib/contract/thresholds';
import { GO_FILE, RunnerShareSchema, SOLE_RUNNER } from '@/lib/contract/runner-share';

export const AgentRunSpecSchema = z.object({
  run_id: RunIdSchema,
  host: z.string().min(1),
  workload: z.string().default(WORKLOAD),
  repetition: z.number().int().min(1).default(1),
  total_repetitions: z.number().int().min(1).default(1),
  lb_workdir: z.string().refine(isAbsolute, 'lb_workdir must be an absolute path'),
  /** Where the agent writes events.stream, status.json and peva_faas/. */
  output_dir: z.string().refine(isAbsolute, 'output_dir must be an absolute path'),
  gateway_url: z.url(),
  prometheus_url: z.url(),
  /** Full Authorization header value for a basic-auth gateway. */
  gateway_auth: z.string().optional(),
  /** The raw PEVA-FAAS config (bare or lb's plugin_settings shape); validated by the agent. */
  config: z.unknown(),
  load_driver: z.enum(['auto', 'k6', 'builtin']).default('auto'),
  k6_path: z.string().nullish(),
  /**
   * A STOP file older than this (epoch s) is stale and removed at start; a newer one is a
   * stop the controller wrote while the agent was starting, and is honoured.
   */
  stale_stop_before: z.number().optional(),
  /** SIGTERM → SIGKILL grace for k6 on stop (lb: 5 s; LBWEB_K6_STOP_GRACE_S on the controller). */
  k6_stop_grace_s: z.number().positive().max(3600).default(5),
  /**
   * This runner's slice of the load when several runners share a run (runner-share.ts):
   * index 0 leads (it selects, decides and numbers the steps), the others follow go.json.
   */
  share: RunnerShareSchema.default(SOLE_RUNNER),
  /** The run's pass/fail limits (lib/contract/thresholds.ts): the capacity-search policy judges by them. */
  thresholds: ThresholdsSchema.optional(),
  /** lb retries empty Prometheus results for 120 s; tests may shorten it. */
  prometheus_empty_retry_s: z.number().positive().default(120),
});
export type AgentRunSpec = z.infer<typeof AgentRunSpecSchema>;

export async function readRunSpec(path: string): Promise<AgentRunSpec> {
  const text = await readFile(path, 'utf8');
  const parsed = AgentRunSpecSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`invalid run spec ${path}: ${detail}`);
  }
  return parsed.data;
}

/** The DuckDB path of the config: absolute, or relative to lb_workdir; never with `..`. */
export function resolveMemoryPath(lbWorkdir: string, dbPath: string): string {
  if (dbPath.split(/[\\/]/).includes('..')) throw new Error(`memory.db_path must not contain "..": ${dbPath}`);
  return isAbsolute(dbPath) ? normalize(dbPath) : join(lbWorkdir, dbPath);
}

export const agentFiles = (outputDir: string) => ({
  stream: join(outputDir, AGENT_FILES.stream),
  status: join(outputDir, AGENT_FILES.status),
  /** Written by the supervisor once the agent runs: { supervisor_pid, agent_pid, started_at }. */
  pids: join(outputDir, AGENT_FILES.pids),
  /** Written by the controller when several runners share the run (runner-share.ts GoSignal). */
  go: join(outputDir, GO_FILE),
  /** Written by the supervisor when the agent exits: { code, signal, ended_at }. */
  exit: join(outputDir, AGENT_FILES.exit),
  stdout: join(outputDir, AGENT_FILES.stdout),
  stderr: join(outputDir, AGENT_FILES.stderr),
  peva: join(outputDir, WORKLOAD),
  workspace: join(outputDir, 'k6_workspace'),
});
