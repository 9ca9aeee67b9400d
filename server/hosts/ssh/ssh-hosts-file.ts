// The saved SSH pair: your runner (reached over SSH) and an existing cluster (OpenFaaS gateway
// and Prometheus by URL). Stored as <hosts root>/ssh/hosts.json with 0600 permissions (the
// directory 0700): it names key files and where the gateway password is, never the secret
// itself; nothing here is returned to the browser except what describePair() shows.
import 'server-only';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describeTarget, SshPairSchema, type ExistingCluster, type SshPair } from '@/lib/contract/ssh-hosts';

export class SshHostsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SshHostsFileError';
  }
}

export const sshHostsFile = (root: string) => path.join(root, 'hosts.json');
/** Host keys learnt with `accept-new` (one file per saved pair, next to its definition). */
export const sshKnownHostsFile = (root: string) => path.join(root, 'known_hosts');

export async function readSshPair(root: string): Promise<SshPair | null> {
  const file = sshHostsFile(root);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new SshHostsFileError(
      `${file} is not JSON (${(err as Error).message}): fix it or run \`lb-web hosts add ssh\` again`,
    );
  }
  const parsed = SshPairSchema.safeParse(json);
  if (!parsed.success)
    throw new SshHostsFileError(
      `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

/** Validates and writes atomically (temp file, 0600, rename). */
export async function saveSshPair(root: string, input: unknown): Promise<SshPair> {
  const parsed = SshPairSchema.safeParse(input);
  if (!parsed.success)
    throw new SshHostsFileError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  await mkdir(root, { recursive: true, mode: 0o700 });
  await chmod(root, 0o700);
  const tmp = `${sshHostsFile(root)}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(parsed.data, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, sshHostsFile(root));
  return parsed.data;
}

export async function removeSshPair(root: string): Promise<boolean> {
  const file = sshHostsFile(root);
  const existed = (await readFile(file)
    .then(() => true)
    .catch(() => false)) as boolean;
  await rm(file, { force: true });
  return existed;
}

/** The gateway's Authorization header, read when needed (never stored, never logged). */
export async function gatewayAuthorization(
  c: ExistingCluster,
  env: Record<string, string | undefined> = process.env,
): Promise<string | undefined> {
  let password: string | undefined;
  if (c.gatewayPasswordFile) {
    try {
      password = (await readFile(c.gatewayPasswordFile, 'utf8')).trim();
    } catch (err) {
      throw new SshHostsFileError(
        `cannot read gatewayPasswordFile ${c.gatewayPasswordFile}: ${(err as Error).message}`,
      );
    }
  } else if (c.gatewayPasswordEnv) {
    password = env[c.gatewayPasswordEnv];
    if (!password)
      throw new SshHostsFileError(`gatewayPasswordEnv: ${c.gatewayPasswordEnv} is not set in lb-web's environment`);
  }
  return password === undefined ? undefined : `Basic ${Buffer.from(`${c.gatewayUser}:${password}`).toString('base64')}`;
}

/** What may be shown anywhere (browser, logs): no secrets, no file contents. */
export function describePair(p: SshPair): {
  runner: string;
  moreRunners: string[];
  gatewayUrl: string;
  prometheusUrl: string;
} {
  return {
    runner: describeTarget(p.runner),
    moreRunners: p.moreRunners.map(describeTarget),
    gatewayUrl: p.cluster.gatewayUrl,
    prometheusUrl: p.cluster.prometheusUrl,
  };
}
