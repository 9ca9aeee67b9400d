// Several runners for one run: how a configuration's rates are split between them, and the
// files the controller and the agents coordinate through. Browser-safe (the run page reads the
// share of a runner's events too).
import { z } from 'zod';

/** Which slice of the load a runner generates: runner `index` of `count` (index 0 leads). */
export const RunnerShareSchema = z
  .object({
    index: z.number().int().min(0),
    count: z.number().int().min(1).max(16),
  })
  .refine((s) => s.index < s.count, { message: 'index must be below count' });
export type RunnerShare = z.infer<typeof RunnerShareSchema>;

export const SOLE_RUNNER: RunnerShare = { index: 0, count: 1 };

/**
 * Runner `index`'s part of `rate` req/s: floor(r·(i+1)/N) − floor(r·i/N). The parts are
 * integers when r is, sum to r exactly, and differ by at most 1; a runner whose part is 0 sends
 * no request of that function. A fractional rate is split evenly.
 */
export function shareOfRate(rate: number, share: RunnerShare): number {
  const { index: i, count: n } = share;
  if (n === 1) return rate;
  if (!Number.isInteger(rate)) return rate / n;
  return Math.floor((rate * (i + 1)) / n) - Math.floor((rate * i) / n);
}

/**
 * The controller's word to every runner of a coordinated run (`go.json` in the agent's output
 * dir): run step `step` (configuration `config_id`, iteration `iteration`) now, or end.
 * Steps are numbered by the leading runner, 1, 2, 3… in the order it runs them.
 */
export const GoSignalSchema = z.union([
  z.object({
    step: z.number().int().min(1),
    config_id: z.string().min(1),
    iteration: z.number().int().min(1),
  }),
  z.object({ done: z.literal(true), reason: z.string() }),
]);
export type GoSignal = z.infer<typeof GoSignalSchema>;

export const GO_FILE = 'go.json';

/** Event phases of a coordinated run (beside lb's). */
export const SHARE_PHASES = {
  /** The lead is about to load step `data.barrier.step` and waits for go.json. */
  barrier: 'barrier',
  /** A follower finished everything up to `data.ready.after_step` and waits for the next step. */
  ready: 'ready',
  /** One runner's result of one step: its share only; the controller merges them into `result`. */
  shareResult: 'share_result',
} as const;
