// Where a run's agent lives on the runner host: its spec, output dir, stream file and the
// DuckDB memory path (from the config: absolute, or relative to lb_workdir, never `..`).
import 'server-only';
import { join } from 'node:path';
import { AGENT_FILES } from '@/lib/contract/agent-files';
import type { HostPair } from '@/server/hosts/provider';
import { parsePevaConfig } from '@/lib/contract/peva-config';
import { resolveMemoryPath, type AgentRunSpec } from '@/server/agent/run-spec';

/** Where the agent's files are on the runner: enough to follow, stop and collect it. */
export interface AgentPaths {
  specPath: string;
  outputDir: string;
  streamPath: string;
  memoryPath: string;
}

export interface AgentPlan extends AgentPaths {
  spec: Omit<
    AgentRunSpec,
    'workload' | 'repetition' | 'total_repetitions' | 'load_driver' | 'prometheus_empty_retry_s'
  > &
    Partial<AgentRunSpec>;
}

export function agentPaths(outputDir: string, memoryPath: string): AgentPaths {
  return {
    specPath: join(outputDir, AGENT_FILES.spec),
    outputDir,
    streamPath: join(outputDir, AGENT_FILES.stream),
    memoryPath,
  };
}

export function agentPlan(pair: HostPair, runId: string, rawConfig: unknown): AgentPlan {
  const parsed = parsePevaConfig(rawConfig);
  if (!parsed.ok) throw new Error(`invalid config: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  const lbWorkdir = pair.runner.lbWorkdir;
  const outputDir = join(lbWorkdir, 'lb_web_runs', runId);
  return {
    spec: {
      run_id: runId,
      host: pair.runner.name,
      lb_workdir: lbWorkdir,
      output_dir: outputDir,
      gateway_url: parsed.config.gateway_url ?? pair.gatewayUrl,
      prometheus_url: parsed.config.prometheus_url ?? pair.prometheusUrl,
      gateway_auth: pair.gatewayAuth,
      config: rawConfig,
      stale_stop_before: Date.now() / 1000,
    },
    ...agentPaths(outputDir, resolveMemoryPath(lbWorkdir, parsed.config.memory.db_path)),
  };
}
