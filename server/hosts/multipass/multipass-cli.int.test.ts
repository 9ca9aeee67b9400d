// The driver against the stand-in multipass (test/fixtures/multipass), which reproduces
// the documented CLI: JSON shapes, stderr messages and exit codes.
import { afterEach, describe, expect, it } from 'vitest';
import { createStandin, type Standin } from '@/test/fixtures/multipass/standin';
import { MultipassCli } from './multipass-cli';
import {
  DaemonUnavailableError,
  InstanceExistsError,
  InstanceMissingError,
  LaunchTimeoutError,
  MultipassNotInstalledError,
  CommandFailedError,
} from './multipass-errors';

let standin: Standin | undefined;
afterEach(() => standin?.cleanup());
const launchOpts = { image: '24.04', cpus: 2, memory: '4G', disk: '10G', timeoutS: 600 };

describe('MultipassCli against the stand-in', () => {
  it('launches with argv flags and reads list/info JSON', async () => {
    standin = createStandin();
    const { cli } = standin;
    await cli.launch({ name: 'lbweb-t-k3s', ...launchOpts, cpus: 4, memory: '8G', disk: '20G' });
    expect(standin.calls()[0]).toEqual([
      'launch',
      '24.04',
      '--name',
      'lbweb-t-k3s',
      '--cpus',
      '4',
      '--memory',
      '8G',
      '--disk',
      '20G',
      '--timeout',
      '600',
    ]);
    const list = await cli.list();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ name: 'lbweb-t-k3s', state: 'Running' });
    const info = await cli.info('lbweb-t-k3s');
    expect(info.cpu_count).toBe(4);
    expect(info.memory.total).toBe(8 * 1024 ** 3);
    expect(info.ipv4[0]).toMatch(/^10\.0\.0\.\d+$/);
    expect(info.ipv4.slice(1)).toEqual(['10.42.0.0', '10.42.0.1']);
  });

  it('reads a stopped instance and starts it again', async () => {
    standin = createStandin();
    const { cli } = standin;
    await cli.launch({ name: 'vm-a', ...launchOpts });
    await cli.stop('vm-a');
    const stopped = await cli.info('vm-a');
    expect(stopped).toMatchObject({ state: 'Stopped', cpu_count: null, memory: {}, disks: {}, ipv4: [] });
    await cli.start('vm-a');
    expect((await cli.info('vm-a')).state).toBe('Running');
  });

  it('maps "already exists", "does not exist" and exit codes to typed errors', async () => {
    standin = createStandin();
    const { cli } = standin;
    await cli.launch({ name: 'vm-b', ...launchOpts });
    const exists = await cli.launch({ name: 'vm-b', ...launchOpts }).catch((e: unknown) => e);
    expect(exists).toBeInstanceOf(InstanceExistsError);
    expect((exists as InstanceExistsError).exitCode).toBe(2);
    expect((exists as InstanceExistsError).hint).toContain('multipass delete --purge vm-b');
    await expect(cli.info('ghost')).rejects.toBeInstanceOf(InstanceMissingError);
    expect(await cli.tryInfo('ghost')).toBeNull();
    await expect(cli.exec('ghost', ['true'])).rejects.toBeInstanceOf(InstanceMissingError);
    await expect(cli.launch({ name: 'vm-c', ...launchOpts, memory: '64M' })).rejects.toBeInstanceOf(CommandFailedError);
  });

  it('exec returns the remote exit code and output as a result', async () => {
    standin = createStandin();
    const { cli } = standin;
    await cli.launch({ name: 'vm-d', ...launchOpts });
    const res = await cli.exec('vm-d', ['sh', '-c', 'echo out; echo err >&2; exit 7']);
    expect(res).toMatchObject({ code: 7, stdout: 'out\n', stderr: 'err\n', timedOut: false });
    const cwd = await cli.exec('vm-d', ['pwd'], { cwd: '/home/ubuntu', env: { LBWEB_X: 'y' } });
    expect(cwd.stdout.trim()).toBe(standin.home('vm-d'));
  });

  it('daemon down → DaemonUnavailableError (exit 2, as command.h/dispatch_rpc.h report an unreachable socket); version lacks multipassd', async () => {
    standin = createStandin({ MULTIPASS_STANDIN_DAEMON_DOWN: '1' });
    await expect(standin.cli.list()).rejects.toBeInstanceOf(DaemonUnavailableError);
    expect((await standin.cli.version()).multipassd).toBeUndefined();
  });

  it('launch timeout → LaunchTimeoutError (exit 5), and the VM exists afterwards', async () => {
    standin = createStandin({ MULTIPASS_STANDIN_LAUNCH_TIMEOUT: 'always' });
    const err = await standin.cli.launch({ name: 'vm-e', ...launchOpts }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LaunchTimeoutError);
    expect((err as LaunchTimeoutError).exitCode).toBe(5);
    expect((await standin.cli.info('vm-e')).state).toBe('Running');
  });

  it('a missing binary → MultipassNotInstalledError with the install hint', async () => {
    const cli = new MultipassCli({ binary: '/nonexistent/multipass' });
    const err = await cli.version().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MultipassNotInstalledError);
    expect((err as MultipassNotInstalledError).hint).toBe('install Multipass: sudo snap install multipass');
  });

  it('delete with purge frees the name; without purge it stays taken', async () => {
    standin = createStandin();
    const { cli } = standin;
    await cli.launch({ name: 'vm-f', ...launchOpts });
    await cli.delete('vm-f', { purge: false });
    expect((await cli.list())[0]?.state).toBe('Deleted');
    await expect(cli.launch({ name: 'vm-f', ...launchOpts })).rejects.toBeInstanceOf(InstanceExistsError);
    await cli.purge();
    expect(await cli.list()).toEqual([]);
    await cli.launch({ name: 'vm-f', ...launchOpts });
    await cli.delete('vm-f', { purge: true });
    expect(standin.calls().at(-1)).toEqual(['delete', 'vm-f', '--purge']);
    expect(await cli.list()).toEqual([]);
  });
});

describe('MultipassCli.execStream', () => {
  it('says why when the multipass binary is missing', async () => {
    const cli = new MultipassCli({ binary: '/nonexistent/multipass' });
    const errs: string[] = [];
    const handle = cli.execStream('vm', ['true'], { onStderrLine: (l) => errs.push(l) });
    expect(await handle.exited).toEqual({ code: null });
    expect(errs.join('\n')).toMatch(/ENOENT.*sudo snap install multipass/);
  });
});
