// Runs a role's versioned setup script (scripts/roles/<role>-setup.sh) on a VM host: the
// scripts directory is pushed, then run as root with its output streamed line by line.
// The scripts are idempotent, so a failed setup is fixed by running it again. Each runs
// under lib/run-locked.sh (own process group, pid and lock files on the host) so that a stop
// or a second provision ends it on the host too (setup-lock.ts), not only our transport.
import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import type { Host, HostRole, ProgressListener } from '@/server/hosts/host';
import { endLiveSetup, setupPidFile } from './setup-lock';

export const REMOTE_SETUP_DIR = '/home/ubuntu/lbweb-setup';
export const REMOTE_AGENT_DIR = '/home/ubuntu/lb-agent';
/** Pinned versions a caller may override (the scripts read them from the environment). */
export const VERSION_OVERRIDES = [
  'K3S_VERSION',
  'HELM_VERSION',
  'FAAS_CLI_VERSION',
  'OPENFAAS_CHART_VERSION',
  'K6_VERSION',
  'NODE_VERSION',
] as const;
export type VersionOverrides = Partial<Record<(typeof VERSION_OVERRIDES)[number], string>>;

const FUNCTION_NAME_RE = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/;
const VERSION_RE = /^[A-Za-z0-9.+_-]*$/;
const NEEDED_FILES: Record<HostRole, string[]> = {
  k3s: [
    'k3s-setup.sh',
    'lib/common.sh',
    'lib/run-locked.sh',
    'lib/setup-leader.sh',
    'manifests/namespaces.yaml',
    'manifests/prometheus.yaml',
    'manifests/node-exporter.yaml',
    'manifests/cadvisor.yaml',
  ],
  runner: ['runner-setup.sh', 'lib/common.sh', 'lib/run-locked.sh', 'lib/setup-leader.sh', 'agent-self-check.mjs'],
};

export interface RoleSetupOptions {
  /** Local scripts/roles directory (default: `<cwd>/scripts/roles`). */
  scriptsDir?: string;
  /** k3s: functions deployed from the OpenFaaS store (default figlet). */
  functions?: readonly string[];
  /** runner: a local agent bundle pushed to `agentDir` before the script installs its dependencies. */
  agentBundleDir?: string;
  agentDir?: string;
  versions?: VersionOverrides;
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  /** Default 45 min: k3s plus image pulls on a slow network take a while. */
  timeoutMs?: number;
}

export interface RoleSetupResult {
  role: HostRole;
  host: string;
  scriptVersion: number | null;
  durationMs: number;
  /** The last lines of output, for the Hosts page. */
  tail: string[];
}

export class RoleSetupError extends Error {
  constructor(
    message: string,
    readonly role: HostRole,
    readonly host: string,
    readonly exitCode: number | null,
    readonly tail: string[],
  ) {
    super(message);
    this.name = 'RoleSetupError';
  }
}

/** Checks everything the run needs before touching the host. */
export function roleSetupArgv(role: HostRole, opts: RoleSetupOptions = {}): string[] {
  const scriptsDir = opts.scriptsDir ?? path.resolve(process.cwd(), 'scripts/roles');
  for (const f of NEEDED_FILES[role]) {
    if (!fs.existsSync(path.join(scriptsDir, f)))
      throw new Error(
        `role setup: ${path.join(scriptsDir, f)} is missing (is scriptsDir the repository's scripts/roles?)`,
      );
  }
  const env: string[] = [];
  for (const [k, v] of Object.entries(opts.versions ?? {})) {
    if (!(VERSION_OVERRIDES as readonly string[]).includes(k))
      throw new Error(`role setup: unknown version override ${k} (known: ${VERSION_OVERRIDES.join(', ')})`);
    if (v === undefined) continue;
    if (!VERSION_RE.test(v)) throw new Error(`role setup: ${k}=${JSON.stringify(v)} is not a version string`);
    env.push(`${k}=${v}`);
  }
  const script = `${REMOTE_SETUP_DIR}/${role}-setup.sh`;
  const args: string[] = [];
  if (role === 'k3s') {
    const fns = opts.functions ?? ['figlet'];
    const bad = fns.filter((f) => !FUNCTION_NAME_RE.test(f));
    if (bad.length > 0)
      throw new Error(
        `role setup: invalid function name(s) ${bad.map((b) => JSON.stringify(b)).join(', ')}: lower-case letters, digits and hyphens`,
      );
    if (fns.length > 0) args.push('--functions', fns.join(','));
  } else {
    args.push('--agent-dir', opts.agentDir ?? REMOTE_AGENT_DIR);
  }
  // sudo resets the environment, so overrides travel through `env` after it.
  const locked = [`${REMOTE_SETUP_DIR}/lib/run-locked.sh`, setupPidFile(role)];
  return ['sudo', ...(env.length > 0 ? ['env', ...env] : []), 'bash', ...locked, script, ...args];
}

