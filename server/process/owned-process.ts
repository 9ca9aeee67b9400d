// The one module that spawns child processes. Every child is a process-group leader
// (so its whole tree can be signalled), is registered while alive, and is ended
// SIGTERM-then-SIGKILL by its owner on stop, on error and at shutdown.
import 'server-only';
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface OwnedProcess {
  readonly name: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Resolves once the process has exited (never rejects). */
  readonly exited: Promise<ExitInfo>;
  isAlive(): boolean;
  /** SIGTERM to the process group, SIGKILL after `graceMs`; resolves when it is gone. */
  stop(graceMs?: number): Promise<ExitInfo>;
  /** Sends a signal to the whole process group. */
  signal(sig: NodeJS.Signals): void;
}

export interface SpawnOwnedOptions {
  name?: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
  stdio?: StdioOptions;
  /** Aborting the signal stops the process (SIGTERM, then SIGKILL after graceMs). */
  signal?: AbortSignal;
  graceMs?: number;
  onStdoutLine?: (line: string) => void;
  onStderrLine?: (line: string) => void;
  /**
   * 'own' (default): the child leads a new process group, so its whole tree can be
   * signalled. 'parent': it stays in our group — for helpers of a program that is itself an
   * owned group leader (the local stack's Prometheus and function workers, the agent's k6),
   * so that killing that program's group can never orphan them, even with SIGKILL.
   */
  processGroup?: 'own' | 'parent';
}

// On globalThis: Next bundles this module more than once (route handlers, instrumentation),
// and the shutdown handler must see every child whichever bundle spawned it.
const REGISTRY = Symbol.for('lb-web.owned-processes');
const g = globalThis as typeof globalThis & { [REGISTRY]?: { live: Set<OwnedProcess>; handlersInstalled: boolean } };
const registry = (g[REGISTRY] ??= { live: new Set<OwnedProcess>(), handlersInstalled: false });
const live = registry.live;

export class SpawnError extends Error {
  constructor(
    message: string,
    readonly argv: readonly string[],
    readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'SpawnError';
  }
}

function killGroup(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pid, sig);
  } catch {
    try {
      process.kill(pid, sig);
    } catch {
      /* already gone */
    }
  }
}

/** Spawns argv[0] with argv[1..] (never through a shell) as an owned process-group leader. */
export function spawnOwned(argv: readonly string[], opts: SpawnOwnedOptions = {}): OwnedProcess {
  const [command, ...args] = argv;
  if (!command) throw new SpawnError('spawnOwned: empty argv', argv);
  const wantsLines = Boolean(opts.onStdoutLine || opts.onStderrLine);
  const child = spawn(command, args, {
    cwd: opts.cwd,
    env: (opts.env ?? process.env) as NodeJS.ProcessEnv,
    stdio: opts.stdio ?? (wantsLines ? ['ignore', 'pipe', 'pipe'] : 'ignore'),
    detached: opts.processGroup !== 'parent',
    shell: false,
  });
  const name = opts.name ?? command;
  let alive = true;
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once('error', () => {
      alive = false;
      resolve({ code: null, signal: null });
    });
    child.once('exit', (code, signal) => {
      alive = false;
      resolve({ code, signal });
    });
  });
  if (child.stdout && opts.onStdoutLine) {
    createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', opts.onStdoutLine);
  }
  if (child.stderr && opts.onStderrLine) {
    createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', opts.onStderrLine);
  }

  const owned: OwnedProcess = {
    name,
    get pid() {
      return child.pid ?? -1;
    },
    child,
    exited,
    isAlive: () => alive && child.pid !== undefined,
    signal(sig) {
      if (alive && child.pid) killGroup(child.pid, sig);
    },
    async stop(graceMs = opts.graceMs ?? 2000) {
      if (alive && child.pid) {
        killGroup(child.pid, 'SIGTERM');
        const timer = setTimeout(() => child.pid && killGroup(child.pid, 'SIGKILL'), graceMs);
        const info = await exited;
        clearTimeout(timer);
        // The leader may be gone while grandchildren in its group linger.
        killGroup(child.pid, 'SIGKILL');
        return info;
      }
      return exited;
    },
  };
  live.add(owned);
  void exited.then(() => live.delete(owned));
  if (opts.signal) {
    const onAbort = () => void owned.stop();
    if (opts.signal.aborted) onAbort();
    else {
      opts.signal.addEventListener('abort', onAbort, { once: true });
      void exited.then(() => opts.signal?.removeEventListener('abort', onAbort));
    }
  }
  return owned;
}

/** Live owned processes (for diagnostics and tests). */
export function liveProcesses(): OwnedProcess[] {
  return [...live];
}

/** Stops every live owned process in parallel. */
export async function stopAllOwned(graceMs = 2000): Promise<void> {
  await Promise.all([...live].map((p) => p.stop(graceMs)));
}

/** Synchronous last resort: SIGKILL every live group (used from process 'exit'). */
export function killAllOwnedSync(): void {
  for (const p of live) if (p.pid > 0) killGroup(p.pid, 'SIGKILL');
}

/**
 * Entry points (CLI, agent, server) call this once: on SIGINT/SIGTERM it runs `onSignal`
 * (e.g. a graceful stop), then stops every owned child; on exit it SIGKILLs leftovers.
 */
export function installShutdownHandlers(onSignal?: (sig: NodeJS.Signals) => Promise<void> | void): void {
  if (registry.handlersInstalled) return;
  registry.handlersInstalled = true;
  process.once('exit', killAllOwnedSync);
  const handle = (sig: NodeJS.Signals) => {
    void (async () => {
      try {
        await onSignal?.(sig);
      } finally {
        await stopAllOwned(1500);
        process.exit(sig === 'SIGINT' ? 130 : 143);
      }
    })();
  };
  process.once('SIGINT', handle);
  process.once('SIGTERM', handle);
}
