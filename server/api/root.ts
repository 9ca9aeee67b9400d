// The one router the app serves. Add a resource: create `routers/<name>.ts` exporting
// `<name>Router` (built with createTRPCRouter/publicProcedure from '../trpc') and add
// one line below.
import 'server-only';
import { createCallerFactory, createTRPCRouter } from '@/server/api/trpc';
import { compareRouter } from '@/server/api/routers/compare';
import { doctorRouter } from '@/server/api/routers/doctor';
import { healthRouter } from '@/server/api/routers/health';
import { hostsRouter } from '@/server/api/routers/hosts';
import { runsRouter } from '@/server/api/routers/runs';

export const appRouter = createTRPCRouter({
  compare: compareRouter,
  doctor: doctorRouter,
  health: healthRouter,
  hosts: hostsRouter,
  runs: runsRouter,
});

export type AppRouter = typeof appRouter;

/**
 * Server-side calls without HTTP (RSC, CLI, tests):
 * `const api = createCaller(createCallerContext()); await api.health.ping();`
 */
export const createCaller = createCallerFactory(appRouter);
