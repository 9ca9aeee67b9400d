// One SSH key per project (as lb does): generated once with ssh-keygen, kept beside the
// project's data, and appended to ~/.ssh/authorized_keys on both VMs through `exec`, so
// users (and a later ssh provider) can reach the VMs without Multipass.
import 'server-only';
import fs from 'node:fs/promises';
import path from 'node:path';
import { runCommand } from '@/server/process/run-command';
import type { MultipassCli } from './multipass-cli';

export interface ProjectKey {
  privateKeyPath: string;
  publicKeyPath: string;
  publicKey: string;
}

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}

/** Creates `<keyDir>/id_ed25519` (no passphrase) unless it exists; returns the public key. */
export async function ensureProjectKey(
  keyDir: string,
  comment: string,
  opts: { sshKeygen?: string } = {},
): Promise<ProjectKey> {
  const privateKeyPath = path.join(keyDir, 'id_ed25519');
  const publicKeyPath = `${privateKeyPath}.pub`;
  if (!(await exists(privateKeyPath))) {
    await fs.mkdir(keyDir, { recursive: true, mode: 0o700 });
    const argv = [opts.sshKeygen ?? 'ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', privateKeyPath];
    const res = await runCommand(argv, { timeoutMs: 30_000 });
    if (res.spawnError)
      throw new Error(
        `ssh-keygen not found (${res.spawnError}): install openssh-client (apt-get install openssh-client)`,
      );
    if (res.code !== 0)
      throw new Error(`ssh-keygen failed for ${privateKeyPath} (exit ${res.code}): ${res.stderr.trim()}`);
  }
  const publicKey = (await fs.readFile(publicKeyPath, 'utf8')).trim();
  if (!/^ssh-ed25519 [A-Za-z0-9+/=]+( [^\n'"$`\\]*)?$/.test(publicKey)) {
    throw new Error(`${publicKeyPath} is not a single ed25519 public key: delete ${keyDir} to generate a new one`);
  }
  return { privateKeyPath, publicKeyPath, publicKey };
}

// A fixed script; the key arrives as $1, never spliced into the script text. grep -x keeps
// re-runs from appending the same line twice.
const AUTHORIZE_SCRIPT = [
  'set -e',
  'mkdir -p "$HOME/.ssh"',
  'chmod 700 "$HOME/.ssh"',
  'touch "$HOME/.ssh/authorized_keys"',
  'grep -qxF -- "$1" "$HOME/.ssh/authorized_keys" || printf "%s\\n" "$1" >> "$HOME/.ssh/authorized_keys"',
  'chmod 600 "$HOME/.ssh/authorized_keys"',
].join('; ');

export async function authorizeKey(
  cli: MultipassCli,
  vmName: string,
  publicKey: string,
  signal?: AbortSignal,
): Promise<void> {
  const res = await cli.exec(vmName, ['sh', '-c', AUTHORIZE_SCRIPT, 'lbweb-authorize-key', publicKey], {
    timeoutMs: 60_000,
    signal,
  });
  if (res.code !== 0)
    throw new Error(`could not authorize the project SSH key on ${vmName} (exit ${res.code}): ${res.stderr.trim()}`);
}
