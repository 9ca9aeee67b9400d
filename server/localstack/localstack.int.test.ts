// Real processes: function workers, Debian's Prometheus and node-exporter, the gateway,
// and main.ts as a program. Fast autoscaling timings keep the file well under a minute.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnOwned } from '@/server/process/owned-process';
import { descendantsOf, isPidAlive } from '@/server/process/proc-tree';
import { waitFor } from '@/server/process/wait-for';
import { basicAuthHeader } from './basic-auth';
import type { FunctionStatus } from './function-deployment';
import { startLocalStack, type LocalStack } from './local-stack';
import { readStackFile } from './stack-file';

const admin = { user: 'admin', password: 'pa55:word' };
const auth = { authorization: basicAuthHeader(admin) };
const root = mkdtempSync(join(tmpdir(), 'lbweb-localstack-'));
let stack: LocalStack;

// Vite's esbuild service is the test runner's own child, not the stack's.
const ourChildren = () => descendantsOf(process.pid).filter((p) => p.comm !== 'esbuild');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function functions(): Promise<FunctionStatus[]> {
  const res = await fetch(`${stack.gatewayUrl}/system/functions`, { headers: auth });
  expect(res.status).toBe(200);
  return (await res.json()) as FunctionStatus[];
}
const statusOf = async (name: string) => (await functions()).find((f) => f.name === name)!;

