// The live role setup on a host, found and ended. A non-interactive `multipass exec` (like
// ssh without a TTY) forwards no signal, so stopping our side of a setup leaves the script
// — helm --wait, dpkg — running on the VM. scripts/roles/lib/run-locked.sh therefore runs
// each role script as the leader of its own process group (pgid in PIDFILE) holding an
// flock on PIDFILE.lock: busy lock = a setup still lives. Stop and re-provision end that
// group here, as the run's remote tail is ended, and a second setup never runs beside it.
import 'server-only';
import type { Host, HostRole } from '@/server/hosts/host';
import { sleep } from '@/server/process/sleep';

/** Outside the pushed scripts directory, so a push never touches a live setup's files. */
export const REMOTE_SETUP_RUN_DIR = '/home/ubuntu/lbweb-setup-run';
export const setupPidFile = (role: HostRole) => `${REMOTE_SETUP_RUN_DIR}/${role}-setup.pid`;
const lockFile = (role: HostRole) => `${setupPidFile(role)}.lock`;
/** flock's exit code when the lock is taken (`-E`): any other failure means no lock file yet. */
const LOCK_BUSY = 75;
const QUICK = { timeoutMs: 30_000 };

/** True while anything of a role setup still runs on the host. */
export async function setupRunning(host: Host, role: HostRole): Promise<boolean> {
  const r = await host.exec(['sudo', 'flock', '-n', '-E', String(LOCK_BUSY), lockFile(role), 'true'], QUICK);
  return r.code === LOCK_BUSY;
}

async function waitUntilEnded(host: Host, role: HostRole, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!(await setupRunning(host, role))) return true;
    await sleep(500);
  }
  return !(await setupRunning(host, role));
}

/** The pgid in the pid file; it is written right after the lock is taken, so look twice. */
async function readPgid(host: Host, role: HostRole): Promise<number | null> {
  for (let i = 0; i < 5; i++) {
    const pgid = Number((await host.readText(setupPidFile(role)))?.trim());
    if (Number.isInteger(pgid) && pgid > 1) return pgid;
    await sleep(400);
  }
  return null;
}

/**
 * Ends the role setup still running on the host (its whole process group: SIGTERM, then
 * SIGKILL). Returns false when none runs; throws when one cannot be ended.
 */
export async function endLiveSetup(host: Host, role: HostRole, say?: (message: string) => void): Promise<boolean> {
  if (!(await setupRunning(host, role))) return false;
  const pgid = await readPgid(host, role);
  if (pgid === null) {
    if (!(await setupRunning(host, role))) return false; // it ended while we looked
    throw new Error(
      `a ${role} setup holds ${lockFile(role)} on ${host.name} but wrote no pid file: \`sudo fuser -k ${lockFile(role)}\` on the VM`,
    );
  }
  say?.(`ending the ${role} setup still running on ${host.name} (process group ${pgid})`);
  for (const [signal, waitMs] of [
    ['-TERM', 15_000],
    ['-KILL', 10_000],
  ] as const) {
    await host.exec(['sudo', 'kill', signal, '--', `-${pgid}`], QUICK);
    if (await waitUntilEnded(host, role, waitMs)) return true;
  }
  throw new Error(`the ${role} setup on ${host.name} (process group ${pgid}) still runs after SIGKILL`);
}
