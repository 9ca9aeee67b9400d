// Multipass as a HostProvider against the stand-in multipass: provision (VMs, the real
// runRoleSetup over stand-in role scripts, the agent bundle), connect without setup,
// status, verify with the agent's own self-check, destroy with purge.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStandin, type Standin } from '@/test/fixtures/multipass/standin';
import { createFakeRoles, type FakeRoles } from '@/test/fixtures/multipass/fake-roles';
import { descendantsOf } from '@/server/process/proc-tree';
import { MultipassNotInstalledError } from './multipass-errors';
import { MultipassProvider } from './multipass-provider';
import { MultipassPairProvider } from './multipass-pair-provider';
import { createMultipassPairProvider } from './create-provider';
import { MultipassEnvError } from './multipass-env';

let standin: Standin;
let roles: FakeRoles;
let work: string;
let provider: MultipassPairProvider;
const lines: string[] = [];

beforeAll(() => {
  standin = createStandin();
  roles = createFakeRoles({
    prometheusUrl: 'http://127.0.0.1:9',
    gatewayPassword: 'pw-standin',
    k3sName: 'lbweb-pp-k3s',
  });
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-pair-'));
  const lifecycle = new MultipassProvider({
    cli: standin.cli,
    keyRoot: path.join(work, 'keys'),
    ipTimeoutMs: 15_000,
    bootTimeoutMs: 15_000,
  });
  provider = new MultipassPairProvider({
    lifecycle,
    spec: { project: 'pp' },
    workDir: work,
    scriptsDir: roles.dir,
    functions: ['figlet'],
  });
});

afterAll(() => {
  standin.cleanup();
  roles.cleanup();
  fs.rmSync(work, { recursive: true, force: true });
  expect(descendantsOf(process.pid).filter((p) => p.comm !== 'esbuild')).toEqual([]);
});

describe('MultipassPairProvider on the stand-in', () => {
  it('provision: both VMs, role setup streamed, agent bundle on the runner, auth and NodePort URLs', async () => {
    expect(await provider.connect()).toBeNull();
    const pair = await provider.provision({ onProgress: (p) => lines.push(`${p.role}:${p.step}:${p.message}`) });
    const k3sIp = (await standin.cli.info('lbweb-pp-k3s')).ipv4[0];
    expect(pair).toMatchObject({
      gatewayUrl: `http://${k3sIp}:31112`,
      prometheusUrl: `http://${k3sIp}:30411`,
      gatewayAuth: `Basic ${Buffer.from('admin:pw-standin').toString('base64')}`,
      agentCommand: ['node', '/home/ubuntu/lb-agent/agent.mjs'],
    });
    expect([pair.k3s.name, pair.runner.name, pair.runner.lbWorkdir]).toEqual([
      'lbweb-pp-k3s',
      'lbweb-pp-runner',
      '/home/ubuntu/.lb',
    ]);
    expect(lines).toEqual(
      expect.arrayContaining([
        'runner:bundle:building the agent bundle (esbuild)',
        'k3s:setup:[k3s] kubectl and curl stand-ins installed',
        'k3s:done:k3s setup v1 finished on lbweb-pp-k3s',
      ]),
    );
    expect(lines.some((l) => l.startsWith('runner:output:duckdb ok 1.5.6-r.1'))).toBe(true);
    const agentDir = path.join(standin.home('lbweb-pp-runner'), 'lb-agent');
    expect(fs.readdirSync(agentDir)).toEqual(expect.arrayContaining(['agent.mjs', 'package.json', 'node_modules']));
    expect(JSON.parse(fs.readFileSync(path.join(agentDir, 'package.json'), 'utf8')).dependencies).toEqual({
      '@duckdb/node-api': '1.5.6-r.1',
    });
  }, 120_000);

  it('connect: the running pair without setup; a stale agent build is replaced', async () => {
    const agent = path.join(standin.home('lbweb-pp-runner'), 'lb-agent', 'agent.mjs');
    const fresh = fs.readFileSync(agent, 'utf8');
    fs.writeFileSync(agent, '// an older build\n');
    const before = standin.calls().length;
    const pair = await provider.connect();
    expect(pair?.gatewayAuth).toMatch(/^Basic /);
    const calls = standin.calls().slice(before);
    expect(calls.some((c) => c.includes('bash'))).toBe(false);
    expect(fs.readFileSync(agent, 'utf8')).toBe(fresh);
  }, 60_000);

  it('status maps Multipass states; verify runs FORMATS.md §1 step 2 and the agent self-check', async () => {
    const st = await provider.status();
    expect(st.hosts.map((h) => [h.role, h.state])).toEqual([
      ['k3s', 'running'],
      ['runner', 'running'],
    ]);
    expect(st.gatewayUrl).toMatch(/^http:\/\/10\.0\.0\.\d+:31112$/);
    const checks = await provider.verify();
    const by = Object.fromEntries(checks.map((c) => [c.name, c]));
    for (const name of [
      'k3s node Ready',
      'OpenFaaS gateway deployed',
      'Prometheus deployed',
      'faas-cli installed',
      'agent self-check (DuckDB)',
    ])
      expect(by[name]?.ok, name).toBe(true);
    expect(by['agent self-check (DuckDB)']?.command).toBe('node /home/ubuntu/lb-agent/agent.mjs --self-check');
    expect(by['agent self-check (DuckDB)']?.output).toMatch(/"duckdb":"v1\.5\.6"/);
    // No k6 on this machine (see fake-roles), and nothing listens on the fake Prometheus URL.
    expect(by['k6 installed']).toMatchObject({ ok: false, output: expect.stringMatching(/command not found/) });
    expect(by['Prometheus ready']?.ok).toBe(false);
  }, 60_000);

  it('destroy purges both VMs', async () => {
    await provider.destroy();
    expect(await standin.cli.list()).toEqual([]);
    expect((await provider.status()).hosts.map((h) => h.state)).toEqual(['absent', 'absent']);
  });
});

