// Collect: after the agent has checkpointed and closed DuckDB, copy the memory file, the
// PEVA-FAAS CSV tree and the agent's own files into the run directory (FORMATS.md §5).
import 'server-only';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Host } from '@/server/hosts/host';
import type { RunPaths } from './run-dir';
import type { CollectedItem } from './run-journal-schema';
import { WORKLOAD } from '@/lib/contract/run-tree';

export type { CollectedItem };

export async function collectArtifacts(args: {
  runner: Host;
  paths: RunPaths;
  agentOutputDir: string;
  memoryPath: string;
}): Promise<CollectedItem[]> {
  const { runner, paths, agentOutputDir, memoryPath } = args;
  const items: CollectedItem[] = [];
  const pull = async (what: string, from: string, to: string, recursive = false) => {
    try {
      if (!(await runner.fileExists(from))) {
        items.push({ what, from, to, ok: false, error: 'not found on the runner host' });
        return;
      }
      await runner.pull(from, to, { recursive });
      items.push({ what, from, to, ok: true });
    } catch (err) {
      items.push({ what, from, to, ok: false, error: (err as Error).message });
    }
  };
  await mkdir(paths.hostDir(runner.name), { recursive: true });
  await pull('DuckDB memory', memoryPath, paths.memoryFile(runner.name));
  await pull('PEVA-FAAS outputs', join(agentOutputDir, WORKLOAD), paths.pevaDir(runner.name), true);
  await pull(
    'agent status',
    join(agentOutputDir, 'status.json'),
    join(paths.hostDir(runner.name), 'agent', 'status.json'),
  );
  await pull(
    'agent event stream',
    join(agentOutputDir, 'events.stream'),
    join(paths.hostDir(runner.name), 'agent', 'events.stream'),
  );
  return items;
}
