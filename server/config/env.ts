// Server environment, validated once with zod. A bad value fails at startup with the
// variable's name, its value and the fix — never later, half-started, on a request.
import 'server-only';
import path from 'node:path';
import { z } from 'zod';
import { isLoopbackHost } from './loopback';

export { isLoopbackHost } from './loopback';

// Shells and .env files often leave `VAR=` set to ''; that means "not set", not "empty".
const optionalText = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z.string().optional(),
);

const originList = optionalText.transform((raw, ctx) => {
  if (raw === undefined) return [] as string[];
  const origins: string[] = [];
  for (const item of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    let url: URL | undefined;
    try {
      url = new URL(item);
    } catch {
      /* reported below */
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      ctx.addIssue({ code: 'custom', message: `"${item}" is not an origin like http://host:port` });
      return z.NEVER;
    }
    origins.push(url.origin);
  }
  return origins;
});

function buildSchema(cwd: string) {
  return z
    .object({
      LBWEB_OUTPUT_ROOT: optionalText.transform((v) => path.resolve(cwd, v ?? 'data/runs')),
      LBWEB_HOSTS_ROOT: optionalText.transform((v) => path.resolve(cwd, v ?? 'data/hosts')),
      LBWEB_HOST: optionalText.transform((v) => v ?? '127.0.0.1'),
      LBWEB_PORT: optionalText
        .transform((v) => (v === undefined ? 3000 : Number(v)))
        .pipe(z.number({ error: 'must be a number' }).int('must be an integer').min(1).max(65535)),
      LBWEB_TOKEN: optionalText.pipe(
        z.string().min(8, 'must be at least 8 characters (use e.g. `openssl rand -hex 16`)').optional(),
      ),
      LBWEB_ALLOWED_ORIGINS: originList,
      // The explorer's multi-threaded duckdb-wasm build needs a cross-origin-isolated page
      // (COOP/COEP on /explore and its worker scripts). Off by default: see docs/BENCHMARKS.md.
      LBWEB_EXPLORER_THREADS: optionalText
        .pipe(z.enum(['0', '1'], { error: 'must be 0 or 1' }).optional())
        .transform((v) => v === '1'),
      // A custom PEVA policy (`algorithm_entrypoint: policies.<name>:<Class>`) runs code from the
      // runner's workdir: the API accepts one only when the server was started with this at 1.
      LBWEB_ALLOW_CUSTOM_POLICIES: optionalText
        .pipe(z.enum(['0', '1'], { error: 'must be 0 or 1' }).optional())
        .transform((v) => v === '1'),
    })
    .superRefine((env, ctx) => {
      if (!isLoopbackHost(env.LBWEB_HOST) && !env.LBWEB_TOKEN) {
        ctx.addIssue({
          code: 'custom',
          path: ['LBWEB_TOKEN'],
          message:
            `is required because LBWEB_HOST=${env.LBWEB_HOST} is not a loopback address; ` +
            'set LBWEB_TOKEN=<secret> or bind to 127.0.0.1',
        });
      }
    });
}

export type Env = z.output<ReturnType<typeof buildSchema>>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid lb-web environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

/** Validates `source` (default process.env); relative roots resolve against `cwd`. Throws EnvError. */
export function parseEnv(source: Record<string, string | undefined> = process.env, cwd = process.cwd()): Env {
  const result = buildSchema(cwd).safeParse(source);
  if (result.success) return result.data;
  throw new EnvError(
    result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const value = source[name];
      const shown = name === 'LBWEB_TOKEN' || value === undefined ? '' : ` (got "${value}")`;
      return `${name}${shown}: ${issue.message}`;
    }),
  );
}

let cached: Env | undefined;

/** The process environment, validated on first use and cached for the process lifetime. */
export function getEnv(): Env {
  cached ??= parseEnv();
  return cached;
}
