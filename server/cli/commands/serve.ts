// `lb-web serve`: validate the environment, build once if needed, then run the production
// server (server/http/main.ts: Next behind our own node:http server) as an owned child so
// Ctrl-C (or SIGTERM) takes the server down with us.
import 'server-only';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EnvError, parseEnv, type Env } from '@/server/config/env';
import { httpServerArgv } from '@/server/http/server-command';
import {
  installShutdownHandlers,
  spawnOwned,
  type OwnedProcess,
  type SpawnOwnedOptions,
} from '@/server/process/owned-process';

const SERVER_STOP_GRACE_MS = 30_000;
import { EXIT_USAGE, type CliCommand, type CliContext } from './types';

const usage = 'lb-web serve [-H|--host <addr>] [-p|--port <n>]   (env: LBWEB_HOST, LBWEB_PORT, LBWEB_TOKEN, …)';

export interface ServePlan {
  env: Env;
  nextBin: string;
  needsBuild: boolean;
  /** Environment for the Next process: roots made absolute so they do not depend on its cwd. */
  childEnv: Record<string, string | undefined>;
  url: string;
}

export type ServePlanResult = { ok: true; plan: ServePlan } | { ok: false; message: string; exitCode: number };

function resolveNextBin(repoRoot: string): string | null {
  try {
    const pkg = createRequire(path.join(repoRoot, 'package.json')).resolve('next/package.json');
    const bin = path.join(path.dirname(pkg), 'dist', 'bin', 'next');
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

/** Everything `serve` decides before starting anything (pure enough to test). */
export function planServe(args: string[], ctx: Pick<CliContext, 'env' | 'cwd' | 'repoRoot'>): ServePlanResult {
  let values: { host?: string; port?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        host: { type: 'string', short: 'H' },
        port: { type: 'string', short: 'p' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    return { ok: false, message: `lb-web serve: ${(err as Error).message}\nusage: ${usage}`, exitCode: EXIT_USAGE };
  }
  if (values.help) return { ok: false, message: `usage: ${usage}`, exitCode: 0 };

  let env: Env;
  try {
    env = parseEnv(
      { ...ctx.env, LBWEB_HOST: values.host ?? ctx.env.LBWEB_HOST, LBWEB_PORT: values.port ?? ctx.env.LBWEB_PORT },
      ctx.cwd,
    );
  } catch (err) {
    if (!(err instanceof EnvError)) throw err;
    return { ok: false, message: `lb-web serve: refusing to start.\n${err.message}`, exitCode: EXIT_USAGE };
  }
  const nextBin = resolveNextBin(ctx.repoRoot);
  if (!nextBin) {
    const message = `lb-web serve: Next.js is not installed in ${ctx.repoRoot}; run \`npm install\` there first.`;
    return { ok: false, message, exitCode: 1 };
  }

  const hostForUrl =
    env.LBWEB_HOST.includes(':') && !env.LBWEB_HOST.startsWith('[') ? `[${env.LBWEB_HOST}]` : env.LBWEB_HOST;
  return {
    ok: true,
    plan: {
      env,
      nextBin,
      needsBuild: !existsSync(path.join(ctx.repoRoot, '.next', 'BUILD_ID')),
      childEnv: {
        ...ctx.env,
        LBWEB_OUTPUT_ROOT: env.LBWEB_OUTPUT_ROOT,
        LBWEB_HOSTS_ROOT: env.LBWEB_HOSTS_ROOT,
        LBWEB_HOST: env.LBWEB_HOST,
        LBWEB_PORT: String(env.LBWEB_PORT),
        // Our instrumentation handles SIGTERM/SIGINT (stop runs, end children, then exit);
        // Next's own handler would exit at once and leave that undone.
        NEXT_MANUAL_SIG_HANDLE: 'true',
      },
      url: `http://${hostForUrl}:${env.LBWEB_PORT}/`,
    },
  };
}

async function runServe(args: string[], ctx: CliContext): Promise<number> {
  const planned = planServe(args, ctx);
  if (!planned.ok) {
    ctx.io.err(planned.message);
    return planned.exitCode;
  }
  const { plan } = planned;
  let server: OwnedProcess | undefined;
  // The server stops its runs cleanly on SIGTERM (each ends `aborted`, DuckDB collected)
  // before ending its agents and local stack: give it time, or they would be orphaned.
  let stopping = false;
  installShutdownHandlers(async () => {
    stopping = true;
    ctx.io.err('lb-web serve: stopping (active runs end `aborted` with their data collected)…');
    await server?.stop(SERVER_STOP_GRACE_MS);
    ctx.io.err('lb-web serve: stopped.');
  });
  // stdin ignored: the child leads its own process group and must never read the TTY.
  const stdio: SpawnOwnedOptions['stdio'] = ['ignore', 'inherit', 'inherit'];
  const common = { cwd: ctx.repoRoot, env: plan.childEnv, stdio };

  if (plan.needsBuild) {
    ctx.io.err('lb-web serve: no production build (.next/BUILD_ID is missing) — running `next build` first…');
    const build = spawnOwned([process.execPath, plan.nextBin, 'build'], { ...common, name: 'next build' });
    const built = await build.exited;
    if (built.code !== 0) {
      ctx.io.err(
        `lb-web serve: \`next build\` failed (exit ${built.code ?? built.signal}); fix the errors above and retry.`,
      );
      return 1;
    }
  }

  server = spawnOwned(httpServerArgv(ctx.repoRoot, plan.env.LBWEB_HOST, plan.env.LBWEB_PORT), {
    ...common,
    env: { ...common.env, NODE_ENV: 'production' },
    name: 'lb-web server',
  });
  const auth = plan.env.LBWEB_TOKEN ? ` — token required: open ${plan.url}?token=<LBWEB_TOKEN> once` : '';
  ctx.io.err(`lb-web serve: starting on ${plan.url} (runs in ${plan.env.LBWEB_OUTPUT_ROOT})${auth}. Ctrl-C stops it.`);
  const exit = await server.exited;
  if (exit.code !== 0 && !stopping) ctx.io.err(`lb-web serve: the server exited (${exit.code ?? exit.signal}).`);
  return exit.code ?? 1;
}

export const serveCli: CliCommand = {
  name: 'serve',
  summary: 'Run the dashboard, building it first if needed',
  usage,
  run: runServe,
};
