// Role setup and verification mechanics on the stand-in multipass: scripts are pushed to
// the "VM" (a local directory), run with sudo dropped, and their output streamed. The real
// scripts install k3s and friends, so here they are only syntax-checked and argument-checked;
// a scripted stand-in for each role script drives the streaming and failure paths.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '@/server/process/run-command';
import { MultipassHost } from '@/server/hosts/multipass/multipass-host';
import { createStandin, type Standin } from '@/test/fixtures/multipass/standin';
import { STANDIN_ROLE_MARK } from '@/test/fixtures/multipass/fake-roles';
import type { ProgressListener } from '@/server/hosts/host';
import { REMOTE_AGENT_DIR, RoleSetupError, roleSetupArgv, runRoleSetup } from './role-setup';
import { runVerification } from './verification';

const REAL_SCRIPTS = path.resolve('scripts/roles');
let standin: Standin;
let scripts: string;

beforeEach(async () => {
  standin = createStandin();
  await standin.cli.launch({ name: 'lbweb-s-k3s', image: '24.04', cpus: 4, memory: '8G', disk: '20G', timeoutS: 600 });
  await standin.cli.launch({
    name: 'lbweb-s-runner',
    image: '24.04',
    cpus: 2,
    memory: '4G',
    disk: '10G',
    timeoutS: 600,
  });
  // A copy of the real scripts dir whose role scripts are replaced by scripted stand-ins.
  scripts = fs.mkdtempSync(path.join(os.tmpdir(), 'roles-'));
  fs.cpSync(REAL_SCRIPTS, scripts, { recursive: true });
  fs.writeFileSync(
    path.join(scripts, 'k3s-setup.sh'),
    [
      '#!/usr/bin/env bash',
      STANDIN_ROLE_MARK,
      'set -euo pipefail',
      'source "$(dirname "$0")/lib/common.sh"',
      'ROLE=k3s',
      'step "args: $*"',
      'echo "K3S_VERSION=${K3S_VERSION:-unset}"',
      'ls "$(dirname "$0")/manifests"',
      'echo LBWEB_SETUP_DONE role=k3s version=1',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(scripts, 'runner-setup.sh'),
    [
      '#!/usr/bin/env bash',
      STANDIN_ROLE_MARK,
      'set -euo pipefail',
      'source "$(dirname "$0")/lib/common.sh"',
      'ROLE=runner',
      'step "installing k6"',
      'die "k6 download failed: network unreachable"',
      '',
    ].join('\n'),
  );
});
afterEach(() => {
  standin.cleanup();
  fs.rmSync(scripts, { recursive: true, force: true });
});

describe('runRoleSetup', () => {
  it('pushes the scripts, runs the role script as root with its args, streams progress', async () => {
    const host = new MultipassHost(standin.cli, 'lbweb-s-k3s', 'k3s');
    const lines: string[] = [];
    const steps: string[] = [];
    const onProgress: ProgressListener = (p) => steps.push(`${p.step}:${p.message}`);
    const res = await runRoleSetup(host, {
      scriptsDir: scripts,
      functions: ['figlet', 'env'],
      versions: { K3S_VERSION: 'v1.31.4+k3s1' },
      onLine: (l) => lines.push(l),
      onProgress,
    });
    expect(res).toMatchObject({ role: 'k3s', host: 'lbweb-s-k3s', scriptVersion: 1 });
    expect(lines).toContain('K3S_VERSION=v1.31.4+k3s1');
    expect(lines).toEqual(expect.arrayContaining(['cadvisor.yaml', 'prometheus.yaml']));
    expect(steps).toContain('setup:[k3s] args: --functions figlet,env');
    const exec = standin.calls().find((c) => c[0] === 'exec' && c.includes('bash'))!;
    expect(exec.slice(2)).toEqual([
      '--',
      'sudo',
      'env',
      'K3S_VERSION=v1.31.4+k3s1',
      'bash',
      '/home/ubuntu/lbweb-setup/lib/run-locked.sh',
      '/home/ubuntu/lbweb-setup-run/k3s-setup.pid',
      '/home/ubuntu/lbweb-setup/k3s-setup.sh',
      '--functions',
      'figlet,env',
    ]);
    // Re-running is fine: the scripts dir is merged, not nested.
    await runRoleSetup(host, { scriptsDir: scripts });
    expect(fs.existsSync(path.join(standin.home('lbweb-s-k3s'), 'lbweb-setup', 'lbweb-setup'))).toBe(false);
  });

  it("a failing script → RoleSetupError naming the role, host and the script's own error line", async () => {
    const host = new MultipassHost(standin.cli, 'lbweb-s-runner', 'runner');
    const err = await runRoleSetup(host, { scriptsDir: scripts }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RoleSetupError);
    expect((err as RoleSetupError).message).toBe(
      'runner setup on lbweb-s-runner failed (exit 1): [runner] k6 download failed: network unreachable; it is safe to run it again',
    );
    expect((err as RoleSetupError).tail).toContain('==> [runner] installing k6');
  });

  it('pushes the agent bundle to the runner before its script runs', async () => {
    const bundle = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-'));
    fs.writeFileSync(path.join(bundle, 'agent.mjs'), '// agent\n');
    const host = new MultipassHost(standin.cli, 'lbweb-s-runner', 'runner');
    await runRoleSetup(host, { scriptsDir: scripts, agentBundleDir: bundle }).catch(() => undefined);
    expect(fs.readFileSync(path.join(standin.home('lbweb-s-runner'), 'lb-agent', 'agent.mjs'), 'utf8')).toBe(
      '// agent\n',
    );
    fs.rmSync(bundle, { recursive: true, force: true });
  });

  it('the stand-in refuses to run the real role scripts on this machine', async () => {
    const host = new MultipassHost(standin.cli, 'lbweb-s-runner', 'runner');
    const err = await runRoleSetup(host, { scriptsDir: REAL_SCRIPTS }).catch((e: unknown) => e);
    expect((err as RoleSetupError).message).toMatch(/exit 126.*refusing to run the real role script runner-setup\.sh/);
  });

  it('rejects bad input before touching the host', () => {
    expect(() => roleSetupArgv('k3s', { scriptsDir: REAL_SCRIPTS, functions: ['figlet; rm -rf /'] })).toThrow(
      /invalid function name/,
    );
    expect(() => roleSetupArgv('k3s', { scriptsDir: REAL_SCRIPTS, versions: { K3S_VERSION: '$(id)' } })).toThrow(
      /not a version string/,
    );
    expect(() => roleSetupArgv('runner', { scriptsDir: REAL_SCRIPTS, versions: { PATH: '/x' } as never })).toThrow(
      /unknown version override PATH/,
    );
    expect(() => roleSetupArgv('runner', { scriptsDir: os.tmpdir() })).toThrow(/runner-setup\.sh is missing/);
    expect(roleSetupArgv('runner', { scriptsDir: REAL_SCRIPTS })).toEqual([
      'sudo',
      'bash',
      '/home/ubuntu/lbweb-setup/lib/run-locked.sh',
      '/home/ubuntu/lbweb-setup-run/runner-setup.pid',
      '/home/ubuntu/lbweb-setup/runner-setup.sh',
      '--agent-dir',
      REMOTE_AGENT_DIR,
    ]);
  });
});

describe('the real role scripts', () => {
  it('parse, are executable, carry a version and refuse bad arguments before installing anything', async () => {
    for (const f of ['k3s-setup.sh', 'runner-setup.sh', 'lib/common.sh', 'lib/run-locked.sh', 'lib/setup-leader.sh']) {
      const syntax = await runCommand(['bash', '-n', path.join(REAL_SCRIPTS, f)]);
      expect(syntax.code, `${f}: ${syntax.stderr}`).toBe(0);
    }
    for (const f of ['k3s-setup.sh', 'runner-setup.sh']) {
      const text = fs.readFileSync(path.join(REAL_SCRIPTS, f), 'utf8');
      expect(text).toMatch(/^set -euo pipefail$/m);
      expect(text).toMatch(/^SCRIPT_VERSION=\d+$/m);
      expect(fs.statSync(path.join(REAL_SCRIPTS, f)).mode & 0o111).not.toBe(0);
    }
    const bad = await runCommand(['bash', path.join(REAL_SCRIPTS, 'k3s-setup.sh'), '--functions', 'Bad;name']);
    expect(bad).toMatchObject({ code: 1 });
    expect(bad.stderr).toContain("invalid function name: 'Bad;name'");
    const rel = await runCommand(['bash', path.join(REAL_SCRIPTS, 'runner-setup.sh'), '--agent-dir', 'relative']);
    expect(rel.stderr).toContain('must be absolute paths');
    const prom = fs.readFileSync(path.join(REAL_SCRIPTS, 'manifests', 'prometheus.yaml'), 'utf8');
    expect(prom).toMatch(/nodePort: 30411/);
    expect(prom).toMatch(/node-exporter\.openfaas\.svc\.cluster\.local:9100/);
    expect(prom).toMatch(/cadvisor\.openfaas\.svc\.cluster\.local:8080/);
  });
});

describe('runner verification on the stand-in', () => {
  it('runs the real DuckDB self-check pushed by setup', async () => {
    const host = new MultipassHost(standin.cli, 'lbweb-s-runner', 'runner');
    await host.push(REAL_SCRIPTS, '/home/ubuntu/lbweb-setup', { recursive: true });
    // The "installed" agent: this repository's node_modules, where @duckdb/node-api is pinned.
    fs.mkdirSync(path.join(standin.home('lbweb-s-runner'), 'lb-agent'), { recursive: true });
    fs.symlinkSync(path.resolve('node_modules'), path.join(standin.home('lbweb-s-runner'), 'lb-agent', 'node_modules'));
    const checks = await runVerification(host);
    const selfCheck = checks.find((c) => c.name === 'agent self-check (DuckDB)')!;
    expect(selfCheck.ok).toBe(true);
    expect(selfCheck.output).toMatch(/^duckdb ok 1\.5\.6-r\.1/);
    expect(selfCheck.command).toBe('node /home/ubuntu/lbweb-setup/agent-self-check.mjs /home/ubuntu/lb-agent');
  });
});