async function promQuery(query: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
  const res = await fetch(`${stack.prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = (await res.json()) as {
    status: string;
    data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
  };
  expect(body.status).toBe('success');
  return body.data.result;
}

async function cadvisorCpu(fn: string): Promise<number> {
  const text = await (await fetch(`${stack.gatewayUrl}/metrics/cadvisor`)).text();
  const line = text
    .split('\n')
    .find(
      (l) =>
        l.startsWith('container_cpu_usage_seconds_total{') &&
        l.includes(`container_label_io_kubernetes_container_name="${fn}"`),
    );
  return Number(line?.split(' ').at(-1));
}

beforeAll(async () => {
  stack = await startLocalStack({
    dir: join(root, 'k3s'),
    basicAuth: admin,
    autoscale: {
      targetPerReplica: 10,
      maxReplicas: 4,
      tickMs: 100,
      rpsWindowMs: 1000,
      scaleUpAfterMs: 800,
      scaleDownAfterMs: 2000,
    },
  });
}, 90_000);

afterAll(async () => {
  await stack?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('startLocalStack', () => {
  it('serves figlet art, env, cpu-burn and a 404 for an unknown function', async () => {
    const art = await fetch(`${stack.gatewayUrl}/function/figlet`, { method: 'POST', body: 'lb' });
    expect(art.status).toBe(200);
    expect(await art.text()).toBe('#     ####\n#     #   #\n#     ####\n#     #   #\n##### ####\n');
    expect(await (await fetch(`${stack.gatewayUrl}/function/figlet.openfaas-fn`)).text()).toContain(
      '#   # ##### #     #      ###',
    );
    const env = await (await fetch(`${stack.gatewayUrl}/function/env/some/path?q=1`)).text();
    expect(env).toMatch(/^Http_Path=\/some\/path$/m);
    expect(env).toMatch(/^Http_Query=q=1$/m);
    expect(env).toMatch(/^HOSTNAME=env-/m);
    expect(await (await fetch(`${stack.gatewayUrl}/function/cpu-burn?ms=20`)).text()).toBe('burned 20 ms\n');
    const missing = await fetch(`${stack.gatewayUrl}/function/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toMatch(/^error finding function nope: not found/);
  });

  it('lists functions with replicas and invocation counts behind basic auth', async () => {
    const before = (await statusOf('figlet')).invocationCount;
    await fetch(`${stack.gatewayUrl}/function/figlet`).then((r) => r.text());
    expect(await statusOf('figlet')).toMatchObject({
      replicas: 1,
      availableReplicas: 1,
      invocationCount: before + 1,
      image: expect.stringContaining('figlet'),
    });
    expect((await functions()).map((f) => f.name).sort()).toEqual(['cpu-burn', 'env', 'figlet']);
    expect((await fetch(`${stack.gatewayUrl}/system/functions`)).status).toBe(401);
    const wrong = basicAuthHeader({ ...admin, password: 'nope' });
    expect((await fetch(`${stack.gatewayUrl}/system/functions`, { headers: { authorization: wrong } })).status).toBe(
      401,
    );
    for (const open of ['/healthz', '/metrics', '/function/figlet'])
      expect((await fetch(`${stack.gatewayUrl}${open}`)).status).toBe(200);
    const metrics = await (await fetch(`${stack.gatewayUrl}/metrics`)).text();
    expect(metrics).toMatch(
      /^gateway_function_invocation_total\{function_name="figlet.openfaas-fn",code="200"\} \d+$/m,
    );
    // Unknown names are not counted: a label per typo would grow without bound.
    expect(metrics).not.toContain('function_name="nope');
    expect(metrics).toContain(
      'gateway_functions_seconds_bucket{function_name="figlet.openfaas-fn",code="200",le="+Inf"}',
    );
    expect(metrics).toMatch(
      /^container_memory_usage_bytes\{id="\/kubepods\/.*container_label_io_kubernetes_container_name="figlet".*\} [1-9]\d+$/m,
    );
  });

  it('scales cpu-burn up under ~60 req/s and back to one replica when idle, with Prometheus seeing its CPU', async () => {
    const cpuBefore = await cadvisorCpu('cpu-burn');
    let maxReplicas = 1;
    let failures = 0;
    const pending: Promise<void>[] = [];
    const t0 = Date.now();
    for (let i = 0; Date.now() - t0 < 4000; i++) {
      // Open model: requests start on schedule whatever the responses do.
      await sleep(Math.max(0, t0 + i * (1000 / 60) - Date.now()));
      pending.push(
        fetch(`${stack.gatewayUrl}/function/cpu-burn?ms=5`).then(
          async (r) => void (r.ok ? await r.text() : failures++),
        ),
      );
      if (i % 15 === 0) maxReplicas = Math.max(maxReplicas, (await statusOf('cpu-burn')).availableReplicas);
    }
    await Promise.all(pending);
    expect(failures).toBe(0);
    expect(maxReplicas).toBeGreaterThan(1);
    const cpuAfterLoad = await cadvisorCpu('cpu-burn');
    expect(cpuAfterLoad).toBeGreaterThan(cpuBefore);

    await waitFor(async () => (await statusOf('cpu-burn')).availableReplicas === 1, {
      what: 'cpu-burn back to 1 replica',
      timeoutMs: 10_000,
    });
    expect((await statusOf('cpu-burn')).replicas).toBe(1);
    // Replicas that exited keep counting: the counter never goes backwards.
    expect(await cadvisorCpu('cpu-burn')).toBeGreaterThanOrEqual(cpuAfterLoad);

    const cpuQuery =
      '100 * sum(rate(container_cpu_usage_seconds_total{id=~"^/kubepods.*", container_label_io_kubernetes_container_name="cpu-burn"}[10s]))';
    let cpuPct = 0;
    await waitFor(async () => (cpuPct = Number((await promQuery(cpuQuery))[0]?.value[1] ?? 0)) > 0, {
      what: 'cpu-burn CPU in Prometheus',
      timeoutMs: 8000,
    });
    expect(cpuPct).toBeGreaterThan(0);
    expect((await promQuery('node_cpu_seconds_total')).length).toBeGreaterThan(0);
    const ram = await promQuery(
      'avg_over_time(container_memory_usage_bytes{id=~"^/kubepods.*", container_label_io_kubernetes_container_name="cpu-burn"}[10s])',
    );
    expect(Number(ram[0]?.value[1])).toBeGreaterThan(1e6);
  });

  it('replaces a replica that dies, as Kubernetes restarts a crashed pod', async () => {
    const cmdline = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const figletPid = stack.pids().find((pid) => isPidAlive(pid) && cmdline(pid).includes('figlet'))!;
    expect(figletPid).toBeGreaterThan(0);
    process.kill(figletPid, 'SIGKILL');
    await waitFor(
      async () => {
        const replacement = stack
          .pids()
          .find((pid) => pid !== figletPid && isPidAlive(pid) && cmdline(pid).includes('figlet'));
        return replacement !== undefined && (await statusOf('figlet')).availableReplicas === 1;
      },
      { what: 'a new figlet replica', timeoutMs: 10_000 },
    );
    const art = await fetch(`${stack.gatewayUrl}/function/figlet`, { method: 'POST', body: 'ok' });
    expect(art.status).toBe(200);
  });

  it('fails fast with the Debian package to install when a binary is missing', async () => {
    await expect(
      startLocalStack({ dir: join(root, 'missing'), prometheusBin: '/nonexistent/prometheus' }),
    ).rejects.toThrow(
      'prometheus not found at /nonexistent/prometheus: install the Debian package "prometheus" (apt-get install -y prometheus)',
    );
    await expect(startLocalStack({ dir: join(root, 'missing'), functions: ['figlet', 'nodejs-echo'] })).rejects.toThrow(
      /unknown function\(s\) nodejs-echo/,
    );
  });

  it('leaves no process behind after stop()', async () => {
    const pids = stack.pids();
    expect(pids.length).toBeGreaterThanOrEqual(5); // 3 functions (+ scaled replicas), node-exporter, prometheus
    expect(ourChildren().length).toBeGreaterThanOrEqual(5);
    await stack.stop();
    await stack.stop(); // idempotent
    expect(ourChildren()).toEqual([]);
    expect(pids.filter(isPidAlive)).toEqual([]);
  });
});

