// Multipass reports failures as an exit code (1 command line, 2 command failed, 3 daemon
// unavailable, 5 timeout) plus a line on stderr. We turn both into typed errors that carry
// a hint the Hosts page can show as the fix.
import 'server-only';
import type { CommandResult } from '@/server/process/run-command';

export interface MultipassErrorInit {
  argv: readonly string[];
  exitCode: number | null;
  stderr: string;
  hint: string;
  instance?: string;
}

export class MultipassError extends Error {
  readonly argv: readonly string[];
  readonly exitCode: number | null;
  readonly stderr: string;
  readonly hint: string;
  readonly instance?: string;
  constructor(message: string, init: MultipassErrorInit) {
    super(`${message} — ${init.hint}`);
    this.name = new.target.name;
    this.argv = init.argv;
    this.exitCode = init.exitCode;
    this.stderr = init.stderr;
    this.hint = init.hint;
    this.instance = init.instance;
  }
}

export class MultipassNotInstalledError extends MultipassError {}
export class DaemonUnavailableError extends MultipassError {}
export class InstanceExistsError extends MultipassError {}
export class InstanceMissingError extends MultipassError {}
export class LaunchTimeoutError extends MultipassError {}
export class CommandLineError extends MultipassError {}
export class CommandFailedError extends MultipassError {}

const firstLine = (s: string) =>
  s
    .trim()
    .split('\n')
    .find((l) => l.trim() !== '')
    ?.trim() ?? '';

/** The instance name Multipass quotes in `instance "N" already exists` / `does not exist`. */
function quotedInstance(stderr: string): string | undefined {
  return /instance "([^"]+)"/.exec(stderr)?.[1];
}

export function notInstalledError(
  binary: string,
  argv: readonly string[],
  detail?: string,
): MultipassNotInstalledError {
  return new MultipassNotInstalledError(`multipass executable "${binary}" not found${detail ? ` (${detail})` : ''}`, {
    argv,
    exitCode: null,
    stderr: detail ?? '',
    hint: 'install Multipass: sudo snap install multipass',
  });
}

const DAEMON_RE = /cannot connect to the multipass socket|multipassd.*not running|daemon.*unavailable/i;
const TIMEOUT_RE = /timed out waiting for/i;

/**
 * Classifies a failed multipass call. `remoteExit` is set for `exec`, whose exit code is
 * the remote command's own: there only stderr patterns name a Multipass failure, and any
 * other non-zero code is returned to the caller as a normal result (null here).
 */
export function classifyFailure(
  res: CommandResult,
  opts: { remoteExit?: boolean; instance?: string } = {},
): MultipassError | null {
  const { argv, code, stderr } = res;
  const binary = argv[0] ?? 'multipass';
  if (res.spawnError) {
    if (/ENOENT|EACCES/.test(res.spawnError)) return notInstalledError(binary, argv, res.spawnError);
    return new CommandFailedError(`could not start ${binary}: ${res.spawnError}`, {
      argv,
      exitCode: null,
      stderr,
      hint: 'check the multipass binary path',
    });
  }
  if (code === 0) return null;
  if (opts.remoteExit) return classifyExecFailure(res, opts.instance);
  const instance = quotedInstance(stderr) ?? opts.instance;
  const base = { argv, exitCode: code, stderr, instance };
  const line = firstLine(stderr) || `${argv.slice(0, 2).join(' ')} exited with code ${code}`;
  // Only Multipass's instance wording counts: transfer/sftp errors also say "does not exist".
  if (/instance "[^"]*" already exists/i.test(stderr)) {
    return new InstanceExistsError(line, {
      ...base,
      hint: `name taken: \`multipass delete --purge ${instance ?? 'N'}\` or adopt it`,
    });
  }
  if (/instance "[^"]*" does not exist/i.test(stderr)) {
    return new InstanceMissingError(line, {
      ...base,
      hint: `no instance named ${instance ?? 'N'}: launch it (or check \`multipass list\`)`,
    });
  }
  if (DAEMON_RE.test(stderr) || code === 3) {
    return new DaemonUnavailableError(line, {
      ...base,
      hint: 'multipassd is not running: sudo snap start multipass / restart the daemon',
    });
  }
  const isLaunch = argv[1] === 'launch';
  if (TIMEOUT_RE.test(stderr) || code === 5 || (res.timedOut && isLaunch)) {
    return new LaunchTimeoutError(
      res.timedOut ? `multipass launch did not finish in time${stderr ? `: ${line}` : ''}` : line,
      {
        ...base,
        hint: `the VM may still come up: check \`multipass info ${instance ?? 'N'}\` before retrying`,
      },
    );
  }
  if (res.timedOut) {
    return new CommandFailedError(`${argv.slice(0, 2).join(' ')} did not answer in time`, {
      ...base,
      hint: 'multipassd may be busy or stuck: check `multipass list`, restart the daemon if it hangs',
    });
  }
  if (code === 1)
    return new CommandLineError(line, {
      ...base,
      hint: 'multipass rejected the command line (a bug in lb-web: please report it with this message)',
    });
  return new CommandFailedError(line, { ...base, hint: 'see the message from multipass above' });
}

/**
 * `exec` returns the remote command's exit code and stderr, which may well say "already
 * exists" or "timed out waiting for" (kubectl does). Only Multipass's own prefixed lines
 * count as Multipass failures; anything else is the command's result, not an error.
 */
function classifyExecFailure(res: CommandResult, instance?: string): MultipassError | null {
  const own = res.stderr
    .split('\n')
    .find((l) => /^exec failed:|cannot connect to the multipass socket/i.test(l.trim()));
  if (!own) return null;
  return classifyFailure({ ...res, stderr: own.trim() }, { instance }) ?? null;
}
