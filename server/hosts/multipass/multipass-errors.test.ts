import { describe, expect, it } from 'vitest';
import type { CommandResult } from '@/server/process/run-command';
import {
  CommandFailedError,
  CommandLineError,
  DaemonUnavailableError,
  InstanceExistsError,
  InstanceMissingError,
  InstancePreparingError,
  InstanceStateError,
  LaunchTimeoutError,
  MultipassNotInstalledError,
  classifyFailure,
} from './multipass-errors';
import { UnsafeRemoteArgError, remoteArgv } from './remote-argv';

const res = (
  args: string[],
  code: number | null,
  stderr: string,
  extra: Partial<CommandResult> = {},
): CommandResult => ({
  argv: ['multipass', ...args],
  code,
  signal: null,
  stdout: '',
  stderr,
  timedOut: false,
  ...extra,
});

describe('classifyFailure', () => {
  it('returns null on success', () => {
    expect(classifyFailure(res(['list'], 0, ''))).toBeNull();
  });

  it('maps ENOENT to MultipassNotInstalledError with the install hint', () => {
    const err = classifyFailure(res(['version'], null, '', { spawnError: 'spawn multipass ENOENT' }));
    expect(err).toBeInstanceOf(MultipassNotInstalledError);
    expect(err?.hint).toBe('install Multipass: sudo snap install multipass');
  });

  it('exit 1 → CommandLineError', () => {
    const err = classifyFailure(res(['launch', '--bogus'], 1, "Unknown option 'bogus'.\n"));
    expect(err).toBeInstanceOf(CommandLineError);
    expect(err?.exitCode).toBe(1);
  });

  it('exit 2 + "already exists" → InstanceExistsError naming the purge command', () => {
    const err = classifyFailure(
      res(['launch', '24.04', '--name', 'lbweb-p-k3s'], 2, 'launch failed: instance "lbweb-p-k3s" already exists\n'),
    );
    expect(err).toBeInstanceOf(InstanceExistsError);
    expect(err?.hint).toContain('multipass delete --purge lbweb-p-k3s');
    expect(err?.instance).toBe('lbweb-p-k3s');
    expect(err?.message).toContain('launch failed: instance "lbweb-p-k3s" already exists');
  });

  it('exit 2 + "does not exist" → InstanceMissingError', () => {
    const err = classifyFailure(
      res(['info', 'ghost'], 2, 'info failed: The following errors occurred:\ninstance "ghost" does not exist\n'),
    );
    expect(err).toBeInstanceOf(InstanceMissingError);
    expect(err?.instance).toBe('ghost');
  });

  it('exit 2 otherwise → CommandFailedError carrying stderr', () => {
    const err = classifyFailure(
      res(['transfer', 'a', 'x:/b'], 2, "transfer failed: [sftp] cannot access 'a': no such file or directory\n"),
    );
    expect(err).toBeInstanceOf(CommandFailedError);
    expect(err?.stderr).toContain('no such file or directory');
    expect(err?.exitCode).toBe(2);
  });

  it('exit 3 → DaemonUnavailableError with the restart hint', () => {
    const err = classifyFailure(res(['list'], 3, 'cannot connect to the multipass socket\n'));
    expect(err).toBeInstanceOf(DaemonUnavailableError);
    expect(err?.hint).toContain('sudo snap start multipass');
  });

  it('exit 5 and "timed out waiting for" → LaunchTimeoutError telling to check info first', () => {
    for (const [code, msg] of [
      [5, 'launch failed: timed out waiting for initialization to complete'],
      [5, 'timed out waiting for response'],
      [2, 'launch failed: timed out waiting for response'],
    ] as const) {
      const err = classifyFailure(res(['launch', '24.04', '--name', 'vm1'], code, `${msg}\n`), { instance: 'vm1' });
      expect(err).toBeInstanceOf(LaunchTimeoutError);
      expect(err?.hint).toContain('multipass info vm1');
    }
  });

  it('our own timeout: LaunchTimeoutError for launch, CommandFailedError otherwise', () => {
    expect(classifyFailure(res(['launch', 'lts'], null, '', { timedOut: true }))).toBeInstanceOf(LaunchTimeoutError);
    expect(classifyFailure(res(['list'], null, '', { timedOut: true }))).toBeInstanceOf(CommandFailedError);
  });

  it('exec: the remote exit code and stderr are a result, not an error', () => {
    expect(
      classifyFailure(res(['exec', 'vm', '--', 'kubectl'], 1, 'error: timed out waiting for the condition\n'), {
        remoteExit: true,
      }),
    ).toBeNull();
    expect(
      classifyFailure(res(['exec', 'vm', '--', 'false'], 3, 'namespace "openfaas" already exists\n'), {
        remoteExit: true,
      }),
    ).toBeNull();
    expect(
      classifyFailure(res(['exec', 'vm', '--', 'x'], 2, 'exec failed: instance "vm" does not exist\n'), {
        remoteExit: true,
      }),
    ).toBeInstanceOf(InstanceMissingError);
    expect(
      classifyFailure(res(['exec', 'vm', '--', 'x'], 3, 'cannot connect to the multipass socket\n'), {
        remoteExit: true,
      }),
    ).toBeInstanceOf(DaemonUnavailableError);
  });
});

