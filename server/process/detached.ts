// A process meant to outlive the one that starts it: the runner agent, whose owner is its run
// (a stop file ends it; a restarted controller re-attaches it), not the server process. It
// leads a new session, has no pipe back to us (a dead parent cannot give it EPIPE), writes
// its output to files, and is not in the registry that is killed at our exit.
import 'server-only';
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

export interface DetachedOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Where its stdout and stderr go (appended). */
  stdoutFile: string;
  stderrFile: string;
}

/** Starts argv detached (never through a shell) and returns its pid. */
export function spawnDetached(argv: readonly string[], opts: DetachedOptions): number {
  const [command, ...args] = argv;
  if (!command) throw new Error('spawnDetached: empty argv');
  for (const f of [opts.stdoutFile, opts.stderrFile]) mkdirSync(dirname(f), { recursive: true });
  const out = openSync(opts.stdoutFile, 'a');
  const err = openSync(opts.stderrFile, 'a');
  try {
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: (opts.env ?? process.env) as NodeJS.ProcessEnv,
      stdio: ['ignore', out, err],
      detached: true,
      shell: false,
    });
    // A spawn failure (ENOENT…) is also emitted as 'error'; it is reported by the throw below.
    child.once('error', () => undefined);
    if (child.pid === undefined) throw new Error(`cannot start ${command} (not found or not executable)`);
    child.unref();
    return child.pid;
  } finally {
    closeSync(out);
    closeSync(err);
  }
}
