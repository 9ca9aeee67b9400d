// Checks of FORMATS.md §1 step 2 that work the same on any host: the cluster's HTTP endpoints
// (gateway, functions, Prometheus series) and the agent's self-check on the runner. One check
// per line of the Hosts page; a failing check says what it saw.
import 'server-only';
import type { Host, ProgressListener, VerificationCheck } from '../host';

export async function timed(
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

async function httpText(url: string, authorization?: string): Promise<{ status: number; text: string }> {
  const res = await fetch(url, {
    signal: AbortSignal.timeout(5000),
    headers: authorization ? { authorization } : undefined,
  });
  // Parsed in full (a 2-core node_cpu_seconds_total answer is > 2000 chars); outputs are built from the parsed value.
  return { status: res.status, text: await res.text() };
}

export interface ClusterEndpoints {
  gatewayUrl: string;
  prometheusUrl: string;
  /** Authorization header for the gateway's /system API (never shown in outputs). */
  authorization?: string;
}

/** The k3s role's checks over HTTP: what lb checks with kubectl and curl on the k3s host. */
export async function verifyClusterEndpoints(
  hostName: string,
  endpoints: ClusterEndpoints,
  opts: { cadvisor?: boolean } = {},
): Promise<VerificationCheck[]> {
  const g = endpoints.gatewayUrl;
  const p = endpoints.prometheusUrl;
  const auth = endpoints.authorization;
  const query = `${p}/api/v1/query?query=${encodeURIComponent('node_cpu_seconds_total')}`;
  const checks = [
    timed('k3s', hostName, 'gateway healthy', `GET ${g}/healthz`, async () => {
      const r = await httpText(`${g}/healthz`);
      return { ok: r.status === 200, output: `${r.status} ${r.text}` };
    }),
    timed('k3s', hostName, 'functions deployed', `GET ${g}/system/functions`, async () => {
      const r = await httpText(`${g}/system/functions`, auth);
      const list = r.status === 200 ? (JSON.parse(r.text) as Array<{ name: string; replicas: number }>) : [];
      return {
        ok: list.length > 0,
        output: list.length
          ? list.map((f) => `${f.name} (replicas ${f.replicas})`).join('\n')
          : `${r.status} ${r.text}`,
      };
    }),
    timed('k3s', hostName, 'Prometheus ready', `GET ${p}/-/ready`, async () => {
      const r = await httpText(`${p}/-/ready`);
      return { ok: r.status === 200, output: `${r.status} ${r.text.trim()}` };
    }),
    timed(
      'k3s',
      hostName,
      'node_cpu_seconds_total non-empty',
      `GET ${p}/api/v1/query?query=node_cpu_seconds_total`,
      async () => {
        const r = await httpText(query);
        const n = (JSON.parse(r.text) as { data?: { result?: unknown[] } }).data?.result?.length ?? 0;
        return { ok: n > 0, output: `${n} series` };
      },
    ),
  ];
  if (opts.cadvisor) {
    const cadvisor = 'container_cpu_usage_seconds_total';
    checks.push(
      timed(
        'k3s',
        hostName,
        `${cadvisor} non-empty (cAdvisor)`,
        `GET ${p}/api/v1/query?query=${cadvisor}`,
        async () => {
          const r = await httpText(`${p}/api/v1/query?query=${encodeURIComponent(cadvisor)}`);
          const n = (JSON.parse(r.text) as { data?: { result?: unknown[] } }).data?.result?.length ?? 0;
          return {
            ok: n > 0,
            output:
              n > 0
                ? `${n} series`
                : 'no series: Prometheus does not scrape the kubelet cAdvisor endpoint (per-function CPU and memory will be empty)',
          };
        },
      ),
    );
  }
  return Promise.all(checks);
}

/** The agent's own self-check on the runner (load driver, DuckDB), through the host's exec. */
export async function verifyAgentSelfCheck(host: Host, agentCommand: readonly string[]): Promise<VerificationCheck[]> {
  const argv = [...agentCommand, '--self-check'];
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

/** Each check as a progress line of a verify operation (pass/FAIL, what ran); returns them. */
export function reportChecks(checks: VerificationCheck[], onProgress?: ProgressListener): VerificationCheck[] {
  for (const c of checks)
    onProgress?.({
      host: c.host,
      role: c.role,
      step: 'verify',
      message: `${c.ok ? 'pass' : 'FAIL'} ${c.name} (${c.command})`,
      level: c.ok ? 'info' : 'error',
    });
  return checks;
}
