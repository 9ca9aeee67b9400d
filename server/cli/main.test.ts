import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { liveProcesses } from '@/server/process/owned-process';
import { runCommand } from '@/server/process/run-command';
import { planServe } from './commands/serve';
import type { CliIo } from './commands/types';
import { main, parseCommandLine, REPO_ROOT } from './main';

function capture(): CliIo & { outText: () => string; errText: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    outText: () => out.join('\n'),
    errText: () => err.join('\n'),
  };
}

describe('parseCommandLine', () => {
  it('finds commands and passes the rest through', () => {
    const p = parseCommandLine(['serve', '-p', '4000']);
    expect(p.kind === 'command' && [p.command.name, p.args]).toEqual(['serve', ['-p', '4000']]);
    expect(parseCommandLine(['--help'])).toEqual({ kind: 'help' });
    expect(parseCommandLine(['--version'])).toEqual({ kind: 'version' });
    expect(parseCommandLine([])).toMatchObject({ kind: 'error', message: /no command/ });
    expect(parseCommandLine(['deploy'])).toMatchObject({ kind: 'error', message: /unknown command "deploy"/ });
  });
});

describe('main', () => {
  it('prints usage and exits 2 on an unknown command', async () => {
    const io = capture();
    expect(await main(['frobnicate'], { io })).toBe(2);
    expect(io.errText()).toMatch(/unknown command "frobnicate"[\s\S]*usage: lb-web <command>[\s\S]*serve[\s\S]*doctor/);
  });

  it('prints help on stdout with exit 0', async () => {
    const io = capture();
    expect(await main(['help'], { io })).toBe(0);
    expect(io.outText()).toMatch(/commands:/);
  });

  it.each([
    [['run'], /-c <config\.json> is required/],
    [['run', '-c', 'x.json', '--provider', 'aws'], /--provider aws: provider must be one of local, multipass, ssh/],
    [['run', '-c', 'x.json', '--run-id', '../x'], /--run-id \.\.\/x: run id must be/],
    [['run', '-c', '/nonexistent/config.json'], /cannot read the config \/nonexistent\/config\.json: ENOENT/],
    [['run', '--frob'], /Unknown option '--frob'/],
    [['stop'], /give exactly one run id or run directory/],
    [['stop', 'bad id!'], /neither a run directory nor a run id/],
    [['hosts'], /expected one of up, status, down, verify/],
    [['hosts', 'status', '--provider', 'aws'], /provider must be one of local, multipass, ssh/],
    [['doctor', 'now'], /unexpected argument now/],
  ])('%j is a usage error (exit 2)', async (argv, message) => {
    const io = capture();
    expect(await main(argv, { io, env: {}, cwd: '/tmp' })).toBe(2);
    expect(io.errText()).toMatch(message);
    expect(liveProcesses()).toHaveLength(0);
  });

  it('run: an invalid config lists every bad field, exits 2 and creates nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cli-bad-'));
    writeFileSync(
      path.join(dir, 'bad.json'),
      JSON.stringify({ plugin_settings: { peva_faas: { functions: [], duration: '10', iterations: 0 } } }),
    );
    const io = capture();
    expect(await main(['run', '-c', 'bad.json', '--output', 'out'], { io, env: {}, cwd: dir })).toBe(2);
    expect(io.errText()).toMatch(/invalid PEVA-FAAS config .*bad\.json; nothing was started/);
    expect(io.errText()).toMatch(/^ {2}functions: /m);
    expect(io.errText()).toMatch(/^ {2}duration: duration must be <number><unit>/m);
    expect(io.errText()).toMatch(/^ {2}iterations: /m);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
    writeFileSync(path.join(dir, 'notjson.json'), '{ functions: ');
    expect(await main(['run', '-c', 'notjson.json'], { io, env: {}, cwd: dir })).toBe(2);
    expect(io.errText()).toMatch(/notjson\.json is not JSON/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('stop: a run that does not exist is an error naming where it looked', async () => {
    const io = capture();
    expect(
      await main(['stop', 'run-20990101-000000', '--output', '/tmp/lbweb-no-such-root'], { io, env: {}, cwd: '/tmp' }),
    ).toBe(1);
    expect(io.errText()).toMatch(/no run at \/tmp\/lbweb-no-such-root\/run-20990101-000000/);
  });

  it('serve refuses a non-loopback bind without LBWEB_TOKEN and starts nothing', async () => {
    const io = capture();
    const code = await main(['serve', '--host', '0.0.0.0'], { io, env: {}, cwd: '/tmp' });
    expect(code).toBe(2);
    expect(io.errText()).toMatch(/refusing to start[\s\S]*LBWEB_TOKEN: is required because LBWEB_HOST=0\.0\.0\.0/);
    expect(liveProcesses()).toHaveLength(0);
  });
});

