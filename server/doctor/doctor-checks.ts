// The individual doctor checks: each finds a tool, asks its version, and knows the fix.
import 'server-only';
import { findExecutable } from '@/server/process/find-executable';
import { createRequire } from 'node:module';
import path from 'node:path';
import { runCommand } from '@/server/process/run-command';
import { repoRoot } from '@/server/process/repo-root';

export interface DoctorItem {
  id: string;
  name: string;
  ok: boolean;
  /** A required item that is missing breaks the default (local) workflow. */
  required: boolean;
  /** Version or what was found; the reason when not ok. */
  detail: string;
  /** The command or step that fixes it (shown when not ok). */
  fix: string;
  neededFor: string;
}

export interface CheckEnv {
  /** PATH to search (default process.env.PATH). */
  path: string;
  /** Searched after PATH: where Debian and snap put binaries a login PATH may lack. */
  extraDirs: readonly string[];
  multipassBinary: string;
}

export const EXTRA_DIRS = ['/usr/bin', '/usr/sbin', '/snap/bin'] as const;

type Spec = Omit<DoctorItem, 'ok' | 'detail'>;

export function which(names: readonly string[], env: CheckEnv): string | null {
  return findExecutable(names, { pathEnv: env.path, extraDirs: env.extraDirs });
}

const firstLine = (s: string) => s.trim().split('\n')[0]?.trim() ?? '';

/** A binary on PATH whose `<versionArgs>` prints something matching `expect`. */
export async function binaryCheck(
  spec: Spec,
  names: readonly string[],
  versionArgs: readonly string[],
  env: CheckEnv,
  expect = /\d+\.\d+/,
): Promise<DoctorItem> {
  const bin = which(names, env);
  if (!bin) return { ...spec, ok: false, detail: `${names[0]} not found on PATH` };
  const r = await runCommand([bin, ...versionArgs], { timeoutMs: 15_000, env: { ...process.env, PATH: env.path } });
  const out = `${r.stdout}\n${r.stderr}`;
  if (r.code !== 0 || !expect.test(out)) {
    return {
      ...spec,
      ok: false,
      detail: `${bin} ${versionArgs.join(' ')} failed (${r.timedOut ? 'timed out' : `exit ${r.code}`}): ${firstLine(r.stderr || r.stdout)}`,
    };
  }
  const line = out.split('\n').find((l) => expect.test(l)) ?? '';
  return { ...spec, ok: true, detail: `${line.trim()} (${bin})` };
}

export function nodeCheck(): DoctorItem {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const ok = major > 20 || (major === 20 && minor >= 9);
  return {
    id: 'node',
    name: 'Node.js ≥ 20.9',
    ok,
    required: true,
    detail: `node ${process.version}${ok ? '' : ': too old'}`,
    fix: "install Node.js 20 LTS (https://nodejs.org/en/download or your distribution's nodejs 20 package)",
    neededFor: 'everything',
  };
}

export async function duckdbCheck(): Promise<DoctorItem> {
  const spec: Spec = {
    id: 'duckdb',
    name: 'DuckDB bindings (@duckdb/node-api)',
    required: true,
    fix: 'npm install in the lb-web checkout (pins @duckdb/node-api 1.5.6-r.1; npm picks the prebuilt binding for this platform)',
    neededFor: 'the runner agent and the DuckDB memory file',
  };
  try {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const v = (await conn.runAndReadAll('SELECT version() AS v')).getRowObjects()[0]?.v;
    conn.closeSync();
    db.closeSync();
    return { ...spec, ok: true, detail: `DuckDB ${String(v)} (${process.platform}-${process.arch})` };
  } catch (err) {
    return { ...spec, ok: false, detail: `cannot open DuckDB: ${(err as Error).message}` };
  }
}

export function esbuildCheck(): DoctorItem {
  const spec: Spec = {
    id: 'esbuild',
    name: 'esbuild (agent bundle)',
    required: false,
    fix: 'npm install in the lb-web checkout',
    neededFor: 'Multipass: bundling the agent for the runner VM',
  };
  try {
    const pkg = createRequire(path.join(repoRoot(), 'package.json'))('esbuild/package.json') as { version: string };
    return { ...spec, ok: true, detail: `esbuild ${pkg.version}` };
  } catch (err) {
    return { ...spec, ok: false, detail: (err as Error).message.split('\n')[0] ?? 'not installed' };
  }
}

/** `multipass version --format json` lists multipassd only when the daemon answers. */
export async function multipassDaemonCheck(env: CheckEnv): Promise<DoctorItem> {
  const spec: Spec = {
    id: 'multipassd',
    name: 'Multipass daemon (multipassd)',
    required: false,
    fix: 'sudo snap start multipass (or sudo snap restart multipass)',
    neededFor: 'the multipass provider',
  };
  const bin = which([env.multipassBinary], env);
  if (!bin)
    return {
      ...spec,
      ok: false,
      detail: 'not checked: multipass is not installed',
      fix: 'sudo snap install multipass',
    };
  const r = await runCommand([bin, 'version', '--format', 'json'], { timeoutMs: 20_000 });
  try {
    const v = JSON.parse(r.stdout) as { multipass?: string; multipassd?: string };
    if (v.multipassd) return { ...spec, ok: true, detail: `multipassd ${v.multipassd}` };
    return {
      ...spec,
      ok: false,
      detail: `multipass ${v.multipass ?? '?'} answered without its daemon: ${firstLine(r.stderr) || 'multipassd not running'}`,
    };
  } catch {
    return {
      ...spec,
      ok: false,
      detail: `multipass version failed (exit ${r.code}): ${firstLine(r.stderr || r.stdout)}`,
    };
  }
}
