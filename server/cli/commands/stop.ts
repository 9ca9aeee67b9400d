// `lb-web stop <run_id|run_dir>`: creates the run's STOP file — exactly what the Stop
// button and `touch <run_dir>/STOP` do — so it works whichever process (a server, a CLI
// `run`) owns the run. `--wait` then follows the journal to the terminal state.
import 'server-only';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ControllerState } from '@/lib/contract/controller-states';
import { pollFor } from '@/server/process/wait-for';
import { readRunDir } from '@/server/runs/read-run';
import { isControllerAlive } from '@/server/runs/controller-identity';
import { recoverRuns } from '@/server/runs/recover-runs';
import { RunManager } from '@/server/runs/run-manager';
import { getProvider } from '@/server/hosts/providers';
import { RunIdSchema, runPaths } from '@/server/runs/run-dir';
import { requestStop } from '@/server/runs/stop-watcher';
import { cliRoots, parseCommandArgs, UsageError, guarded } from '../cli-common';
import { JOURNAL_FILE, STOP_FILE } from '@/lib/contract/run-tree';
import type { CliCommand, CliContext } from './types';

const usage = 'lb-web stop <run_id|run_dir> [--output DIR] [--wait [--timeout SECONDS]]';

/** A path (has a slash, or names an existing directory) is a run dir; anything else a run id. */
export function resolveRunDir(target: string, ctx: Pick<CliContext, 'env' | 'cwd'>, output?: string): string {
  const asPath = path.resolve(ctx.cwd, target);
  if (target.includes('/') || existsSync(asPath)) return asPath;
  const id = RunIdSchema.safeParse(target);
  if (!id.success)
    throw new UsageError(
      `lb-web stop: "${target}" is neither a run directory nor a run id (${id.error.issues[0]?.message})`,
    );
  return runPaths(cliRoots(ctx, output).outputRoot, id.data).dir;
}

/** The run's state as its journal says; null while it cannot be read (mid-write) or is unknown. */
async function stateOf(dir: string): Promise<{ state: ControllerState | null; terminal: boolean } | null> {
  try {
    const run = await readRunDir(dir);
    return { state: run.state, terminal: run.terminal };
  } catch {
    return null; // mid-write or unreadable: ask again
  }
}

/**
 * A run whose controller is gone (a killed server or `lb-web run`) has nobody watching its STOP
 * file: this command re-attaches it, so the stop is carried out here, and waits for its end.
 * Null when the run has a live controller.
 */
async function stopOrphan(dir: string, ctx: CliContext, output: string | undefined): Promise<number | null> {
  const run = await readRunDir(dir).catch(() => null);
  if (!run || run.terminal || isControllerAlive(run.controller)) return null;
  ctx.io.out(`run ${run.runId} has no live controller: re-attaching it here to carry out the stop`);
  const { hostsRoot } = cliRoots(ctx, output);
  const manager = new RunManager({
    outputRoot: path.dirname(dir),
    provider: (kind) => getProvider(kind, hostsRoot),
    recover: false,
    controllerKind: 'cli',
  });
  await recoverRuns(manager, 'all', run.runId);
  const final = await manager.waitForRun(run.runId);
  ctx.io.out(`run ${run.runId} ended ${final}`);
  return final === 'aborted' ? 0 : 1;
}

async function runStop(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('stop', usage, args, {
    output: { type: 'string', short: 'o' },
    wait: { type: 'boolean' },
    timeout: { type: 'string' },
  });
  if (values.help) return (ctx.io.out(`usage: ${usage}`), 0);
  if (positionals.length !== 1)
    throw new UsageError(`lb-web stop: give exactly one run id or run directory\nusage: ${usage}`);
  const timeoutS = values.timeout === undefined ? 120 : Number(values.timeout);
  if (!Number.isFinite(timeoutS) || timeoutS <= 0)
    throw new UsageError(`lb-web stop: --timeout ${String(values.timeout)} must be a number of seconds > 0`);
  const dir = resolveRunDir(positionals[0]!, ctx, typeof values.output === 'string' ? values.output : undefined);
  if (!existsSync(path.join(dir, JOURNAL_FILE))) {
    ctx.io.err(
      `lb-web stop: no run at ${dir} (no run_journal.json); check the id, or pass --output <output root> or the run directory`,
    );
    return 1;
  }
  const before = await stateOf(dir);
  if (before?.terminal) {
    ctx.io.out(`run ${path.basename(dir)} already ended (${before.state}); nothing to stop`);
    return 0;
  }
  const already = existsSync(path.join(dir, STOP_FILE));
  await requestStop(dir);
  ctx.io.out(
    `${already ? 'stop already requested' : 'stop requested'}: ${path.join(dir, STOP_FILE)} (the controller owning run ${path.basename(dir)} stops it)`,
  );
  const orphan = await stopOrphan(dir, ctx, typeof values.output === 'string' ? values.output : undefined);
  if (orphan !== null) return orphan;
  if (!values.wait) return 0;
  let seen: ControllerState | null = null;
  try {
    const final = await pollFor(
      async () => {
        const now = await stateOf(dir);
        seen = now?.state ?? seen;
        return now?.terminal ? { done: true, value: now.state } : { done: false };
      },
      { what: `run ${path.basename(dir)} to end`, timeoutMs: timeoutS * 1000, backoffMs: [250] },
    );
    ctx.io.out(`run ${path.basename(dir)} ended ${final}`);
    return final === 'aborted' ? 0 : 1;
  } catch {
    ctx.io.err(
      `lb-web stop: run ${path.basename(dir)} is still ${seen ?? 'unknown'} after ${timeoutS} s; is a controller (lb-web serve or lb-web run) running it?`,
    );
    return 1;
  }
}

export const stopCli: CliCommand = {
  name: 'stop',
  summary: 'Stop a run (creates its STOP file)',
  usage,
  run: guarded('stop', runStop),
};
