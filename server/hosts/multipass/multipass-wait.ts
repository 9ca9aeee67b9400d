// Polling an instance through `multipass info` until it is Running / has an address.
// Unlike the generic waitFor, Multipass failures that will not heal by waiting (daemon
// down, instance gone, binary missing) end the wait at once with their own error.
import 'server-only';
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

async function poll<T>(
  cli: MultipassCli,
  name: string,
  what: string,
  pick: (i: InstanceInfo) => T | undefined,
  opts: PollOptions,
): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  let last: string;
  for (let attempt = 0; ; attempt++) {
    if (opts.signal?.aborted) throw new Error(`aborted while waiting for ${what} of ${name}`);
    try {
      const info = await cli.info(name, { signal: opts.signal, timeoutMs: 60_000 });
      opts.onPoll?.(info, attempt);
      const v = pick(info);
      if (v !== undefined) return v;
      last = `state ${info.state}, ipv4 [${info.ipv4.join(', ')}]`;
    } catch (err) {
      if (fatal(err)) throw err;
      last = (err as Error).message;
      opts.onPoll?.(null, attempt);
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `timed out after ${Math.round(opts.timeoutMs / 1000)} s waiting for ${what} of VM ${name} (last: ${last}); check \`multipass info ${name}\``,
      );
    }
    const delay = DELAYS_MS[Math.min(attempt, DELAYS_MS.length - 1)] ?? 2000;
    await new Promise((r) => setTimeout(r, Math.min(delay, Math.max(10, deadline - Date.now()))));
  }
}

/** Waits for state Running; returns the info that showed it. */
export function waitForRunning(cli: MultipassCli, name: string, opts: PollOptions): Promise<InstanceInfo> {
  return poll(cli, name, 'state Running', (i) => (i.state === 'Running' ? i : undefined), opts);
}

/** Waits for ipv4[0] (right after boot the list is empty for a while). */
export function waitForIpv4(cli: MultipassCli, name: string, opts: PollOptions): Promise<string> {
  return poll(cli, name, 'an IPv4 address', (i) => (i.state === 'Running' ? primaryIpv4(i.ipv4) : undefined), opts);
}
