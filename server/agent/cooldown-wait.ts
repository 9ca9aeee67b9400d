// Cooldown before each iteration on the runner: lb's loop (server/peva/cooldown.ts) over
// Prometheus (the node snapshot lb takes: instant queries over the run's duration) and the
// gateway's replica counts of every function of the run.
import 'server-only';
import type { PevaConfig } from '@/lib/contract/peva-config';
import { waitForIdle, type CooldownOutcome, type IdleSnapshot } from '@/server/peva/cooldown';
import { nodeSnapshot } from '@/server/peva/peva-queries';
import type { PrometheusClient } from '@/server/peva/prometheus-client';
import { sleep } from '@/server/process/sleep';
import { replicasByFunction } from './gateway-client';

export type { CooldownOutcome, IdleSnapshot };

export async function waitForCooldown(args: {
  prom: PrometheusClient;
  gatewayUrl: string;
  auth?: string;
  /** Every function of the run (lb checks them all, not only the configuration's). */
  functions: string[];
  baseline: IdleSnapshot;
  cooldown: PevaConfig['cooldown'];
  /** The run's duration: the window of lb's node queries. */
  timeSpan: string;
  withPower: boolean;
  signal: AbortSignal;
  onWait?: (detail: string) => void;
}): Promise<CooldownOutcome> {
  const { signal } = args;
  return waitForIdle({
    baseline: args.baseline,
    thresholdPct: args.cooldown.idle_threshold_pct,
    sleepStepSeconds: args.cooldown.sleep_step_seconds,
    maxWaitSeconds: args.cooldown.max_wait_seconds,
    poll: async () => {
      const [snapshot, replicas] = await Promise.all([
        // A query that fails reads as NaN, which lb's rule counts as idle.
        nodeSnapshot(args.prom, { timeSpan: args.timeSpan, withPower: args.withPower, signal, lenient: true }),
        replicasByFunction(args.gatewayUrl, args.functions, args.auth, signal).catch(
          () => ({}) as Record<string, number>,
        ),
      ]);
      return { snapshot, replicas };
    },
    sleep: async (seconds) => {
      await sleep(seconds * 1000, signal);
      return !signal.aborted;
    },
    onWait: args.onWait,
  });
}
