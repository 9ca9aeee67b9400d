// What the New-run form says about a valid config's plan: the configurations it enumerates and
// lb's runtime estimate for them (lib/contract/rate-plan.ts, the code the agent logs it with).
import { parseDurationSeconds, type PevaConfig } from '@/lib/contract/peva-config';
import { countConfigs, estimateRuntimeSeconds } from '@/lib/contract/rate-plan';

export interface PlanSummary {
  configurations: number;
  iterations: number;
  /** lb's whole seconds ("500ms" counts 1). */
  durationSeconds: number;
  /** lb's `estimate_runtime_seconds`. */
  estimateSeconds: number;
}

export function planSummary(config: PevaConfig): PlanSummary {
  const configurations = countConfigs(config);
  return {
    configurations,
    iterations: config.iterations,
    durationSeconds: parseDurationSeconds(config.duration),
    estimateSeconds: estimateRuntimeSeconds(config, configurations),
  };
}
