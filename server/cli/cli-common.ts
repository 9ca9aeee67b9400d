// Shared by the CLI commands: option parsing with usage errors (exit 2), the output and
// hosts roots (same defaults and env as the server), and the provider choice.
import 'server-only';
import { DEFAULT_TOLERANCE_PCT } from '@/lib/contract/compare';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseEnv } from '@/server/config/env';
import { DEFAULT_PROVIDER, ProviderKindSchema, type ProviderKind } from '@/lib/contract/provider-kind';
import { EXIT_USAGE, type CliContext } from './commands/types';

export class UsageError extends Error {
  readonly exitCode = EXIT_USAGE;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs in strict mode; a bad flag becomes a UsageError carrying the usage line. */
export function parseCommandArgs<O extends Options>(command: string, usage: string, args: string[], options: O) {
  try {
    return parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: true,
    });
  } catch (err) {
    throw new UsageError(`lb-web ${command}: ${(err as Error).message}\nusage: ${usage}`);
  }
}

export function parseProviderKind(command: string, value: unknown): ProviderKind {
  const r = ProviderKindSchema.safeParse(value ?? DEFAULT_PROVIDER);
  if (!r.success) throw new UsageError(`lb-web ${command}: --provider ${String(value)}: ${r.error.issues[0]?.message}`);
  return r.data;
}

/** `--tolerance PCT` of compare and report: a percentage 0–1000, 10 when absent. */
export function parseTolerance(command: string, value: unknown): number {
  const pct = value === undefined ? DEFAULT_TOLERANCE_PCT : Number(value);
  if (!Number.isFinite(pct) || pct < 0 || pct > 1000)
    throw new UsageError(`lb-web ${command}: --tolerance must be a percentage 0–1000, got ${String(value)}`);
  return pct;
}

/** Output and hosts roots from LBWEB_OUTPUT_ROOT / LBWEB_HOSTS_ROOT (server defaults), relative to cwd. */
export function cliRoots(
  ctx: Pick<CliContext, 'env' | 'cwd'>,
  output?: string,
): { outputRoot: string; hostsRoot: string } {
  const env = parseEnv(
    { LBWEB_OUTPUT_ROOT: ctx.env.LBWEB_OUTPUT_ROOT, LBWEB_HOSTS_ROOT: ctx.env.LBWEB_HOSTS_ROOT },
    ctx.cwd,
  );
  return {
    outputRoot: output ? path.resolve(ctx.cwd, output) : env.LBWEB_OUTPUT_ROOT,
    hostsRoot: env.LBWEB_HOSTS_ROOT,
  };
}

/** `[host] step: message` for progress listeners. */
export function progressLine(p: { host: string; step: string; message: string; level?: 'info' | 'error' }): string {
  return `${p.level === 'error' ? '!! ' : ''}[${p.host}] ${p.step}: ${p.message}`;
}

/** Wraps a command: a UsageError prints its message (exit 2), any other error one line (exit 1). */
export function guarded(command: string, run: (args: string[], ctx: CliContext) => Promise<number>) {
  return async (args: string[], ctx: CliContext): Promise<number> => {
    try {
      return await run(args, ctx);
    } catch (err) {
      ctx.io.err(err instanceof UsageError ? err.message : `lb-web ${command}: ${(err as Error).message}`);
      return err instanceof UsageError ? err.exitCode : 1;
    }
  };
}
