// What the server and the CLI read from the environment to drive Multipass: the binary,
// the project (VM names `lbweb-<project>-<role>`), VM sizes and the functions to deploy.
// Validated in full before any VM is touched; an error names the variable to fix.
import 'server-only';
import { isExecutableFile } from '@/server/process/find-executable';
import path from 'node:path';
import { z } from 'zod';
import { notInstalledError } from './multipass-errors';
import { PairSpecError, parsePairSpec, type MultipassPairSpec } from './multipass-spec';

const text = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v),
  z.string().optional(),
);
const int = (name: string) =>
  text.transform((v, ctx) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n)) {
      ctx.addIssue({ code: 'custom', message: `${name} must be an integer (got "${v}")` });
      return z.NEVER;
    }
    return n;
  });

/** An http(s) URL: for a k3s VM reached through a tunnel or remapped NodePorts. */
const httpUrl = (name: string) =>
  text.refine((v) => v === undefined || /^https?:\/\/[^/\s]+/.test(v), {
    message: `${name} must be an http:// or https:// URL`,
  });

const EnvSchema = z.object({
  LBWEB_MULTIPASS_BIN: text,
  LBWEB_MULTIPASS_PROJECT: text,
  LBWEB_MULTIPASS_IMAGE: text,
  LBWEB_MULTIPASS_K3S_CPUS: int('LBWEB_MULTIPASS_K3S_CPUS'),
  LBWEB_MULTIPASS_K3S_MEMORY: text,
  LBWEB_MULTIPASS_K3S_DISK: text,
  LBWEB_MULTIPASS_RUNNER_CPUS: int('LBWEB_MULTIPASS_RUNNER_CPUS'),
  LBWEB_MULTIPASS_RUNNER_MEMORY: text,
  LBWEB_MULTIPASS_RUNNER_DISK: text,
  LBWEB_MULTIPASS_LAUNCH_TIMEOUT_S: int('LBWEB_MULTIPASS_LAUNCH_TIMEOUT_S'),
  LBWEB_MULTIPASS_FUNCTIONS: text,
  LBWEB_MULTIPASS_SCRIPTS_DIR: text,
  LBWEB_MULTIPASS_GATEWAY_URL: httpUrl('LBWEB_MULTIPASS_GATEWAY_URL'),
  LBWEB_MULTIPASS_PROMETHEUS_URL: httpUrl('LBWEB_MULTIPASS_PROMETHEUS_URL'),
});

export const DEFAULT_MULTIPASS_PROJECT = 'main';

export interface MultipassSettings {
  binary: string;
  spec: MultipassPairSpec;
  /** Deployed from the OpenFaaS store on the k3s VM. */
  functions: string[];
  /** A copy of scripts/roles with local changes (mirrors, proxies); default the checkout's. */
  scriptsDir?: string;
  /** The k3s VM's gateway / Prometheus as the runner reaches them; default its address at lb's NodePorts. */
  urls: { gatewayUrl?: string; prometheusUrl?: string };
}

const FIELD_TO_ENV: Record<string, string> = {
  project: 'LBWEB_MULTIPASS_PROJECT',
  launchTimeoutS: 'LBWEB_MULTIPASS_LAUNCH_TIMEOUT_S',
  'k3s.cpus': 'LBWEB_MULTIPASS_K3S_CPUS',
  'k3s.memory': 'LBWEB_MULTIPASS_K3S_MEMORY',
  'k3s.disk': 'LBWEB_MULTIPASS_K3S_DISK',
  'k3s.image': 'LBWEB_MULTIPASS_IMAGE',
  'runner.cpus': 'LBWEB_MULTIPASS_RUNNER_CPUS',
  'runner.memory': 'LBWEB_MULTIPASS_RUNNER_MEMORY',
  'runner.disk': 'LBWEB_MULTIPASS_RUNNER_DISK',
  'runner.image': 'LBWEB_MULTIPASS_IMAGE',
};

export class MultipassEnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid Multipass settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'MultipassEnvError';
  }
}

export function multipassSettingsFromEnv(source: Record<string, string | undefined> = process.env): MultipassSettings {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success)
    throw new MultipassEnvError(parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`));
  const e = parsed.data;
  const vm = (cpus?: number, memory?: string, disk?: string) => ({
    cpus,
    memory,
    disk,
    ...(e.LBWEB_MULTIPASS_IMAGE ? { image: e.LBWEB_MULTIPASS_IMAGE } : {}),
  });
  let spec: MultipassPairSpec;
  try {
    spec = parsePairSpec({
      project: e.LBWEB_MULTIPASS_PROJECT ?? DEFAULT_MULTIPASS_PROJECT,
      k3s: vm(e.LBWEB_MULTIPASS_K3S_CPUS, e.LBWEB_MULTIPASS_K3S_MEMORY, e.LBWEB_MULTIPASS_K3S_DISK),
      runner: vm(e.LBWEB_MULTIPASS_RUNNER_CPUS, e.LBWEB_MULTIPASS_RUNNER_MEMORY, e.LBWEB_MULTIPASS_RUNNER_DISK),
      ...(e.LBWEB_MULTIPASS_LAUNCH_TIMEOUT_S !== undefined
        ? { launchTimeoutS: e.LBWEB_MULTIPASS_LAUNCH_TIMEOUT_S }
        : {}),
    });
  } catch (err) {
    if (!(err instanceof PairSpecError)) throw err;
    throw new MultipassEnvError(err.issues.map((i) => `${FIELD_TO_ENV[i.path] ?? i.path}: ${i.message}`));
  }
  const functions = (e.LBWEB_MULTIPASS_FUNCTIONS ?? 'figlet')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  return {
    binary: e.LBWEB_MULTIPASS_BIN ?? 'multipass',
    spec,
    functions,
    scriptsDir: e.LBWEB_MULTIPASS_SCRIPTS_DIR && path.resolve(e.LBWEB_MULTIPASS_SCRIPTS_DIR),
    urls: {
      ...(e.LBWEB_MULTIPASS_GATEWAY_URL ? { gatewayUrl: e.LBWEB_MULTIPASS_GATEWAY_URL } : {}),
      ...(e.LBWEB_MULTIPASS_PROMETHEUS_URL ? { prometheusUrl: e.LBWEB_MULTIPASS_PROMETHEUS_URL } : {}),
    },
  };
}

/** Absolute path of the multipass binary, or the install hint as a typed error. */
export function requireMultipassBinary(binary: string, pathEnv = process.env.PATH ?? ''): string {
  const candidates = binary.includes('/')
    ? [path.resolve(binary)]
    : [...pathEnv.split(path.delimiter).filter(Boolean), '/snap/bin'].map((d) => path.join(d, binary));
  const found = candidates.find(isExecutableFile);
  if (!found)
    throw notInstalledError(
      binary,
      [binary],
      binary.includes('/') ? `no executable at ${path.resolve(binary)}` : 'not on PATH or in /snap/bin',
    );
  return found;
}
