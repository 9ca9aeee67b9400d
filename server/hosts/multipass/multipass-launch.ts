// Launching one VM with lb's fallbacks: next image when one cannot be found, `info`
// before relaunching after a timeout (the VM usually comes up anyway), adopt on a race,
// and wait — not fail — when the relaunch hears that an earlier launch is still
// preparing: `--timeout` also covers the image download, and the daemon carries on.
import 'server-only';
import type { MultipassCli } from './multipass-cli';
import {
  CommandFailedError,
  InstanceExistsError,
  InstancePreparingError,
  LaunchTimeoutError,
} from './multipass-errors';
import type { InstanceInfo } from './multipass-schemas';
import type { MultipassVmSpec } from './multipass-spec';
import { waitForInstance, waitForRunning } from './multipass-wait';

export type Report = (step: string, message: string, level?: 'info' | 'error') => void;

export interface LaunchTuning {
  /** Launch attempts per image when launch times out and no VM shows up (default 2). */
  launchAttempts?: number;
  /** How long a VM may stay Starting before we give up (default 10 min). */
  bootTimeoutMs?: number;
}

const imageMissing = (err: unknown) =>
  err instanceof CommandFailedError && /unable to find an image|image .*not (be )?found|no image/i.test(err.stderr);

export async function launchWithFallback(
  cli: MultipassCli,
  tuning: LaunchTuning,
  vm: MultipassVmSpec,
  timeoutS: number,
  report: Report,
  signal?: AbortSignal,
): Promise<{ image: string; adopted: boolean }> {
  const images = [vm.image, ...vm.fallbackImages.filter((i) => i !== vm.image)];
  const attempts = tuning.launchAttempts ?? 2;
  for (const [i, image] of images.entries()) {
    for (let attempt = 1; attempt <= attempts; attempt++) {
      report(
        'launch',
        `launching ${vm.name} from ${image} (${vm.cpus} CPU, ${vm.memory} memory, ${vm.disk} disk)${attempt > 1 ? `, attempt ${attempt}` : ''}`,
      );
      try {
        await cli.launch({ name: vm.name, image, cpus: vm.cpus, memory: vm.memory, disk: vm.disk, timeoutS, signal });
        return { image, adopted: false };
      } catch (err) {
        if (err instanceof InstanceExistsError) {
          // Someone (another tab, a user shell) created it meanwhile: adopt rather than fail.
          report('adopt', `VM ${vm.name} appeared while launching: adopting it`);
          const info = await cli.info(vm.name, { signal });
          await bringUp(cli, tuning, vm.name, info, report, signal);
          return { image, adopted: true };
        }
        if (err instanceof InstancePreparingError) {
          // An earlier launch (ours, timed out during the download, or someone else's) is
          // still preparing this name: it is our launch in progress, so wait for it.
          report('launch', `${vm.name} is still being prepared by an earlier launch: waiting for it to appear`, 'info');
          const info = await waitForInstance(cli, vm.name, { timeoutMs: tuning.bootTimeoutMs ?? 600_000, signal });
          await bringUp(cli, tuning, vm.name, info, report, signal);
          return { image, adopted: false };
        }
        if (err instanceof LaunchTimeoutError) {
          // Multipass often times out while the VM still boots: look before relaunching.
          report(
            'launch',
            `launch timed out (${err.stderr.trim() || 'no message'}); checking multipass info ${vm.name} before retrying`,
            'info',
          );
          const info = await cli.tryInfo(vm.name, { signal });
          if (info) {
            await bringUp(cli, tuning, vm.name, info, report, signal);
            return { image, adopted: false };
          }
          if (attempt < attempts) continue;
          throw err;
        }
        if (imageMissing(err) && i < images.length - 1) {
          report('launch', `image ${image} is not available here; falling back to ${images[i + 1]}`, 'info');
          break;
        }
        throw err;
      }
    }
  }
  throw new Error(`could not launch ${vm.name} from any of: ${images.join(', ')}`);
}

/** Gets an existing instance to Running: start it, wait for its boot, or explain why not. */
export async function bringUp(
  cli: MultipassCli,
  tuning: LaunchTuning,
  name: string,
  info: InstanceInfo,
  report: Report,
  signal?: AbortSignal,
): Promise<void> {
  switch (info.state) {
    case 'Running':
      return;
    case 'Stopped':
    case 'Suspended':
      report('start', `starting ${name} (was ${info.state})`);
      await cli.start(name, { signal });
      return;
    case 'Starting':
    case 'Restarting':
      report('boot', `waiting for ${name} to finish booting (${info.state})`);
      await waitForRunning(cli, name, { timeoutMs: tuning.bootTimeoutMs ?? 600_000, signal });
      return;
    case 'Unavailable':
      throw new Error(
        `VM ${name} is Unavailable: its availability zone is disabled; \`multipass enable-zones\` (then \`multipass start ${name}\`) and retry`,
      );
    case 'Deleted':
      throw new Error(
        `VM ${name} is deleted but not purged, so its name is taken: \`multipass recover ${name}\` to keep it or \`multipass purge\` to free the name`,
      );
    default:
      throw new Error(
        `VM ${name} is ${info.state}: fix it with \`multipass start ${name}\` (or delete it with \`multipass delete --purge ${name}\`) and retry`,
      );
  }
}
