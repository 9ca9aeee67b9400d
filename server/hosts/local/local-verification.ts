// The local equivalents of FORMATS.md §1 step 2, one check per line of the Hosts page.
import 'server-only';
import type { VerificationCheck } from '../host';
import type { LocalHost } from './local-host';
import type { StackInfo } from './stack-process';
import { tsEntryArgv } from '@/server/process/repo-root';

async function timed(
  role: 'k3s' | 'runner',
  host: string,
  name: string,
  command: string,
  run: () => Promise<{ ok: boolean; output: string }>,
): Promise<VerificationCheck> {
  const t0 = Date.now();
  try {
    const r = await run();
    return { role, host, name, command, ...r, durationMs: Date.now() - t0 };
  } catch (err) {
    return { role, host, name, command, ok: false, output: (err as Error).message, durationMs: Date.now() - t0 };
  }
}

async function httpText(url: string): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  // Parsed in full (a 2-core node_cpu_seconds_total answer is > 2000 chars); outputs are built from the parsed value.
  return { status: res.status, text: await res.text() };
}

export async function verifyK3sRole(host: LocalHost, stack: StackInfo | null): Promise<VerificationCheck[]> {
  if (!stack) {
    return [
      {
        role: 'k3s',
        host: host.name,
        name: 'local stack running',
        command: 'stack.json',
        ok: false,
        output: 'the local stack is not running: provision the hosts first',
        durationMs: 0,
      },
    ];
  }
  const g = stack.gatewayUrl;
  const p = stack.prometheusUrl;
  const query = `${p}/api/v1/query?query=${encodeURIComponent('node_cpu_seconds_total')}`;
  return Promise.all([
    timed('k3s', host.name, 'gateway healthy', `GET ${g}/healthz`, async () => {
      const r = await httpText(`${g}/healthz`);
      return { ok: r.status === 200, output: `${r.status} ${r.text}` };
    }),
    timed('k3s', host.name, 'functions deployed', `GET ${g}/system/functions`, async () => {
      const r = await httpText(`${g}/system/functions`);
      const list = r.status === 200 ? (JSON.parse(r.text) as Array<{ name: string; replicas: number }>) : [];
      return {
        ok: list.length > 0,
        output: list.length
          ? list.map((f) => `${f.name} (replicas ${f.replicas})`).join('\n')
          : `${r.status} ${r.text}`,
      };
    }),
    timed('k3s', host.name, 'Prometheus ready', `GET ${p}/-/ready`, async () => {
      const r = await httpText(`${p}/-/ready`);
      return { ok: r.status === 200, output: `${r.status} ${r.text.trim()}` };
    }),
    timed(
      'k3s',
      host.name,
      'node_cpu_seconds_total non-empty',
      `GET ${p}/api/v1/query?query=node_cpu_seconds_total`,
      async () => {
        const r = await httpText(query);
        const n = (JSON.parse(r.text) as { data?: { result?: unknown[] } }).data?.result?.length ?? 0;
        return { ok: n > 0, output: `${n} series` };
      },
    ),
  ]);
}

export async function verifyRunnerRole(host: LocalHost): Promise<VerificationCheck[]> {
  const argv = [...tsEntryArgv('server/agent/main.ts'), '--self-check'];
  const command = 'lb-web agent --self-check';
  const t0 = Date.now();
  const r = await host.exec(argv, { timeoutMs: 60_000 });
  const durationMs = Date.now() - t0;
  let report: { ok?: boolean; duckdb?: string; loadDriver?: string; error?: string };
  try {
    report = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}');
  } catch {
    report = { error: `${r.stdout}\n${r.stderr}`.trim() };
  }
  const driver = report.loadDriver ?? '';
  return [
    {
      role: 'runner',
      host: host.name,
      name: 'load driver version',
      command: `${command} (k6 version or built-in driver)`,
      ok: /k6|builtin|built-in/i.test(driver),
      output: driver || report.error || r.stderr,
      durationMs,
    },
    {
      role: 'runner',
      host: host.name,
      name: 'agent opens DuckDB',
      command,
      ok: Boolean(report.ok && report.duckdb),
      output: report.duckdb ? `DuckDB ${report.duckdb}` : report.error || r.stderr,
      durationMs,
    },
  ];
}
