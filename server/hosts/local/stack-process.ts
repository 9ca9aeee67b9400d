// Starts (or adopts) the local stack program for the k3s role and reads its stack.json.
import 'server-only';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { spawnOwned, type OwnedProcess } from '@/server/process/owned-process';
import { waitFor } from '@/server/process/wait-for';
import { isPidAlive } from '@/server/process/proc-tree';
import { terminateGroup } from '@/server/process/process-group';
import { repoRoot, tsEntryArgv } from '@/server/process/repo-root';
import { thisProcess, type ProcessIdentity } from '@/server/process/process-identity';

export const StackInfoSchema = z.object({
  gatewayUrl: z.string(),
  prometheusUrl: z.string(),
  nodeExporterUrl: z.string().optional(),
  functions: z.array(z.string()).default([]),
  pid: z.number().int(),
});
export type StackInfo = z.infer<typeof StackInfoSchema>;

export function readStackInfo(dir: string): StackInfo | null {
  const file = join(dir, 'stack.json');
  if (!existsSync(file)) return null;
  try {
    return StackInfoSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return null;
  }
}

export async function gatewayHealthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

const OWNER_FILE = 'owner.json';
const OwnerSchema = z.object({ pid: z.number().int().positive(), started: z.number() });

/** Records the process that runs the stack's lifecycle (started it, or adopted it). */
export function writeStackOwner(dir: string): void {
  const file = join(dir, OWNER_FILE);
  writeFileSync(`${file}.tmp`, JSON.stringify(thisProcess()));
  renameSync(`${file}.tmp`, file);
}

/** The stack's owner, or null when none was recorded. */
export function stackOwner(dir: string): ProcessIdentity | null {
  try {
    const parsed = OwnerSchema.safeParse(JSON.parse(readFileSync(join(dir, OWNER_FILE), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The stack if it is running (possibly started by an earlier server process). */
export async function runningStack(dir: string): Promise<StackInfo | null> {
  const info = readStackInfo(dir);
  if (!info || !isPidAlive(info.pid)) return null;
  return (await gatewayHealthy(info.gatewayUrl)) ? info : null;
}

export async function startStackProcess(
  dir: string,
  onLine: (line: string) => void,
  signal?: AbortSignal,
): Promise<{ proc: OwnedProcess; info: StackInfo }> {
  rmSync(join(dir, 'stack.json'), { force: true });
  const proc = spawnOwned([...tsEntryArgv('server/localstack/main.ts'), '--dir', dir], {
    name: 'localstack',
    cwd: repoRoot(),
    signal,
    onStdoutLine: onLine,
    onStderrLine: onLine,
  });
  try {
    await waitFor(() => readStackInfo(dir) !== null, {
      what: `local stack ready (stack.json in ${dir})`,
      timeoutMs: 90_000,
      exited: proc.exited,
      signal,
    });
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return { proc, info: readStackInfo(dir)! };
}

/** Stops a stack whether we own its process or an earlier server process started it. */
export async function stopStack(dir: string, owned?: OwnedProcess): Promise<void> {
  if (owned?.isAlive()) {
    await owned.stop(5000);
    return;
  }
  const info = readStackInfo(dir);
  if (info) await terminateGroup(info.pid, { graceMs: 8000, what: 'local stack' });
}