describe('planServe', () => {
  const ctx = { env: {}, cwd: '/srv/work', repoRoot: REPO_ROOT };

  it('uses loopback:3000 by default with absolute roots for the child', () => {
    const r = planServe([], ctx);
    if (!r.ok) throw new Error(r.message);
    expect(r.plan.url).toBe('http://127.0.0.1:3000/');
    expect(r.plan.childEnv).toMatchObject({
      LBWEB_OUTPUT_ROOT: '/srv/work/data/runs',
      LBWEB_HOSTS_ROOT: '/srv/work/data/hosts',
      LBWEB_PORT: '3000',
    });
    expect(r.plan.nextBin).toMatch(/node_modules\/next\/dist\/bin\/next$/);
    expect(r.plan.needsBuild).toBe(!existsSync(path.join(REPO_ROOT, '.next', 'BUILD_ID')));
  });

  it('accepts flags over env, and a non-loopback bind with a token', () => {
    const r = planServe(['-H', '::1', '-p', '4100'], { ...ctx, env: { LBWEB_HOST: '10.0.0.1', LBWEB_PORT: '1' } });
    expect(r.ok && r.plan.url).toBe('http://[::1]:4100/');
    const open = planServe(['--host', '0.0.0.0'], { ...ctx, env: { LBWEB_TOKEN: 'a-long-secret' } });
    expect(open.ok).toBe(true);
  });

  it('rejects bad flags and bad ports with exit 2, help with exit 0', () => {
    expect(planServe(['--bogus'], ctx)).toMatchObject({ ok: false, exitCode: 2, message: /Unknown option '--bogus'/ });
    expect(planServe(['extra'], ctx)).toMatchObject({ ok: false, exitCode: 2 });
    expect(planServe(['-p', 'http'], ctx)).toMatchObject({
      ok: false,
      exitCode: 2,
      message: /LBWEB_PORT \(got "http"\)/,
    });
    expect(planServe(['--help'], ctx)).toMatchObject({ ok: false, exitCode: 0, message: /^usage: lb-web serve/ });
  });

  it('says how to fix a missing Next install', () => {
    expect(planServe([], { ...ctx, repoRoot: '/nonexistent' })).toMatchObject({
      ok: false,
      exitCode: 1,
      message: /npm install/,
    });
  });
});

describe('bin/lb-web.mjs', () => {
  const bin = path.join(REPO_ROOT, 'bin', 'lb-web.mjs');

  it('loads the TypeScript CLI through tsx from any cwd', async () => {
    const r = await runCommand([process.execPath, bin, 'nope'], { cwd: '/', timeoutMs: 20_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command "nope"/);
  });

  it('refuses `serve` on 0.0.0.0 without a token', async () => {
    const env = { PATH: process.env.PATH, LBWEB_HOST: '0.0.0.0' };
    const r = await runCommand([process.execPath, bin, 'serve'], { env, timeoutMs: 20_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/LBWEB_TOKEN: is required/);
  });
});