// Texts as Multipass 1.16 prints them (file beside each case), whole stderr, real exit codes.
describe('classifyFailure on Multipass texts', () => {
  it('exec on a missing instance names it on the second line (daemon.cpp grpc_status_for)', () => {
    const err = classifyFailure(
      res(['exec', 'vm', '--', 'x'], 2, 'exec failed: The following errors occurred:\ninstance "vm" does not exist\n'),
      { remoteExit: true, instance: 'vm' },
    );
    expect(err).toBeInstanceOf(InstanceMissingError);
    expect(err?.message).toContain('instance "vm" does not exist');
  });

  it('start on a missing instance: single quotes (start.cpp absent_error_fmt)', () => {
    const err = classifyFailure(
      res(['start', 'vm'], 2, "start failed: instance(s) missing\nInstance 'vm' does not exist.\n"),
    );
    expect(err).toBeInstanceOf(InstanceMissingError);
    expect(err?.instance).toBe('vm');
  });

  it('an unreachable or forbidden socket is exit 2 and still the daemon (command.h, dispatch_rpc.h)', () => {
    for (const msg of [
      'list failed: cannot connect to the multipass socket',
      'list failed: multipass socket access denied',
    ]) {
      const err = classifyFailure(res(['list'], 2, `${msg}\n`));
      expect(err).toBeInstanceOf(DaemonUnavailableError);
      expect(err?.exitCode).toBe(2);
    }
    expect(classifyFailure(res(['list'], 2, 'list failed: multipass socket access denied\n'))?.hint).toMatch(
      /permission/,
    );
    const viaExec = classifyFailure(
      res(['exec', 'vm', '--', 'x'], 2, 'exec failed: multipass socket access denied\n'),
      {
        remoteExit: true,
      },
    );
    expect(viaExec).toBeInstanceOf(DaemonUnavailableError);
  });

  it('"is being prepared" (daemon.cpp launch) is its own error, not a generic failure', () => {
    const err = classifyFailure(
      res(['launch', 'noble', '--name', 'vm'], 2, 'launch failed: instance "vm" is being prepared\n'),
    );
    expect(err).toBeInstanceOf(InstancePreparingError);
    expect(err?.instance).toBe('vm');
  });

  it('a refused stop keeps its --force advice (stop.cpp, base_virtual_machine.cpp)', () => {
    const err = classifyFailure(
      res(['stop', 'vm'], 2, 'stop failed: Cannot shut down suspended instance vm.\nUse --force to power it off.\n'),
    );
    expect(err).toBeInstanceOf(InstanceStateError);
    expect(err?.instance).toBe('vm');
    expect(err?.message).toContain('Use --force to power it off.');
  });

  it('the launch timer text (launch.cpp make_timer) with exit 5', () => {
    const err = classifyFailure(
      res(['launch', 'noble', '--name', 'vm'], 5, 'Timed out waiting for instance launch.\n'),
    );
    expect(err).toBeInstanceOf(LaunchTimeoutError);
  });
});

describe('remoteArgv', () => {
  it('passes plain argv and wraps cwd/env with env -C', () => {
    expect(remoteArgv(['ls', '-la'])).toEqual(['ls', '-la']);
    expect(remoteArgv(['node', 'agent.mjs'], { cwd: '/home/ubuntu/lb_workdir', env: { A: '1' } })).toEqual([
      'env',
      '-C',
      '/home/ubuntu/lb_workdir',
      'A=1',
      'node',
      'agent.mjs',
    ]);
  });

  it('refuses words that Multipass quoting would change', () => {
    expect(() => remoteArgv(['echo', "it's $HOME"])).toThrow(UnsafeRemoteArgError);
    expect(() => remoteArgv(['echo', 'a\nb'])).toThrow(/newline/);
    expect(remoteArgv(['echo', "it's fine"])).toEqual(['echo', "it's fine"]);
    expect(remoteArgv(['sh', '-c', 'echo "$1" >> "$HOME/x"', 'n', 'v'])).toHaveLength(5);
    expect(() => remoteArgv(['x'], { env: { 'BAD-NAME': '1' } })).toThrow(/invalid environment variable name/);
  });
});
