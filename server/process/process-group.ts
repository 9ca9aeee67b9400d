// Signals for processes this server did not spawn itself: a local stack or an agent left by an
// earlier server process, known only by the pid in its state file or the run journal. Each was
// started as a process-group leader, so signalling the group reaches its helpers too.
import 'server-only';
import { isPidAlive } from './proc-tree';
import { sleep } from './sleep';
import { waitFor } from './wait-for';

/** Signals the group led by `pid`, or the pid alone when it leads none; false when it is gone. */
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, signal);
      return true;
    } catch {
      /* no such group: try the pid itself */
    }
  }
  return false;
}

/** SIGTERM the group, give the leader `graceMs` to exit, then SIGKILL the group. */
export async function terminateGroup(pid: number, opts: { graceMs: number; what: string }): Promise<void> {
  if (!isPidAlive(pid) || !signalGroup(pid, 'SIGTERM')) return;
  await waitFor(() => !isPidAlive(pid), { what: `${opts.what} (pid ${pid}) to exit`, timeoutMs: opts.graceMs }).catch(
    () => signalGroup(pid, 'SIGKILL'),
  );
}

/**
 * A handle on a process we did not spawn (an agent left by an earlier server): `exited`
 * resolves once the pid is gone (polled), `stop` kills its group. Exit codes of a process
 * that is not our child cannot be read: `code` is null.
 */
export function watchPid(
  pid: number,
  pollMs = 250,
): { pid: number; exited: Promise<{ code: null }>; stop(): Promise<void> } {
  const exited = (async () => {
    while (isPidAlive(pid)) await sleep(pollMs);
    return { code: null };
  })();
  return { pid, exited, stop: async () => void signalGroup(pid, 'SIGKILL') };
}
