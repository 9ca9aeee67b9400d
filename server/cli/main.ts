// `lb-web <command> [args]`: parse the command word, dispatch to commands/<name>.ts.
// Adding a command = one module in commands/ + one entry in COMMANDS.
import 'server-only';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { doctorCli } from './commands/doctor';
import { hostsCli } from './commands/hosts';
import { runCli } from './commands/run';
import { serveCli } from './commands/serve';
import { stopCli } from './commands/stop';
import { statusCli } from './commands/status';
import { compareCli } from './commands/compare';
import { reportCli } from './commands/report';
import { EXIT_USAGE, type CliCommand, type CliContext, type CliIo } from './commands/types';

export const COMMANDS: readonly CliCommand[] = [
  serveCli,
  runCli,
  stopCli,
  statusCli,
  compareCli,
  reportCli,
  hostsCli,
  doctorCli,
];

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function usageText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: lb-web <command> [options]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'lb-web <command> --help shows the options of a command; lb-web --version prints the version.',
  ].join('\n');
}

export type ParsedCommandLine =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'command'; command: CliCommand; args: string[] }
  | { kind: 'error'; message: string };

export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  const [first, ...rest] = argv;
  if (first === undefined) return { kind: 'error', message: 'lb-web: no command given' };
  if (first === '-h' || first === '--help' || first === 'help') return { kind: 'help' };
  if (first === '-v' || first === '--version') return { kind: 'version' };
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) return { kind: 'error', message: `lb-web: unknown command "${first}"` };
  return { kind: 'command', command, args: rest };
}

const stdio: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Runs the CLI; resolves to the exit code (the bin sets process.exitCode from it). */
export async function main(argv: readonly string[], ctx: Partial<CliContext> = {}): Promise<number> {
  const full: CliContext = { io: stdio, env: process.env, cwd: process.cwd(), repoRoot: REPO_ROOT, ...ctx };
  // The agent, local stack and agent bundle are found from this checkout, not from the cwd.
  process.env.LBWEB_REPO_ROOT ??= REPO_ROOT;
  const parsed = parseCommandLine(argv);
  switch (parsed.kind) {
    case 'help':
      full.io.out(usageText());
      return 0;
    case 'version': {
      const pkg = JSON.parse(readFileSync(path.join(full.repoRoot, 'package.json'), 'utf8')) as { version?: string };
      full.io.out(pkg.version ?? 'unknown');
      return 0;
    }
    case 'error':
      full.io.err(`${parsed.message}\n\n${usageText()}`);
      return EXIT_USAGE;
    case 'command':
      return parsed.command.run(parsed.args, full);
  }
}
