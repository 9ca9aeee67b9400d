// Setup verification per role, exactly the checks of FORMATS.md §1 step 2, as data: each
// check is an argv run on the host and a judgement of its output, so the Hosts page can
// show the command, what it printed and which role broke.
import 'server-only';
import type { Host, HostRole, VerificationCheck } from '@/server/hosts/host';
import { REMOTE_AGENT_DIR, REMOTE_SETUP_DIR } from './role-setup';

export const PROMETHEUS_LOCAL_URL = 'http://127.0.0.1:30411';

export interface CheckOutput {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RoleCheck {
  role: HostRole;
  name: string;
  argv: readonly string[];
  timeoutMs?: number;
  /** true when the output shows the thing works, else the reason it does not. */
  expect: (r: CheckOutput) => true | string;
}

/** `NAME READY …` rows of `kubectl get deploy`: ready must equal desired and be ≥ 1. */
function deployReady(name: string) {
  return (r: CheckOutput): true | string => {
    const m = new RegExp(`^${name}\\s+(\\d+)/(\\d+)\\s`, 'm').exec(r.stdout);
    if (!m) return `deployment ${name} not listed`;
    return Number(m[1]) >= 1 && m[1] === m[2] ? true : `deployment ${name} has ${m[1]}/${m[2]} replicas ready`;
  };
}

function hasSeries(r: CheckOutput): true | string {
  try {
    const body = JSON.parse(r.stdout) as { status?: string; data?: { result?: unknown[] } };
    if (body.status !== 'success') return `Prometheus answered status ${String(body.status)}`;
    return (body.data?.result?.length ?? 0) > 0
      ? true
      : 'node_cpu_seconds_total has no series yet (is node-exporter scraped?)';
  } catch {
    return 'Prometheus did not answer JSON';
  }
}

/**
 * Two self-checks say the same thing: setup's agent-self-check.mjs prints `duckdb ok …`,
 * the agent's own `--self-check` prints a JSON report `{"ok":true,"duckdb":"v1.5.6",…}`.
 */
function selfCheckPassed(r: CheckOutput): true | string {
  if (/duckdb ok/.test(r.stdout)) return true;
  try {
    const report = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '') as {
      ok?: unknown;
      duckdb?: unknown;
      error?: unknown;
    };
    if (report.ok === true && typeof report.duckdb === 'string' && report.duckdb) return true;
    if (typeof report.error === 'string') return `the agent could not open DuckDB: ${report.error}`;
  } catch {
    /* not a report */
  }
  return 'the agent could not open DuckDB';
}

export interface VerificationOptions {
  /** argv of the agent's self-check (default: the DuckDB self-check installed by setup). */
  agentSelfCheck?: readonly string[];
  signal?: AbortSignal;
}

export function verificationChecks(role: HostRole, opts: VerificationOptions = {}): RoleCheck[] {
  if (role === 'k3s') {
    return [
      {
        role,
        name: 'k3s node Ready',
        argv: ['kubectl', 'get', 'nodes'],
        expect: (r) => (/^\S+\s+Ready\b/m.test(r.stdout) ? true : 'no node is Ready'),
      },
      {
        role,
        name: 'OpenFaaS gateway deployed',
        argv: ['kubectl', '-n', 'openfaas', 'get', 'deploy', 'gateway'],
        expect: deployReady('gateway'),
      },
      {
        role,
        name: 'Prometheus deployed',
        argv: ['kubectl', '-n', 'openfaas', 'get', 'deploy', 'prometheus'],
        expect: deployReady('prometheus'),
      },
      {
        role,
        name: 'Prometheus ready',
        argv: ['curl', '-fsS', '--max-time', '10', `${PROMETHEUS_LOCAL_URL}/-/ready`],
        expect: (r) => (/ready/i.test(r.stdout) ? true : 'Prometheus /-/ready did not say Ready'),
      },
      {
        role,
        name: 'node_cpu_seconds_total has data',
        argv: [
          'curl',
          '-fsS',
          '--max-time',
          '10',
          '--get',
          '--data-urlencode',
          'query=node_cpu_seconds_total',
          `${PROMETHEUS_LOCAL_URL}/api/v1/query`,
        ],
        expect: hasSeries,
      },
    ];
  }
  return [
    {
      role,
      name: 'k6 installed',
      argv: ['k6', 'version'],
      expect: (r) => (/k6/.test(r.stdout + r.stderr) ? true : 'output does not mention k6'),
    },
    {
      role,
      name: 'faas-cli installed',
      argv: ['faas-cli', 'version', '--short-version'],
      expect: (r) => (/\d+\.\d+\.\d+/.test(r.stdout) ? true : 'no version printed'),
    },
    {
      role,
      name: 'agent self-check (DuckDB)',
      argv: opts.agentSelfCheck ?? ['node', `${REMOTE_SETUP_DIR}/agent-self-check.mjs`, REMOTE_AGENT_DIR],
      timeoutMs: 60_000,
      expect: selfCheckPassed,
    },
  ];
}

/** Shows argv as a user would type it. */
export function displayCommand(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export async function runVerification(
  host: Host,
  role: HostRole = host.role,
  opts: VerificationOptions = {},
): Promise<VerificationCheck[]> {
  const results: VerificationCheck[] = [];
  for (const check of verificationChecks(role, opts)) {
    const started = Date.now();
    let ok = false;
    let output: string;
    try {
      const r = await host.exec(check.argv, { timeoutMs: check.timeoutMs ?? 30_000, signal: opts.signal });
      output = [r.stdout.trim(), r.stderr.trim()].filter(Boolean).join('\n').slice(0, 4000);
      const verdict = r.timedOut ? 'timed out' : r.code !== 0 ? `exit code ${r.code}` : check.expect(r);
      ok = verdict === true;
      if (verdict !== true) output = `${output}${output ? '\n' : ''}✗ ${verdict}`;
    } catch (err) {
      output = `✗ ${(err as Error).message}`;
    }
    results.push({
      role,
      host: host.name,
      name: check.name,
      command: displayCommand(check.argv),
      ok,
      output,
      durationMs: Date.now() - started,
    });
  }
  return results;
}
