// The ssh provider is offered once a pair is saved and OpenSSH's client is installed.
import 'server-only';
import { existsSync } from 'node:fs';
import { findExecutable } from '@/server/process/find-executable';
import { sshHostsFile } from './ssh-hosts-file';
import { SshProvider } from './ssh-provider';

export function createSshProvider(root: string): SshProvider {
  if (!findExecutable('ssh') || !findExecutable('scp'))
    throw new Error("ssh/scp not found on PATH: install OpenSSH's client (apt install openssh-client)");
  if (!existsSync(sshHostsFile(root)))
    throw new Error(
      'no SSH hosts saved yet: `lb-web hosts add ssh --runner user@host[:port] --identity <key> --gateway <url> --prometheus <url>`',
    );
  return new SshProvider(root);
}