describe('createMultipassPairProvider (server/CLI settings)', () => {
  it('a missing multipass binary is a clear error before anything starts', () => {
    const err = (() => {
      try {
        createMultipassPairProvider(work, { PATH: '/nonexistent' });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(MultipassNotInstalledError);
    expect((err as Error).message).toMatch(/multipass executable "multipass" not found.*sudo snap install multipass/);
  });

  it('bad settings name the environment variable', () => {
    expect(() =>
      createMultipassPairProvider(work, { LBWEB_MULTIPASS_K3S_MEMORY: '64M', LBWEB_MULTIPASS_PROJECT: 'Bad_Name' }),
    ).toThrow(MultipassEnvError);
    expect(() => createMultipassPairProvider(work, { LBWEB_MULTIPASS_K3S_MEMORY: '64M' })).toThrow(
      /LBWEB_MULTIPASS_K3S_MEMORY: memory "64M" is below Multipass's minimum of 128M/,
    );
    expect(() => createMultipassPairProvider(work, { LBWEB_MULTIPASS_RUNNER_CPUS: 'two' })).toThrow(
      /LBWEB_MULTIPASS_RUNNER_CPUS must be an integer/,
    );
    expect(() => createMultipassPairProvider(work, { LBWEB_MULTIPASS_GATEWAY_URL: 'k3s:31112' })).toThrow(
      /LBWEB_MULTIPASS_GATEWAY_URL must be an http:\/\/ or https:\/\/ URL/,
    );
  });

  it('uses the binary from LBWEB_MULTIPASS_BIN and lb-web defaults', () => {
    const p = createMultipassPairProvider(work, {
      LBWEB_MULTIPASS_BIN: path.resolve('test/fixtures/multipass/multipass'),
    });
    expect(p.spec).toMatchObject({
      project: 'main',
      k3s: { name: 'lbweb-main-k3s', cpus: 4, memory: '8G', disk: '20G' },
      runner: { name: 'lbweb-main-runner', cpus: 2 },
    });
  });
});
