// Collect: after the agent has ended (cleanly, stopped, or killed), copy the memory file with
// its WAL, the PEVA-FAAS CSV tree and the agent's own files into the run directory
// (FORMATS.md §5). The DuckDB copy is then made whole (WAL checkpointed in) and verified by
// opening it: only a file that opens is recorded as collected.
import 'server-only';
import { incCounter } from '@/server/metrics/lbweb-metrics';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AGENT_FILES } from '@/lib/contract/agent-files';
import { tryParseJson } from '@/lib/contract/tolerant-json';
import { WORKLOAD } from '@/lib/contract/run-tree';
import type { Host } from '@/server/hosts/host';
import { tsEntryArgv } from '@/server/process/repo-root';
import { runCommand } from '@/server/process/run-command';
import type { RunPaths } from './run-dir';
import { MemoryInspectionSchema, type CollectedItem, type MemoryInspection } from './run-journal-schema';

export const MEMORY_ITEM = 'DuckDB memory';

export interface CollectArgs {
  runner: Host;
  paths: RunPaths;
  agentOutputDir: string;
  memoryPath: string;
  runId: string;
  /** The agent ended without closing its session row (killed): close it in the copy. */
  agentKilled: boolean;
}

export async function collectArtifacts(args: CollectArgs): Promise<CollectedItem[]> {
  const { runner, paths, agentOutputDir } = args;
  const items: CollectedItem[] = [];
  const pull = async (what: string, from: string, to: string, recursive = false): Promise<boolean> => {
    try {
      if (!(await runner.fileExists(from))) {
        items.push({ what, from, to, ok: false, error: 'not found on the runner host' });
        return false;
      }
      await runner.pull(from, to, { recursive });
      items.push({ what, from, to, ok: true });
      return true;
    } catch (err) {
      items.push({ what, from, to, ok: false, error: (err as Error).message });
      return false;
    }
  };
  await mkdir(paths.hostDir(runner.name), { recursive: true });
  items.push(await collectMemory(args));
  await pull('PEVA-FAAS outputs', join(agentOutputDir, WORKLOAD), paths.pevaDir(runner.name), true);
  const agentDir = join(paths.hostDir(runner.name), 'agent');
  for (const [what, file] of [
    ['agent status', AGENT_FILES.status],
    ['agent event stream', AGENT_FILES.stream],
    ['agent exit record', AGENT_FILES.exit],
    ['agent stderr', AGENT_FILES.stderr],
  ] as const) {
    await pull(what, join(agentOutputDir, file), join(agentDir, file));
  }
  incCounter('lbweb_collect_failures_total', items.filter((it) => !it.ok).length);
  return items;
}

/** The memory file and its WAL (rows committed since the last CHECKPOINT live there). */
async function collectMemory(args: CollectArgs): Promise<CollectedItem> {
  const { runner, paths, memoryPath } = args;
  const to = paths.memoryFile(runner.name);
  const item: CollectedItem = { what: MEMORY_ITEM, from: memoryPath, to, ok: false };
  try {
    if (!(await runner.fileExists(memoryPath))) return { ...item, error: 'not found on the runner host' };
    await runner.pull(memoryPath, to);
    if (await runner.fileExists(`${memoryPath}.wal`)) await runner.pull(`${memoryPath}.wal`, `${to}.wal`);
  } catch (err) {
    return { ...item, error: `copy failed: ${(err as Error).message}` };
  }
  const inspection = await inspectCopy(to, { closeSessionOf: args.agentKilled ? args.runId : undefined });
  if (!inspection.ok) return { ...item, error: `the collected file does not open: ${inspection.error}`, inspection };
  return { ...item, ok: true, inspection };
}

/** In a child process: a damaged file must not take the server down with it. */
export async function inspectCopy(
  file: string,
  opts: { closeSessionOf?: string; configIds?: boolean } = {},
): Promise<MemoryInspection> {
  const argv = [...tsEntryArgv('server/agent/main.ts'), '--inspect-memory', file];
  if (opts.closeSessionOf) argv.push('--close-session', opts.closeSessionOf);
  if (opts.configIds) argv.push('--config-ids');
  const r = await runCommand(argv, { timeoutMs: 120_000 });
  const parsed = MemoryInspectionSchema.safeParse(tryParseJson(r.stdout.trim().split('\n').at(-1) ?? ''));
  if (parsed.success) return parsed.data;
  const why = r.timedOut ? 'timed out' : `exit ${r.code ?? r.signal}`;
  return {
    ok: false,
    headerVersion: null,
    walMerged: false,
    tables: {},
    sessionClosed: false,
    error: `inspection ${why}: ${(r.stderr || r.stdout).trim().slice(-400)}`,
  };
}
