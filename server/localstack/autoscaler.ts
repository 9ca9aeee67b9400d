// OpenFaaS-style autoscaling as a pure decision: the desired replica count is the load
// divided by a per-replica target (OpenFaaS Pro's `com.openfaas.scale.target`), applied
// only once it has held for a while, so a burst does not flap the replica count.
import 'server-only';
import { z } from 'zod';

export const autoscaleSchema = z.object({
  minReplicas: z.number().int().min(1).default(1),
  maxReplicas: z.number().int().min(1).max(50).default(5),
  /** `rps`: requests started per second; `inflight`: requests being served. */
  metric: z.enum(['rps', 'inflight']).default('rps'),
  targetPerReplica: z.number().positive().default(20),
  /**
   * Load may exceed whole replicas' worth by this fraction of a target before another
   * replica is wanted (like the HPA's 10 % tolerance): a steady 20 req/s measured as
   * 20.5 must not make a second replica for a target of 20.
   */
  tolerance: z.number().min(0).max(0.9).default(0.1),
  /** The load must ask for more replicas this long before we scale up. */
  scaleUpAfterMs: z.number().int().min(0).default(3000),
  /** ...and for fewer this long before we scale down (OpenFaaS: ~10–15 s idle). */
  scaleDownAfterMs: z.number().int().min(0).default(12_000),
  /** How often load is observed and replicas reconciled. */
  tickMs: z.number().int().min(20).default(500),
  /** Window over which requests per second are measured. */
  rpsWindowMs: z.number().int().min(100).default(2000),
});
export type AutoscaleConfig = z.output<typeof autoscaleSchema>;
export type AutoscaleInput = z.input<typeof autoscaleSchema>;

export interface LoadObservation {
  now: number;
  rps: number;
  inflight: number;
}

export interface ScaleState {
  replicas: number;
  /** Since when the load has asked for more (resp. fewer) replicas; null when it does not. */
  upSince: number | null;
  downSince: number | null;
}

export function initialScaleState(cfg: AutoscaleConfig): ScaleState {
  return { replicas: cfg.minReplicas, upSince: null, downSince: null };
}

export function desiredReplicas(cfg: AutoscaleConfig, obs: LoadObservation): number {
  const load = cfg.metric === 'rps' ? obs.rps : obs.inflight;
  const wanted = Number.isFinite(load) && load > 0 ? Math.ceil(load / cfg.targetPerReplica - cfg.tolerance) : 0;
  const max = Math.max(cfg.minReplicas, cfg.maxReplicas);
  return Math.min(max, Math.max(cfg.minReplicas, wanted));
}

export function decideScale(cfg: AutoscaleConfig, state: ScaleState, obs: LoadObservation): ScaleState {
  const desired = desiredReplicas(cfg, obs);
  if (desired > state.replicas) {
    const upSince = state.upSince ?? obs.now;
    if (obs.now - upSince >= cfg.scaleUpAfterMs) return { replicas: desired, upSince: null, downSince: null };
    return { replicas: state.replicas, upSince, downSince: null };
  }
  if (desired < state.replicas) {
    const downSince = state.downSince ?? obs.now;
    if (obs.now - downSince >= cfg.scaleDownAfterMs) return { replicas: desired, upSince: null, downSince: null };
    return { replicas: state.replicas, upSince: null, downSince };
  }
  return { replicas: state.replicas, upSince: null, downSince: null };
}

/** Requests per second over a sliding window, from a monotonically growing count. */
export class RateMeter {
  private readonly samples: Array<{ t: number; count: number }> = [];

  constructor(private readonly windowMs: number) {}

  observe(now: number, count: number): number {
    this.samples.push({ t: now, count });
    // Keep one sample at least a full window old, so the rate spans the whole window.
    while (this.samples.length > 2 && now - this.samples[1]!.t >= this.windowMs) this.samples.shift();
    const first = this.samples[0]!;
    return now > first.t ? ((count - first.count) * 1000) / (now - first.t) : 0;
  }
}
