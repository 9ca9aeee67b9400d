// Bounded one-shot commands (argv only) that capture their output.
import 'server-only';
import { spawnOwned } from './owned-process';

export interface CommandResult {
  argv: readonly string[];
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Set when the executable could not be started (e.g. ENOENT). */
  spawnError?: string;
}

export interface RunCommandOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  signal?: AbortSignal;
  input?: string;
  maxOutputBytes?: number;
}

export async function runCommand(argv: readonly string[], opts: RunCommandOptions = {}): Promise<CommandResult> {
  const max = opts.maxOutputBytes ?? 4 * 1024 * 1024;
  let stdout = '';
  let stderr = '';
  const proc = spawnOwned(argv, {
    cwd: opts.cwd,
    env: opts.env,
    signal: opts.signal,
    stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  let spawnError: string | undefined;
  proc.child.once('error', (err) => (spawnError = err.message));
  proc.child.stdout?.on('data', (d: Buffer) => {
    if (stdout.length < max) stdout += d.toString('utf8');
  });
  proc.child.stderr?.on('data', (d: Buffer) => {
    if (stderr.length < max) stderr += d.toString('utf8');
  });
  if (opts.input !== undefined) proc.child.stdin?.end(opts.input);
  let timedOut = false;
  const timer = opts.timeoutMs
    ? setTimeout(() => {
        timedOut = true;
        void proc.stop(1000);
      }, opts.timeoutMs)
    : undefined;
  const info = await proc.exited;
  if (timer) clearTimeout(timer);
  return { argv, ...info, stdout, stderr, timedOut, spawnError };
}
