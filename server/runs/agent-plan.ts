// Where a run's agent lives on the runner host: its spec, output dir, stream file and the
// DuckDB memory path (from the config: relative to lb_workdir, never `..`), and the gateway
// and Prometheus URLs it uses (the config's, resolved against the k3s host as lb does).
import 'server-only';
import { join } from 'node:path';
import { AGENT_FILES } from '@/lib/contract/agent-files';
import type { Host } from '@/server/hosts/host';
import type { HostPair } from '@/server/hosts/provider';
import type { RunnerShare } from '@/lib/contract/runner-share';
import { parsePevaConfig } from '@/lib/contract/peva-config';
import type { Thresholds } from '@/lib/contract/thresholds';
import { LB_GATEWAY_PORT, LB_PROMETHEUS_PORT, resolveEndpointUrl, urlHostname } from '@/lib/contract/url-template';
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
    | 'workload'
    | 'repetition'
    | 'total_repetitions'
    | 'load_driver'
    | 'prometheus_empty_retry_s'
    | 'k6_stop_grace_s'
    | 'share'
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

/**
 * The agent's gateway and Prometheus URLs. lb (generator.py `_resolve_url_template`) puts the
 * k3s host's address in for `{host.address}` and for a 127.0.0.1 / localhost / 0.0.0.0 host;
 * lb takes that address from `k3s_host`, lb-web from the provisioned pair. A URL that then
 * names the k3s host at lb's NodePort (31112 / 30411, lb's defaults) is the provider's URL for
 * that endpoint (on the local provider the stack listens elsewhere on 127.0.0.1). Any other
 * URL is used as it is.
 */
export function agentUrls(
  pair: Pick<HostPair, 'gatewayUrl' | 'prometheusUrl'>,
  config: { gateway_url: string; prometheus_url: string },
  k3sAddress?: string,
): { gateway_url: string; prometheus_url: string } {
  const address = k3sAddress ?? urlHostname(pair.gatewayUrl) ?? '127.0.0.1';
  return {
    gateway_url: resolveEndpointUrl(config.gateway_url, address, LB_GATEWAY_PORT, pair.gatewayUrl),
    prometheus_url: resolveEndpointUrl(config.prometheus_url, address, LB_PROMETHEUS_PORT, pair.prometheusUrl),
  };
}

export interface AgentPlanOptions {
  /**
   * The k3s host's address (`await pair.k3s.address()`); without it, the host of the pair's
   * gateway URL, which is the same on every provider unless its URLs are overridden.
   */
  k3sAddress?: string;
  /** k6's SIGTERM → SIGKILL grace on the runner (stop-timing.ts; lb's 5 s when absent). */
  k6StopGraceS?: number;
  /** The runner this plan is for (default: the pair's), and its slice when several share the run. */
  runner?: Host;
  share?: RunnerShare;
  /** The run's pass/fail limits, for a policy that judges configurations (capacity-search). */
  thresholds?: Thresholds;
}

export function agentPlan(pair: HostPair, runId: string, rawConfig: unknown, opts: AgentPlanOptions = {}): AgentPlan {
  const parsed = parsePevaConfig(rawConfig);
  if (!parsed.ok) throw new Error(`invalid config: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  const runner = opts.runner ?? pair.runner;
  const lbWorkdir = runner.lbWorkdir;
  const outputDir = join(lbWorkdir, 'lb_web_runs', runId);
  return {
    spec: {
      run_id: runId,
      host: runner.name,
      lb_workdir: lbWorkdir,
      output_dir: outputDir,
      ...agentUrls(pair, parsed.config, opts.k3sAddress),
      gateway_auth: pair.gatewayAuth,
      config: rawConfig,
      stale_stop_before: Date.now() / 1000,
      ...(opts.k6StopGraceS !== undefined ? { k6_stop_grace_s: opts.k6StopGraceS } : {}),
      ...(opts.share && opts.share.count > 1 ? { share: opts.share } : {}),
      ...(opts.thresholds ? { thresholds: opts.thresholds } : {}),
    },
    ...agentPaths(outputDir, resolveMemoryPath(lbWorkdir, parsed.config.memory.db_path)),
  };
}
