// The local stack as a program, started by the local host provider as an owned process:
//   node --import tsx server/localstack/main.ts --dir <hostDir> [--functions figlet,env,cpu-burn]
//        [--auth-user admin --auth-password-file <file>] [--gateway-port N] [--max-replicas N]
// Writes <hostDir>/stack.json once everything is ready; on SIGTERM/SIGINT stops every
// child, removes stack.json and exits 0.
import 'server-only';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { killAllOwnedSync } from '@/server/process/owned-process';
import { startLocalStack, type LocalStack } from './local-stack';
import { removeStackFile, writeStackFile } from './stack-file';

const argsSchema = z
  .object({
    dir: z.string().min(1, '--dir <hostDir> is required'),
    functions: z.string().optional(),
    'auth-user': z.string().min(1).optional(),
    'auth-password-file': z.string().min(1).optional(),
    'gateway-port': z.coerce.number().int().min(1).max(65535).optional(),
    'max-replicas': z.coerce.number().int().min(1).max(50).optional(),
  })
  .refine((a) => Boolean(a['auth-user']) === Boolean(a['auth-password-file']), {
    message: '--auth-user and --auth-password-file go together',
  });

function log(line: string): void {
  process.stdout.write(`${new Date().toISOString()} localstack: ${line}\n`);
}

function parseCli() {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string' },
      functions: { type: 'string' },
      'auth-user': { type: 'string' },
      'auth-password-file': { type: 'string' },
      'gateway-port': { type: 'string' },
      'max-replicas': { type: 'string' },
    },
  });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success)
    throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('; '));
  return parsed.data;
}

async function main(): Promise<number> {
  const args = parseCli();
  const userFile = args['auth-password-file'];
  // A trailing newline in the secret file is not part of the password (as with faas-cli).
  const basicAuth =
    args['auth-user'] && userFile
      ? { user: args['auth-user'], password: readFileSync(userFile, 'utf8').replace(/\r?\n$/, '') }
      : undefined;
  const abort = new AbortController();
  let stack: LocalStack | undefined;
  let stopped: (() => void) | undefined;
  const stoppedBySignal = new Promise<void>((resolve) => (stopped = resolve));
  let signalled = false;
  // Handlers stay installed: a second signal must not kill us with the default action
  // (that would skip cleanup and orphan Prometheus and the replicas).
  const onSignal = (sig: NodeJS.Signals) => {
    if (signalled) return void log(`${sig}: already stopping`);
    signalled = true;
    log(`${sig}: stopping`);
    abort.abort();
    void (stack ? stack.stop() : Promise.resolve()).finally(() => stopped?.());
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  process.once('exit', killAllOwnedSync);

  removeStackFile(args.dir); // a stale file must never point at a stack that is not up
  try {
    stack = await startLocalStack({
      dir: args.dir,
      functions: args.functions
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      basicAuth,
      gatewayPort: args['gateway-port'],
      autoscale: args['max-replicas'] ? { maxReplicas: args['max-replicas'] } : undefined,
      signal: abort.signal,
      log,
    });
  } catch (err) {
    if (abort.signal.aborted) return 0; // stopped during start-up: start-up already undid itself
    throw err;
  }
  writeStackFile(args.dir, {
    gatewayUrl: stack.gatewayUrl,
    prometheusUrl: stack.prometheusUrl,
    nodeExporterUrl: stack.nodeExporterUrl,
    functions: stack.functionNames,
    pid: process.pid,
    startedAt: new Date().toISOString(),
  });
  log(`ready: gateway ${stack.gatewayUrl}, prometheus ${stack.prometheusUrl}, node-exporter ${stack.nodeExporterUrl}`);
  await stoppedBySignal;
  removeStackFile(args.dir);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`localstack: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
