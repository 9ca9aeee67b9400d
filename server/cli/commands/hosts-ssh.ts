// `lb-web hosts add ssh …` and `lb-web hosts remove ssh`: the saved SSH pair (your runner over
// SSH, an existing cluster by URL). Flags or a JSON file (--file, the shape README shows);
// validated with the same schema the provider reads, written 0600.
import 'server-only';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { removeSshPair, saveSshPair, describePair, sshHostsFile } from '@/server/hosts/ssh/ssh-hosts-file';
import { splitUserHost } from '@/lib/contract/ssh-hosts';
import { cliRoots, parseCommandArgs, UsageError } from '../cli-common';
import type { CliContext } from './types';

export const addUsage =
  'lb-web hosts add ssh (--file <hosts.json> | --runner user@host[:port] --identity <key file> --gateway <url> --prometheus <url>\n' +
  '        [--gateway-user admin] [--gateway-password-file <file> | --gateway-password-env <VAR>]\n' +
  '        [--known-hosts accept-new|strict] [--jump user@host[:port]] [--workdir ~/.lb])\n' +
  '  --runner again adds a runner sharing the load (the first leads); --workdir once for all, or once per runner';

const OPTIONS = {
  file: { type: 'string' },
  runner: { type: 'string', multiple: true },
  identity: { type: 'string' },
  gateway: { type: 'string' },
  prometheus: { type: 'string' },
  'gateway-user': { type: 'string' },
  'gateway-password-file': { type: 'string' },
  'gateway-password-env': { type: 'string' },
  'known-hosts': { type: 'string' },
  jump: { type: 'string' },
  workdir: { type: 'string', multiple: true },
} as const;

/** `user@host[:port]`, `user@[v6]:port`. */
export function parseUserHost(value: string): { user: string; host: string; port?: number } {
  const parts = splitUserHost(value);
  if (!parts) throw new UsageError(`lb-web hosts add ssh: --runner ${value}: expected user@host or user@host:port`);
  return { port: undefined, ...parts };
}

const absolute = (ctx: CliContext, p: string | undefined) => (p === undefined ? undefined : path.resolve(ctx.cwd, p));

export async function addSsh(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('hosts add ssh', addUsage, args, OPTIONS);
  if (values.help) return (ctx.io.out(`usage: ${addUsage}`), 0);
  if (positionals.length)
    throw new UsageError(`lb-web hosts add ssh: unexpected ${positionals.join(' ')}\nusage: ${addUsage}`);
  let input: unknown;
  if (values.file) {
    const file = path.resolve(ctx.cwd, values.file);
    try {
      input = JSON.parse(await readFile(file, 'utf8'));
    } catch (err) {
      throw new UsageError(`lb-web hosts add ssh: --file ${file}: ${(err as Error).message}`);
    }
  } else {
    const missing = (['runner', 'identity', 'gateway', 'prometheus'] as const).filter((k) => !values[k]);
    if (missing.length)
      throw new UsageError(
        `lb-web hosts add ssh: missing ${missing.map((k) => `--${k}`).join(', ')}\nusage: ${addUsage}`,
      );
    const runners = values.runner!;
    const workdirs = values.workdir ?? [];
    if (workdirs.length > 1 && workdirs.length !== runners.length)
      throw new UsageError(
        `lb-web hosts add ssh: ${workdirs.length} --workdir for ${runners.length} --runner: give one for all, or one per runner`,
      );
    const targets = runners.map((r, i) => ({
      ...parseUserHost(r),
      identityFile: absolute(ctx, values.identity),
      knownHosts: values['known-hosts'],
      jumpHost: values.jump,
      workdir: workdirs.length > 1 ? workdirs[i] : workdirs[0],
    }));
    input = {
      runner: targets[0],
      moreRunners: targets.slice(1),
      cluster: {
        gatewayUrl: values.gateway,
        prometheusUrl: values.prometheus,
        gatewayUser: values['gateway-user'],
        gatewayPasswordFile: absolute(ctx, values['gateway-password-file']),
        gatewayPasswordEnv: values['gateway-password-env'],
      },
    };
  }
  const root = path.join(cliRoots(ctx).hostsRoot, 'ssh');
  let saved;
  try {
    saved = await saveSshPair(root, input);
  } catch (err) {
    throw new UsageError(`lb-web hosts add ssh: ${(err as Error).message}`);
  }
  const d = describePair(saved);
  ctx.io.out(
    `saved ${sshHostsFile(root)} (0600): runner ${d.runner}${d.moreRunners.length ? ` + ${d.moreRunners.join(', ')}` : ''}, gateway ${d.gatewayUrl}, Prometheus ${d.prometheusUrl}`,
  );
  ctx.io.out('next: lb-web hosts up --provider ssh   (installs the agent on the runner, then verifies both roles)');
  return 0;
}

export async function removeSsh(ctx: CliContext): Promise<number> {
  const root = path.join(cliRoots(ctx).hostsRoot, 'ssh');
  const existed = await removeSshPair(root);
  ctx.io.out(
    existed
      ? `removed ${sshHostsFile(root)} (the runner keeps its files; \`lb-web hosts down --provider ssh\` before removing deletes the agent there)`
      : `no SSH hosts were saved (${sshHostsFile(root)})`,
  );
  return 0;
}
