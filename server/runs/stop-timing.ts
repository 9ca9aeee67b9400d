// How long a stop may take, lb's values by default (lb_controller/engine/stops.py waits 30 s
// for runners to confirm; services/k6_runner.py gives k6 5 s between SIGTERM and SIGKILL),
// adjustable for slow hosts through the environment. A bad value is an error naming the variable.
import 'server-only';
import { z } from 'zod';

export const LB_STOP_CONFIRM_TIMEOUT_S = 30;
export const LB_K6_STOP_GRACE_S = 5;

const seconds = (name: string, fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return fallback;
      const n = Number(v);
      if (!Number.isFinite(n) || n <= 0 || n > 3600) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a number of seconds in (0, 3600] (got "${v}")` });
        return z.NEVER;
      }
      return n;
    });

const StopTimingEnv = z.object({
  LBWEB_STOP_CONFIRM_TIMEOUT_S: seconds('LBWEB_STOP_CONFIRM_TIMEOUT_S', LB_STOP_CONFIRM_TIMEOUT_S),
  LBWEB_K6_STOP_GRACE_S: seconds('LBWEB_K6_STOP_GRACE_S', LB_K6_STOP_GRACE_S),
});

export interface StopTiming {
  /** How long the controller waits for the agent to confirm a stop before killing it. */
  confirmTimeoutMs: number;
  /** SIGTERM → SIGKILL grace the agent gives k6 (sent to the runner in the run spec). */
  k6GraceS: number;
}

export function stopTimingFromEnv(env: Record<string, string | undefined> = process.env): StopTiming {
  const r = StopTimingEnv.safeParse(env);
  if (!r.success) throw new Error(r.error.issues.map((i) => i.message).join('; '));
  return {
    confirmTimeoutMs: r.data.LBWEB_STOP_CONFIRM_TIMEOUT_S * 1000,
    k6GraceS: r.data.LBWEB_K6_STOP_GRACE_S,
  };
}
