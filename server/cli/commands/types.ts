// The shape every `lb-web <command>` module exports; main.ts only dispatches.
import 'server-only';
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export interface CliContext {
  io: CliIo;
  env: Record<string, string | undefined>;
  cwd: string;
  /** The lb-web checkout (where package.json, node_modules and .next live). */
  repoRoot: string;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** Resolves to the process exit code. */
  run(args: string[], ctx: CliContext): Promise<number>;
}

export const EXIT_USAGE = 2;
