// Polling an instance through `multipass info` until it is Running / has an address.
// Multipass failures that will not heal by waiting (daemon down, instance gone, binary
// missing) end the wait at once with their own error.
import 'server-only';
import { pollFor } from '@/server/process/wait-for';
import type { MultipassCli } from './multipass-cli';
import { DaemonUnavailableError, InstanceMissingError, MultipassNotInstalledError } from './multipass-errors';
import { primaryIpv4, type InstanceInfo } from './multipass-schemas';

const DELAYS_MS = [250, 500, 1000, 2000];

export interface PollOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Called with each info seen, for progress lines. */
  onPoll?: (info: InstanceInfo | null, attempt: number) => void;
}

const fatal = (err: unknown) =>
  err instanceof DaemonUnavailableError ||
  err instanceof MultipassNotInstalledError ||
  err instanceof InstanceMissingError;

function poll<T>(
  cli: MultipassCli,
  name: string,
  what: string,
  pick: (i: InstanceInfo) => T | undefined,
  opts: PollOptions,
): Promise<T> {
  let attempt = 0;
  return pollFor<T>(
    async () => {
      const n = attempt++;
      let info: InstanceInfo;
      try {
        info = await cli.info(name, { signal: opts.signal, timeoutMs: 60_000 });
      } catch (err) {
        opts.onPoll?.(null, n);
        throw err;
      }
      opts.onPoll?.(info, n);
      const v = pick(info);
      return v !== undefined
        ? { done: true, value: v }
        : { done: false, last: `state ${info.state}, ipv4 [${info.ipv4.join(', ')}]` };
    },
    {
      what: `${what} of ${name}`,
      timeoutMs: opts.timeoutMs,
      signal: opts.signal,
      backoffMs: DELAYS_MS,
      isFatal: fatal,
      timeoutMessage: (last) =>
        `timed out after ${Math.round(opts.timeoutMs / 1000)} s waiting for ${what} of VM ${name} (last: ${last}); check \`multipass info ${name}\``,
    },
  );
}

/** Waits for state Running; returns the info that showed it. */
export function waitForRunning(cli: MultipassCli, name: string, opts: PollOptions): Promise<InstanceInfo> {
  return poll(cli, name, 'state Running', (i) => (i.state === 'Running' ? i : undefined), opts);
}

/** Waits for ipv4[0] (right after boot the list is empty for a while). */
export function waitForIpv4(cli: MultipassCli, name: string, opts: PollOptions): Promise<string> {
  return poll(cli, name, 'an IPv4 address', (i) => (i.state === 'Running' ? primaryIpv4(i.ipv4) : undefined), opts);
}

/**
 * Waits for an instance that an earlier launch is still preparing (downloading its image):
 * until then Multipass answers `info` with "does not exist" (daemon.cpp keeps it in
 * preparing_instances, outside the instances info reads), so here that is "not yet".
 */
export function waitForInstance(cli: MultipassCli, name: string, opts: PollOptions): Promise<InstanceInfo> {
  let attempt = 0;
  return pollFor<InstanceInfo>(
    async () => {
      const info = await cli.tryInfo(name, { signal: opts.signal, timeoutMs: 60_000 });
      opts.onPoll?.(info, attempt++);
      return info ? { done: true, value: info } : { done: false, last: 'still being prepared (no such instance yet)' };
    },
    {
      what: `instance ${name} to appear`,
      timeoutMs: opts.timeoutMs,
      signal: opts.signal,
      backoffMs: DELAYS_MS,
      isFatal: (err) => err instanceof DaemonUnavailableError || err instanceof MultipassNotInstalledError,
      timeoutMessage: (last) =>
        `timed out after ${Math.round(opts.timeoutMs / 1000)} s waiting for the launch of VM ${name} to finish preparing (last: ${last}); check \`multipass list\` and the daemon log`,
    },
  );
}
