// Multipass reports failures as an exit code (include/multipass/cli/return_codes.h: 1
// command line, 2 command failed, 3 daemon failed, 5 timeout from constants.h) plus text on
// stderr: "<cmd> failed: <message>" and often more lines (the instance, the --force advice).
// An unreachable or forbidden daemon socket is exit 2, not 3 (include/multipass/cli/command.h
// in v1.16.3, dispatch_rpc.h on HEAD, turns it into NOT_FOUND / PERMISSION_DENIED). We
// classify on the whole stderr, never only its first line, and turn it into typed errors
// that carry a hint the Hosts page can show as the fix.
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
/** `launch failed: instance "N" is being prepared` (daemon.cpp): an earlier launch still downloads. */
export class InstancePreparingError extends MultipassError {}
/** `stop failed: Cannot shut down …` (base_virtual_machine.cpp): the state refuses a clean stop. */
export class InstanceStateError extends MultipassError {}

/** Every non-empty line of stderr, joined: Multipass often names the instance on line 2. */
const wholeText = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' — ');

/**
 * The instance name Multipass quotes: `instance "N" …` (daemon.cpp), `Instance 'N' does not
 * exist.` (start.cpp), `… suspended instance N.` / `instance N while starting.` (stop).
 */
function quotedInstance(stderr: string): string | undefined {
  return (
    /instance "([^"]+)"/i.exec(stderr)?.[1] ??
    /instance '([^']+)'/i.exec(stderr)?.[1] ??
    /Cannot shut down (?:suspended )?instance ([A-Za-z][A-Za-z0-9-]*)/.exec(stderr)?.[1]
  );
}

const MISSING_RE = /instance "[^"]*" does not exist|instance '[^']*' does not exist/i;
const PREPARING_RE = /instance "[^"]*" is being prepared/i;
const SHUTDOWN_REFUSED_RE = /Cannot shut down /;
const SOCKET_DENIED_RE = /multipass socket access denied/i;

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
/** The lines that can only come from Multipass itself, never from a command run by exec. */
const MULTIPASS_OWN_LINE_RE =
  /^(?:exec failed:|\w+ failed: (?:cannot connect to the multipass socket|multipass socket access denied))|^cannot connect to the multipass socket/i;
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
  const line = wholeText(stderr) || `${argv.slice(0, 2).join(' ')} exited with code ${code}`;
  // Only Multipass's instance wording counts: transfer/sftp errors also say "does not exist".
  if (/instance "[^"]*" already exists/i.test(stderr)) {
    return new InstanceExistsError(line, {
      ...base,
      hint: `name taken: \`multipass delete --purge ${instance ?? 'N'}\` or adopt it`,
    });
  }
  if (MISSING_RE.test(stderr)) {
    return new InstanceMissingError(line, {
      ...base,
      hint: `no instance named ${instance ?? 'N'}: launch it (or check \`multipass list\`)`,
    });
  }
  if (PREPARING_RE.test(stderr)) {
    return new InstancePreparingError(line, {
      ...base,
      hint: `an earlier launch of ${instance ?? 'N'} is still downloading its image: wait for \`multipass info ${instance ?? 'N'}\` to show it`,
    });
  }
  if (SHUTDOWN_REFUSED_RE.test(stderr)) {
    return new InstanceStateError(line, {
      ...base,
      hint: `wait until ${instance ?? 'N'} is Running, or power it off with \`multipass stop --force ${instance ?? 'N'}\``,
    });
  }
  if (SOCKET_DENIED_RE.test(stderr)) {
    return new DaemonUnavailableError(line, {
      ...base,
      hint: 'your user may not use the multipass socket: check its read/write permissions (on Ubuntu the socket group is sudo/admin), or run as a user in that group',
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
 * count as Multipass failures, together with every line after them (`exec failed: The
 * following errors occurred:` names the instance on the next line); anything else is the
 * command's result, not an error.
 */
function classifyExecFailure(res: CommandResult, instance?: string): MultipassError | null {
  const lines = res.stderr.split('\n');
  const at = lines.findIndex((l) => MULTIPASS_OWN_LINE_RE.test(l.trim()));
  if (at < 0) return null;
  const own = lines.slice(at).join('\n').trim();
  return classifyFailure({ ...res, stderr: own }, { instance }) ?? null;
}
