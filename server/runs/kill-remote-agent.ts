// When an agent never confirms a stop, ending the local transport (`multipass exec`) does
// not end the process on the VM: kill it there by the pid its status.json recorded.
import 'server-only';
import { join } from 'node:path';
import { z } from 'zod';
import type { Host } from '@/server/hosts/host';

const StatusPidSchema = z.object({ pid: z.number().int().positive() });

export async function killRemoteAgent(runner: Host, agentOutputDir: string, graceMs = 3000): Promise<string> {
  const r = await runner.exec(['cat', join(agentOutputDir, 'status.json')], { timeoutMs: 10_000 });
  let pid: number;
  try {
    pid = StatusPidSchema.parse(JSON.parse(r.stdout)).pid;
  } catch {
    return `no agent pid in ${join(agentOutputDir, 'status.json')} on ${runner.name}`;
  }
  await runner.exec(['kill', '-TERM', String(pid)], { timeoutMs: 10_000 });
  await new Promise((res) => setTimeout(res, graceMs));
  const alive = await runner.exec(['kill', '-0', String(pid)], { timeoutMs: 10_000 });
  if (alive.code !== 0) return `agent pid ${pid} on ${runner.name} ended after SIGTERM`;
  await runner.exec(['kill', '-KILL', String(pid)], { timeoutMs: 10_000 });
  return `agent pid ${pid} on ${runner.name} killed (SIGKILL)`;
}
