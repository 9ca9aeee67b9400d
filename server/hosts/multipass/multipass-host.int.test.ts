// MultipassHost against the stand-in, whose exec/transfer act on local directories.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { liveProcesses } from '@/server/process/owned-process';
import { createStandin, type Standin } from '@/test/fixtures/multipass/standin';
import { MultipassHost, MULTIPASS_LB_WORKDIR } from './multipass-host';

let standin: Standin;
let host: MultipassHost;
let local: string;

beforeEach(async () => {
  standin = createStandin();
  await standin.cli.launch({
    name: 'lbweb-h-runner',
    image: '24.04',
    cpus: 2,
    memory: '4G',
    disk: '10G',
    timeoutS: 600,
  });
  host = new MultipassHost(standin.cli, 'lbweb-h-runner', 'runner');
  local = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-host-local-'));
});
afterEach(() => {
  standin.cleanup();
  fs.rmSync(local, { recursive: true, force: true });
});

describe('MultipassHost', () => {
  it("describes itself as a multipass host whose workdir is lb's ~/.lb under /home/ubuntu", async () => {
    expect(host).toMatchObject({ provider: 'multipass', role: 'runner', lbWorkdir: MULTIPASS_LB_WORKDIR });
    expect(await host.address()).toMatch(/^10\.0\.0\.\d+$/);
  });

  it('writeFile + fileExists + exec see the same file', async () => {
    const stop = `${host.lbWorkdir}/STOP`;
    expect(await host.fileExists(stop)).toBe(false);
    await host.writeFile(stop, 'stop requested\n');
    expect(await host.fileExists(stop)).toBe(true);
    const cat = await host.exec(['cat', stop]);
    expect(cat).toMatchObject({ code: 0, stdout: 'stop requested\n' });
    expect(fs.readFileSync(path.join(standin.home('lbweb-h-runner'), '.lb', 'STOP'), 'utf8')).toBe('stop requested\n');
  });

  it('writeFile keeps content that no command line could carry', async () => {
    const content = `it's "quoted" $HOME \`x\` \\ \n second line\n`;
    await host.writeFile('/home/ubuntu/spec.json', content);
    expect((await host.exec(['cat', '/home/ubuntu/spec.json'])).stdout).toBe(content);
  });

  it('push and pull a file and a directory (merged into an existing target)', async () => {
    fs.mkdirSync(path.join(local, 'bundle', 'lib'), { recursive: true });
    fs.writeFileSync(path.join(local, 'bundle', 'agent.mjs'), 'console.log(1)\n');
    fs.writeFileSync(path.join(local, 'bundle', 'lib', 'x.js'), 'x\n');
    await host.push(path.join(local, 'bundle'), '/home/ubuntu/lb-agent', { recursive: true });
    await host.push(path.join(local, 'bundle'), '/home/ubuntu/lb-agent', { recursive: true }); // idempotent, not nested
    const ls = await host.exec(['find', '.', '-type', 'f'], { cwd: '/home/ubuntu/lb-agent' });
    expect(ls.stdout.split('\n').filter(Boolean).sort()).toEqual(['./agent.mjs', './lib/x.js']);

    await host.pull('/home/ubuntu/lb-agent', path.join(local, 'back'), { recursive: true });
    await host.pull('/home/ubuntu/lb-agent', path.join(local, 'back'), { recursive: true });
    expect(fs.readFileSync(path.join(local, 'back', 'lib', 'x.js'), 'utf8')).toBe('x\n');
    expect(fs.existsSync(path.join(local, 'back', 'lb-agent'))).toBe(false);

    await host.pull('/home/ubuntu/lb-agent/agent.mjs', path.join(local, 'deep', 'dir', 'agent.mjs'));
    expect(fs.readFileSync(path.join(local, 'deep', 'dir', 'agent.mjs'), 'utf8')).toBe('console.log(1)\n');
  });

  it('pulling a missing file fails with the transfer error', async () => {
    await expect(host.pull('/home/ubuntu/nope.duckdb', path.join(local, 'x'))).rejects.toThrow(
      /no such file or directory/,
    );
  });

  it('refuses relative and .. remote paths', async () => {
    await expect(host.writeFile('lb_workdir/STOP', '')).rejects.toThrow(/must be absolute/);
    await expect(host.fileExists('/home/ubuntu/../../etc/passwd')).rejects.toThrow(/'\.\.'/);
  });

  it('streams lines; stopping the transport leaves the remote command (as Multipass does) until its group is killed', async () => {
    const lines: string[] = [];
    const handle = host.stream(
      ['sh', '-c', 'echo $$ > stream.pid; printf "%s\\n" "$1"; echo warn >&2; sleep 30', 'sh', 'LB_EVENT {"a":1}'],
      {
        onStdoutLine: (l) => lines.push(l),
        onStderrLine: (l) => lines.push(`err:${l}`),
      },
    );
    const deadline = Date.now() + 10_000;
    while (lines.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(lines.sort()).toEqual(['LB_EVENT {"a":1}', 'err:warn']);
    await handle.stop();
    const { code } = await handle.exited;
    expect(code).not.toBe(0);
    expect(liveProcesses().filter((p) => p.pid === handle.pid)).toEqual([]);
    // A non-interactive `multipass exec` forwards no signal (issue 17 §3): the command "on the
    // VM" (here a local process, leader of its own group like a command under sshd) survives
    // the transport; only a kill of its process group on the VM ends it.
    const remotePid = Number(fs.readFileSync(path.join(standin.home('lbweb-h-runner'), 'stream.pid'), 'utf8'));
    expect(() => process.kill(remotePid, 0)).not.toThrow();
    expect(await host.signalGroup(remotePid, 'SIGKILL')).toBe(true);
    const alive = () => {
      try {
        process.kill(remotePid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const gone = Date.now() + 5_000;
    while (Date.now() < gone && alive()) await new Promise((r) => setTimeout(r, 50));
    expect(alive()).toBe(false);
  });

  it('stream resolves with the remote exit code', async () => {
    const handle = host.stream(['sh', '-c', 'echo done; exit 4']);
    expect(await handle.exited).toEqual({ code: 4 });
  });
});
