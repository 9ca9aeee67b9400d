// Issue 17 §3: a setup stopped on our side must stop on the VM too. `multipass exec` forwards
// no signal (the stand-in now behaves the same), so before the role scripts ran under
// lib/run-locked.sh a stopped k3s setup kept running and the next provision ran beside it.
// Provision → Stop during role setup → Provision again: one setup per VM, ends verified.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStandinTarget, type StandinTarget } from '@/test/fixtures/multipass/standin-target';
import { descendantsOf } from '@/server/process/proc-tree';
import { waitFor } from '@/server/process/wait-for';
import { processesUnder } from '@/test/support/orphans';
import { runRoleSetup } from '@/server/hosts/setup/role-setup';
import { endLiveSetup } from '@/server/hosts/setup/setup-lock';
import { createMultipassPairProvider } from './create-provider';
import { MultipassHost } from './multipass-host';
import type { MultipassPairProvider } from './multipass-pair-provider';

const K3S = 'lbweb-halt-k3s';
let root: string;
let target: StandinTarget;
let provider: MultipassPairProvider;
let slowFlag: string;

/** Every run of the k3s stand-in script records its pid; a run that finds a live earlier one logs it. */
function instrumentK3sScript(roles: string, flag: string) {
  const file = path.join(roles, 'k3s-setup.sh');
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const at = lines.findIndex((l) => l.startsWith('source '));
  lines.splice(
    at + 1,
    0,
    'RUNS="$HOME/setup-runs"; mkdir -p "$RUNS"',
    'for f in "$RUNS"/*; do',
    '  [ -e "$f" ] || continue',
    '  p="${f##*/}"',
    '  if [ "$p" != "$$" ] && kill -0 "$p" 2>/dev/null; then echo "$$ beside $p" >>"$HOME/setup-beside.log"; fi',
    'done',
    'touch "$RUNS/$$"',
    // The first run hangs like `helm --wait` on a slow cluster; later runs go straight through.
    `if [ -e '${flag}' ]; then rm -f '${flag}'; step "waiting like helm --wait"; sleep 120; fi`,
  );
  fs.writeFileSync(file, lines.join('\n'));
}

const setupRuns = () => fs.readdirSync(path.join(target.standin.home(K3S), 'setup-runs')).map(Number);
const alive = (pid: number) => processesUnder(target.standin.dir).some((p) => p.pid === pid);

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'lbweb-mphalt-'));
  target = await createStandinTarget({ dir: root, project: 'halt' });
  slowFlag = path.join(root, 'slow-once');
  instrumentK3sScript(target.roles.dir, slowFlag);
  provider = createMultipassPairProvider(path.join(root, 'hosts'), { ...process.env, ...target.serverEnv });
}, 120_000);

afterAll(async () => {
  const leftover = processesUnder(target.standin.dir);
  for (const p of leftover) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  await provider?.destroy().catch(() => undefined);
  await target?.cleanup();
  fs.rmSync(root, { recursive: true, force: true });
  expect(leftover).toEqual([]);
  expect(descendantsOf(process.pid).filter((p) => p.comm !== 'esbuild')).toEqual([]);
}, 60_000);

describe('setup that can really be stopped (stand-in)', () => {
  it('Provision → Stop during role setup → Provision again: one setup process per VM, ends verified', async () => {
    fs.writeFileSync(slowFlag, '');
    const stop = new AbortController();
    const steps: string[] = [];
    const first = provider.provision({
      signal: stop.signal,
      onProgress: (p) => {
        steps.push(`${p.role}:${p.step}:${p.message}`);
        if (p.message.includes('waiting like helm --wait')) stop.abort();
      },
    });
    await expect(first).rejects.toThrow();
    expect(stop.signal.aborted).toBe(true);
    // The stopped run is gone on the "VM" — the script and its `sleep` (its process group).
    const [stopped] = setupRuns();
    expect(stopped).toBeGreaterThan(0);
    expect(alive(stopped!)).toBe(false);
    expect(processesUnder(target.standin.dir).filter((p) => p.cmdline.startsWith('sleep'))).toEqual([]);
    expect(target.standin.calls()).toContainEqual(['exec', K3S, '--', 'sudo', 'kill', '-TERM', '--', `-${stopped}`]);
    expect(steps.some((s) => s.startsWith('k3s:stop:ending the k3s setup'))).toBe(true);

    await provider.provision();
    expect(setupRuns()).toHaveLength(2);
    expect(fs.existsSync(path.join(target.standin.home(K3S), 'setup-beside.log'))).toBe(false);
    expect(processesUnder(target.standin.dir)).toEqual([]);

    let checks = await provider.verify();
    await waitFor(async () => (checks = await provider.verify()).filter((c) => !c.ok).length === 1, {
      what: 'every check but k6 to pass',
      timeoutMs: 60_000,
    });
    expect(checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['k6 installed']); // the agent's built-in driver here
  }, 180_000);

  it('a provision ends a setup someone else left running before it runs its own', async () => {
    fs.writeFileSync(slowFlag, '');
    const k3s = new MultipassHost(target.standin.cli, K3S, 'k3s');
    // A setup started behind our back (another controller) and still running…
    const stray = new AbortController();
    const seen = new Promise<void>((resolve) => {
      void runRoleSetup(k3s, {
        scriptsDir: target.roles.dir,
        signal: stray.signal,
        onLine: (l) => l.includes('waiting like helm --wait') && resolve(),
      }).catch(() => undefined);
    });
    await seen;
    const before = setupRuns().length;
    // …is ended by the next provision, which then runs alone.
    await provider.provision();
    stray.abort();
    expect(setupRuns()).toHaveLength(before + 1);
    expect(fs.existsSync(path.join(target.standin.home(K3S), 'setup-beside.log'))).toBe(false);
    await waitFor(() => processesUnder(target.standin.dir).length === 0, { what: 'no setup left', timeoutMs: 20_000 });
  }, 180_000);

  it('the lock alone keeps a second setup from starting beside a live one (exit 75 after the wait)', async () => {
    const k3s = new MultipassHost(target.standin.cli, K3S, 'k3s');
    await k3s.writeFile('/home/ubuntu/hold.sh', 'echo held; sleep 30\n');
    const pidFile = '/home/ubuntu/lbweb-setup-run/k3s-setup.pid';
    const lockedArgv = ['bash', '/home/ubuntu/lbweb-setup/lib/run-locked.sh', pidFile];
    const first = k3s.stream([...lockedArgv, '/home/ubuntu/hold.sh']);
    await waitFor(async () => (await k3s.readText(pidFile)) !== null, { what: 'the first setup', timeoutMs: 10_000 });
    const second = await k3s.exec(['env', 'LBWEB_SETUP_LOCK_WAIT_S=1', ...lockedArgv, '/home/ubuntu/hold.sh'], {
      timeoutMs: 20_000,
    });
    expect(second.code).toBe(75);
    expect(second.stderr).toContain('another setup still runs on this host');
    expect(second.stdout).not.toContain('held');
    // The first one is untouched, and ends with its group.
    const pgid = Number((await k3s.readText(pidFile))!.trim());
    expect(alive(pgid)).toBe(true);
    await first.stop();
    expect(await endLiveSetup(k3s, 'k3s')).toBe(true);
    await waitFor(() => !alive(pgid), { what: 'the held setup to end', timeoutMs: 10_000 });
    expect(await k3s.readText(pidFile)).toBeNull();
  }, 60_000);
});
