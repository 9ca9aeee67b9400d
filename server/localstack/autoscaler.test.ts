import { describe, expect, it } from 'vitest';
import {
  RateMeter,
  autoscaleSchema,
  decideScale,
  desiredReplicas,
  initialScaleState,
  type ScaleState,
} from './autoscaler';

const cfg = autoscaleSchema.parse({
  maxReplicas: 5,
  targetPerReplica: 10,
  scaleUpAfterMs: 1000,
  scaleDownAfterMs: 3000,
});

function run(observations: Array<[now: number, rps: number]>, state: ScaleState = initialScaleState(cfg)): number[] {
  return observations.map(([now, rps]) => (state = decideScale(cfg, state, { now, rps, inflight: 0 })).replicas);
}

describe('desiredReplicas', () => {
  it('is the load over the per-replica target, clamped to min..max', () => {
    const at = (rps: number) => desiredReplicas(cfg, { now: 0, rps, inflight: 0 });
    expect([0, 5, 10, 12, 35, 1000, NaN].map(at)).toEqual([1, 1, 1, 2, 4, 5, 1]);
  });

  it('tolerates a measured rate slightly above a whole number of targets', () => {
    const at = (rps: number) => desiredReplicas(cfg, { now: 0, rps, inflight: 0 });
    expect([10.5, 11, 11.1, 20.9, 21.2].map(at)).toEqual([1, 1, 2, 2, 3]);
  });

  it('can follow in-flight requests instead of the request rate', () => {
    const inflightCfg = autoscaleSchema.parse({ metric: 'inflight', targetPerReplica: 2 });
    expect(desiredReplicas(inflightCfg, { now: 0, rps: 1000, inflight: 5 })).toBe(3);
  });
});

describe('decideScale', () => {
  it('scales up only after the load has held for scaleUpAfterMs', () => {
    expect(
      run([
        [0, 30],
        [500, 30],
        [999, 30],
        [1000, 30],
      ]),
    ).toEqual([1, 1, 1, 3]);
  });

  it('forgets a burst that ends before the delay', () => {
    expect(
      run([
        [0, 30],
        [500, 0],
        [1200, 30],
        [2000, 30],
        [2200, 30],
      ]),
    ).toEqual([1, 1, 1, 1, 3]);
  });

  it('scales down to the desired count after scaleDownAfterMs of lower load', () => {
    const up = { replicas: 4, upSince: null, downSince: null };
    expect(
      run(
        [
          [0, 0],
          [2999, 0],
          [3000, 0],
        ],
        up,
      ),
    ).toEqual([4, 4, 1]);
    expect(
      run(
        [
          [0, 15],
          [1000, 15],
          [3000, 15],
        ],
        up,
      ),
    ).toEqual([4, 4, 2]);
  });

  it('never exceeds maxReplicas', () => {
    expect(
      run([
        [0, 500],
        [1000, 500],
      ]),
    ).toEqual([1, 5]);
  });
});

describe('RateMeter', () => {
  it('measures requests per second over its window', () => {
    const m = new RateMeter(1000);
    expect(m.observe(0, 0)).toBe(0);
    expect(m.observe(500, 30)).toBe(60);
    expect(m.observe(1000, 60)).toBe(60);
    expect(m.observe(1500, 60)).toBe(30); // window now spans 500..1500
    expect(m.observe(2600, 60)).toBe(0);
  });
});
