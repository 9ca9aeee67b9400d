// tRPC server setup in three parts: 1. context, 2. init, 3. procedures.
// Routers import only part 3 (`createTRPCRouter`, `publicProcedure`, `mutationProcedure`).
import 'server-only';
import { SSE_PING_MS, SSE_RECONNECT_AFTER_INACTIVITY_MS } from '@/lib/contract/event-stream';
import { initTRPC, TRPCError } from '@trpc/server';
import { getEnv } from '@/server/config/env';
import { checkRequestOrigin } from '@/server/security/origin';
import { toTRPCError } from './errors';
import { flattenIssues } from './flatten-issues';
import { serverServices, type ApiServices } from './services';

/*
 * 1. CONTEXT
 * Built per HTTP request by the route handler, or once by server code through
 * `createCallerContext` (trusted: it is this process, not a browser).
 */
export interface TRPCContext {
  /** The run manager and host providers the procedures act on. */
  services: ApiServices;
  headers: Headers;
  /** Aborted when the client goes away; procedures also get it as `opts.signal`. */
  signal: AbortSignal | undefined;
  /** 'http' requests pass the origin check for mutations; 'server' calls are in-process. */
  transport: 'http' | 'server';
  allowedOrigins: readonly string[];
}

export function createTRPCContext(opts: { headers: Headers; signal?: AbortSignal }): TRPCContext {
  return {
    services: serverServices(),
    headers: opts.headers,
    signal: opts.signal,
    transport: 'http',
    allowedOrigins: getEnv().LBWEB_ALLOWED_ORIGINS,
  };
}

export function createCallerContext(opts: { signal?: AbortSignal; services?: ApiServices } = {}): TRPCContext {
  return {
    services: opts.services ?? serverServices(),
    headers: new Headers(),
    signal: opts.signal,
    transport: 'server',
    allowedOrigins: [],
  };
}

/*
 * 2. INIT
 * Every SSE setting lives here. The server pings every 5 s; the client reconnects if
 * it hears nothing for 12 s (more than two missed pings), resuming from the last
 * `tracked` id it saw, so a half-open connection heals without losing events.
 */
const t = initTRPC.context<TRPCContext>().create({
  errorFormatter({ shape, error }) {
    return { ...shape, data: { ...shape.data, zodError: flattenIssues(error.cause) } };
  },
  sse: {
    ping: { enabled: true, intervalMs: SSE_PING_MS },
    client: { reconnectAfterInactivityMs: SSE_RECONNECT_AFTER_INACTIVITY_MS },
  },
});

export const createCallerFactory = t.createCallerFactory;
export const createTRPCRouter = t.router;
export const mergeRouters = t.mergeRouters;

/*
 * 3. PROCEDURES
 * The origin guard sits on the base procedure, so no mutation can be declared without
 * it; queries and subscriptions are GETs whose responses a foreign page cannot read.
 */
const originGuard = t.middleware(({ ctx, type, next }) => {
  if (type === 'mutation' && ctx.transport === 'http') {
    const check = checkRequestOrigin(ctx.headers, ctx.allowedOrigins);
    if (!check.ok) throw new TRPCError({ code: 'FORBIDDEN', message: check.reason });
  }
  return next();
});

// Domain errors thrown by a query or mutation become their tRPC codes (errors.ts); input
// validation errors pass through as they are.
const errorMapper = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.code === 'INTERNAL_SERVER_ERROR' && result.error.cause) {
    throw toTRPCError(result.error.cause);
  }
  return result;
});

export const publicProcedure = t.procedure.use(originGuard).use(errorMapper);

/** Same guard as publicProcedure; use it for `.mutation(...)` so the intent reads at the call site. */
export const mutationProcedure = publicProcedure;