describe('main.ts', () => {
  it('writes stack.json when ready and exits 0 on SIGTERM without leftovers', async () => {
    const dir = join(root, 'main-host');
    const passwordFile = join(root, 'password');
    writeFileSync(passwordFile, `${admin.password}\n`);
    const repo = fileURLToPath(new URL('../..', import.meta.url));
    const lines: string[] = [];
    const main = spawnOwned(
      [
        process.execPath,
        '--import',
        'tsx',
        join(repo, 'server/localstack/main.ts'),
        '--dir',
        dir,
        '--functions',
        'figlet',
        '--auth-user',
        admin.user,
        '--auth-password-file',
        passwordFile,
      ],
      { name: 'localstack-main', cwd: repo, onStdoutLine: (l) => lines.push(l), onStderrLine: (l) => lines.push(l) },
    );
    try {
      await waitFor(() => readStackFile(dir) !== undefined, {
        what: 'stack.json',
        timeoutMs: 45_000,
        exited: main.exited,
      });
      const info = readStackFile(dir)!;
      expect(info).toMatchObject({ pid: main.pid, functions: ['figlet'] });
      expect((await fetch(`${info.gatewayUrl}/healthz`)).status).toBe(200);
      expect((await fetch(`${info.prometheusUrl}/-/ready`)).status).toBe(200);
      expect((await fetch(`${info.nodeExporterUrl}/metrics`)).status).toBe(200);
      expect((await fetch(`${info.gatewayUrl}/system/functions`)).status).toBe(401);
      const listed = await fetch(`${info.gatewayUrl}/system/functions`, { headers: auth });
      expect(((await listed.json()) as FunctionStatus[]).map((f) => f.name)).toEqual(['figlet']);

      const stackPids = descendantsOf(main.pid).map((p) => p.pid);
      expect(stackPids.length).toBeGreaterThanOrEqual(3); // figlet, node-exporter, prometheus
      process.kill(main.pid, 'SIGTERM');
      expect(await main.exited).toEqual({ code: 0, signal: null });
      expect(stackPids.filter(isPidAlive)).toEqual([]);
      expect(existsSync(join(dir, 'stack.json'))).toBe(false);
      expect(ourChildren()).toEqual([]);
      expect(lines.join('\n')).toMatch(/SIGTERM: stopping[\s\S]*local stack stopped/);
    } finally {
      await main.stop(3000);
    }
  }, 60_000);
});
