// Stopping one VM the way Multipass allows it. `multipass stop` refuses a Suspended,
// Suspending, Starting or Restarting instance (exit 2, "Use --force to power it off.":
// src/platform/backends/shared/base_virtual_machine.cpp check_state_for_shutdown,
// src/client/cli/cmd/stop.cpp) and ignores a Stopped or Unavailable one. So we stop only
// what can be stopped: a booting VM is waited for, and powered off with --force only when
// its boot never ends; a suspended one already uses no CPU and is left as it is (--force
// would throw away its memory image).
import 'server-only';
import type { MultipassCli } from './multipass-cli';
import { InstanceStateError } from './multipass-errors';
import type { Report } from './multipass-launch';
import { waitForRunning } from './multipass-wait';
import { WaitTimeoutError } from '@/server/process/wait-for';

export interface StopTuning {
  /** How long a Starting/Restarting VM may take to reach Running before stop --force (default 2 min). */
  stopBootWaitMs?: number;
}

export type StopOutcome = 'stopped' | 'forced' | 'left';

export async function stopVm(
  cli: MultipassCli,
  name: string,
  state: string,
  tuning: StopTuning,
  report: Report,
  signal?: AbortSignal,
  retried = false,
): Promise<StopOutcome> {
  switch (state) {
    case 'Stopped':
    case 'Deleted':
    case 'Unavailable':
      return 'left';
    case 'Suspended':
    case 'Suspending':
      report(
        'stop',
        `${name} is ${state}: it runs nothing, so it is left as it is (\`multipass start ${name}\` resumes it)`,
      );
      return 'left';
    case 'Starting':
    case 'Restarting':
      report('stop', `${name} is ${state}: Multipass cannot shut it down cleanly until it is Running; waiting`);
      try {
        await waitForRunning(cli, name, { timeoutMs: tuning.stopBootWaitMs ?? 120_000, signal });
      } catch (err) {
        if (!(err instanceof WaitTimeoutError)) throw err;
        report('stop', `${name} never finished booting: powering it off (multipass stop --force)`, 'error');
        await cli.stop(name, { force: true, signal });
        return 'forced';
      }
      break;
  }
  report('stop', `multipass stop ${name} (was ${state})`);
  try {
    await cli.stop(name, { signal });
    return 'stopped';
  } catch (err) {
    // The state moved between our look and the stop (a suspend, a reboot): decide again once.
    if (!(err instanceof InstanceStateError) || retried) throw err;
    const now = await cli.tryInfo(name, { signal });
    if (!now) return 'left';
    return stopVm(cli, name, now.state, tuning, report, signal, true);
  }
}
