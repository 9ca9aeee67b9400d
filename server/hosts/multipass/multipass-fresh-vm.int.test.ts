// Issue 17 §5: the real role scripts' code on a "fresh Ubuntu 24.04 VM" (the stand-in, with
// stand-in apt-get/dpkg/cloud-init/kubectl on its PATH). On first boot unattended-upgrades
// holds the dpkg lock for minutes, and k3s answers `kubectl get nodes` ("No resources
// found") before its node registers, so `kubectl wait node --all` can wait on nothing.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStandin, type Standin } from '@/test/fixtures/multipass/standin';
import { repoRoot } from '@/server/process/repo-root';
import { MultipassHost } from './multipass-host';

const ROLES = path.join(repoRoot(), 'scripts', 'roles');
const VM = 'lbweb-fresh-k3s';
let standin: Standin;
let host: MultipassHost;

beforeEach(async () => {
  standin = createStandin();
  await standin.cli.launch({ name: VM, image: 'noble', cpus: 2, memory: '2G', disk: '10G', timeoutS: 60 });
  host = new MultipassHost(standin.cli, VM, 'k3s');
  await host.push(path.join(ROLES, 'lib'), '/home/ubuntu/roles/lib', { recursive: true });
});
afterEach(() => standin.cleanup());

/** A stand-in tool on the VM's PATH that logs each call as one line. */
function tool(name: string, body: string) {
  const bin = path.join(standin.home(VM), '.local', 'bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(path.join(bin, name), `#!/usr/bin/env bash\necho "${name} $*" >>"$HOME/calls"\n${body}\n`, {
    mode: 0o755,
  });
}
const calls = () =>
  fs
    .readFileSync(path.join(standin.home(VM), 'calls'), 'utf8')
    .trim()
    .split('\n');

async function runOnVm(lines: string[]) {
  await host.writeFile('/home/ubuntu/harness.sh', ['set -euo pipefail', ...lines, ''].join('\n'));
  return host.exec(['bash', '/home/ubuntu/harness.sh'], { timeoutMs: 60_000 });
}

describe('role scripts on a fresh VM', () => {
  it('apt waits for cloud-init and for the dpkg lock instead of failing after 3 × 10 s', async () => {
    tool('cloud-init', 'exit 0');
    tool('dpkg', '[[ "$1" == "-s" ]] && exit 1; exit 0'); // nothing installed, nothing half-configured
    tool('apt-get', 'exit 0');
    const r = await runOnVm(['source "$HOME/roles/lib/common.sh"', 'ROLE=test', 'apt_install jq']);
    expect(r.code, r.stderr).toBe(0);
    const seen = calls();
    const aptCalls = seen.filter((c) => c.startsWith('apt-get '));
    expect(aptCalls.length).toBeGreaterThanOrEqual(2);
    for (const c of aptCalls) expect(c).toContain('-o DPkg::Lock::Timeout=600');
    const firstApt = seen.findIndex((c) => c.startsWith('apt-get '));
    expect(seen.findIndex((c) => c === 'cloud-init status --wait')).toBeGreaterThanOrEqual(0);
    expect(seen.findIndex((c) => c === 'cloud-init status --wait')).toBeLessThan(firstApt);
  });

  it('k3s-setup waits for the node to register before `kubectl wait node --all`', async () => {
    // k3s's API answers at once, its node shows up only on the third look.
    tool(
      'kubectl',
      [
        'n=$(cat "$HOME/looks" 2>/dev/null || echo 0)',
        'case "$*" in',
        '  "get nodes"*) echo $((n + 1)) >"$HOME/looks"',
        '    if [ "$n" -lt 2 ]; then echo "No resources found" >&2; exit 0; fi',
        '    echo "node/lbweb-fresh-k3s" ;;',
        '  wait*) if [ "$n" -lt 3 ]; then echo "wait-on-nothing" >>"$HOME/calls"; fi ;;',
        'esac',
      ].join('\n'),
    );
    // The real script's block, verbatim, from its step line to the blank line after it.
    const script = fs.readFileSync(path.join(ROLES, 'k3s-setup.sh'), 'utf8').split('\n');
    const from = script.findIndex((l) => l.startsWith('step "waiting for the k3s node to be Ready"'));
    const to = script.findIndex((l, i) => i > from && l.trim() === '');
    expect(from).toBeGreaterThan(0);
    const r = await runOnVm(['source "$HOME/roles/lib/common.sh"', 'ROLE=k3s', ...script.slice(from, to)]);
    expect(r.code, r.stderr).toBe(0);
    expect(calls()).not.toContain('wait-on-nothing');
    expect(calls().some((c) => c.startsWith('kubectl wait'))).toBe(true);
  }, 60_000);
});
