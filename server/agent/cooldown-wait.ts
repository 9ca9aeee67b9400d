// Cooldown before each iteration: wait until node CPU/RAM are back near the baseline and
// every function has < 2 replicas, or until max_wait_seconds (FORMATS.md §6).
import 'server-only';
import { cooldownDecision } from '@/server/peva/cooldown';
import type { PevaConfig } from '@/lib/contract/peva-config';
import type { PrometheusClient } from '@/server/peva/prometheus-client';
import { renderQuery, PEVA_QUERIES } from '@/server/peva/peva-queries';
import { replicasByFunction } from './gateway-client';
import { sleep } from '@/server/process/sleep';

export interface Baseline {
  cpu_usage_node: number;
  ram_usage_node: number;
  ram_usage_node_pct: number;
  power_usage_node: number;
}

export interface CooldownResult {
  reason: 'idle' | 'timeout' | 'waiting' | 'stopped';
  waitedS: number;
  detail: string;
}

export async function waitForCooldown(args: {
  prom: PrometheusClient;
  gatewayUrl: string;
  auth?: string;
  functions: string[];
  baseline: Baseline;
  cooldown: PevaConfig['cooldown'];
  signal: AbortSignal;
  onWait?: (detail: string) => void;
}): Promise<CooldownResult> {
  const { cooldown, signal } = args;
  const started = Date.now();
  // A short window keeps the idle check about "now", not about the load that just ended.
  const span = `${Math.max(2, Math.min(10, cooldown.sleep_step_seconds))}s`;
  for (;;) {
    if (signal.aborted) return { reason: 'stopped', waitedS: (Date.now() - started) / 1000, detail: 'stop requested' };
    const [cpu, ramPct, replicas] = await Promise.all([
      args.prom.instant(renderQuery(PEVA_QUERIES.cpu_usage_node, { time_span: span })).catch(() => Number.NaN),
      args.prom.instant(renderQuery(PEVA_QUERIES.ram_usage_node_pct, { time_span: span })).catch(() => Number.NaN),
      replicasByFunction(args.gatewayUrl, args.functions, args.auth, signal).catch(
        () => ({}) as Record<string, number>,
      ),
    ]);
    const elapsedS = (Date.now() - started) / 1000;
    const decision = cooldownDecision({
      baseline: { cpu: args.baseline.cpu_usage_node, ramPct: args.baseline.ram_usage_node_pct },
      current: { cpu, ramPct },
      replicas,
      idleThresholdPct: cooldown.idle_threshold_pct,
      elapsedS,
      maxWaitS: cooldown.max_wait_seconds,
    });
    if (decision.done) return { reason: decision.reason, waitedS: elapsedS, detail: decision.detail };
    args.onWait?.(decision.detail);
    await sleep(cooldown.sleep_step_seconds * 1000, signal);
  }
}