export async function runRoleSetup(host: Host, opts: RoleSetupOptions = {}): Promise<RoleSetupResult> {
  const role = host.role;
  const argv = roleSetupArgv(role, opts);
  const scriptsDir = opts.scriptsDir ?? path.resolve(process.cwd(), 'scripts/roles');
  const progress = (step: string, message: string, level?: 'info' | 'error') =>
    opts.onProgress?.({ host: host.name, role, step, message, level });
  const started = Date.now();

  // A setup left running by an earlier provision (stopped, or its controller gone) is
  // ended first: never two beside each other, and never a push under a running script.
  await endLiveSetup(host, role, (m) => progress('setup', m));
  progress('upload', `copying setup scripts to ${host.name}:${REMOTE_SETUP_DIR}`);
  await host.push(scriptsDir, REMOTE_SETUP_DIR, { recursive: true });
  if (role === 'runner' && opts.agentBundleDir) {
    progress('upload', `copying the agent bundle to ${host.name}:${opts.agentDir ?? REMOTE_AGENT_DIR}`);
    await host.push(opts.agentBundleDir, opts.agentDir ?? REMOTE_AGENT_DIR, { recursive: true });
  }

  const tail: string[] = [];
  let scriptVersion: number | null = null;
  let lastError: string | undefined;
  const onLine = (stream: 'stdout' | 'stderr') => (line: string) => {
    tail.push(line);
    if (tail.length > 200) tail.shift();
    opts.onLine?.(line, stream);
    if (line.startsWith('==> ')) progress('setup', line.slice(4));
    else if (line.startsWith('!!! ')) progress('setup', (lastError = line.slice(4)), 'error');
    const done = /^LBWEB_SETUP_DONE role=\S+ version=(\d+)/.exec(line);
    if (done) scriptVersion = Number(done[1]);
  };
  progress('run', `running ${argv.join(' ')}`);
  const handle = host.stream(argv, {
    signal: opts.signal,
    onStdoutLine: onLine('stdout'),
    onStderrLine: onLine('stderr'),
  });
  let timedOut = false;
  const timeoutMs = opts.timeoutMs ?? 45 * 60_000;
  const timer = setTimeout(() => {
    timedOut = true;
    void handle.stop();
  }, timeoutMs);
  const { code } = await handle.exited.finally(() => clearTimeout(timer));
  if (timedOut || opts.signal?.aborted) {
    // Our side has ended; the script on the host has not (no signal crosses `exec`).
    await endLiveSetup(host, role, (m) => progress('stop', m)).catch((err: unknown) =>
      progress('stop', `could not end the ${role} setup on ${host.name}: ${(err as Error).message}`, 'error'),
    );
  }

  if (code !== 0 || scriptVersion === null) {
    const why = timedOut
      ? `did not finish within ${Math.round(timeoutMs / 60_000)} min`
      : opts.signal?.aborted
        ? 'was cancelled'
        : `failed (exit ${code})${lastError ? `: ${lastError}` : tail.length ? `: ${tail[tail.length - 1]}` : ''}`;
    progress('failed', `${role} setup on ${host.name} ${why}`, 'error');
    throw new RoleSetupError(
      `${role} setup on ${host.name} ${why}; it is safe to run it again`,
      role,
      host.name,
      code,
      tail.slice(-40),
    );
  }
  progress('done', `${role} setup v${scriptVersion} finished on ${host.name}`);
  return { role, host: host.name, scriptVersion, durationMs: Date.now() - started, tail: tail.slice(-40) };
}
