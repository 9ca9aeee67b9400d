// File and process operations a remote host answers through plain commands (test, cat, kill,
// mkdir), shared by every host reached through an exec transport (Multipass, SSH).
import 'server-only';
import type { ExecOptions, ExecResult } from '@/server/hosts/host';

export type ExecFn = (argv: readonly string[], opts?: ExecOptions) => Promise<ExecResult>;

const QUICK = { timeoutMs: 30_000 };

/** Remote paths are absolute and plain: they go to the transport verbatim. */
export function checkRemotePath(p: string, example: string): string {
  if (!p.startsWith('/')) throw new Error(`remote path ${JSON.stringify(p)} must be absolute (e.g. ${example}/…)`);
  if (/[\n\r\0]/.test(p) || p.split('/').includes('..'))
    throw new Error(`remote path ${JSON.stringify(p)} contains '..' or a control character`);
  return p;
}

export async function remoteFileExists(exec: ExecFn, host: string, remotePath: string): Promise<boolean> {
  const res = await exec(['test', '-e', remotePath], QUICK);
  if (res.code === 0) return true;
  if (res.code === 1) return false;
  throw new Error(
    `fileExists ${host}:${remotePath}: \`test -e\` ended with ${res.timedOut ? 'a timeout' : `code ${res.code}`} ${res.stderr.trim()}`,
  );
}

export async function remoteReadText(exec: ExecFn, host: string, remotePath: string): Promise<string | null> {
  // `test -e` first: `cat` of a missing file and a failing exec both exit 1.
  if (!(await remoteFileExists(exec, host, remotePath))) return null;
  const res = await exec(['cat', remotePath], QUICK);
  if (res.code !== 0) throw new Error(`read ${host}:${remotePath}: ${res.stderr.trim() || `exit ${res.code}`}`);
  return res.stdout;
}

export async function remoteIsAlive(exec: ExecFn, pid: number): Promise<boolean> {
  return (await exec(['kill', '-0', String(pid)], QUICK)).code === 0;
}

export async function remoteSignalGroup(exec: ExecFn, pgid: number, signal: 'SIGTERM' | 'SIGKILL'): Promise<boolean> {
  const name = signal === 'SIGTERM' ? '-TERM' : '-KILL';
  return (await exec(['kill', name, '--', `-${pgid}`], QUICK)).code === 0;
}

export async function remoteMkdirp(exec: ExecFn, host: string, remotePath: string): Promise<void> {
  const res = await exec(['mkdir', '-p', remotePath], QUICK);
  if (res.code !== 0) throw new Error(`mkdir -p ${host}:${remotePath} failed (exit ${res.code}): ${res.stderr.trim()}`);
}
