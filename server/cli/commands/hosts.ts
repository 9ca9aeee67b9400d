// `lb-web hosts up|status|down|verify [--provider local|multipass|ssh]`, `hosts add|remove ssh`:
// the Hosts page from a shell, with progress lines. Local hosts are processes of the command that started them,
// so `hosts up --provider local` stays in the foreground until Ctrl-C or `hosts down`;
// Multipass VMs outlive the command.
import 'server-only';
import type { VerificationCheck } from '@/server/hosts/host';
import type { HostProvider } from '@/server/hosts/provider';
import { getProvider } from '@/server/hosts/providers';
import { cliRoots, guarded, parseCommandArgs, parseProviderKind, progressLine, UsageError } from '../cli-common';
import { addSsh, addUsage, removeSsh } from './hosts-ssh';
import type { CliCommand, CliContext } from './types';

const usage = `lb-web hosts up|status|down|verify [--provider local|multipass|ssh]\n       ${addUsage}\n       lb-web hosts remove ssh`;
const ACTIONS = ['up', 'status', 'down', 'verify'] as const;
type Action = (typeof ACTIONS)[number];

export function printChecks(checks: VerificationCheck[], ctx: CliContext): boolean {
  for (const c of checks) {
    ctx.io.out(`${c.ok ? 'PASS' : 'FAIL'}  ${c.role.padEnd(6)} ${c.name} — ${c.command} (${c.durationMs} ms)`);
    if (!c.ok) for (const line of c.output.split('\n').slice(-8)) ctx.io.out(`        ${line}`);
  }
  const failed = checks.filter((c) => !c.ok);
  ctx.io.out(
    failed.length
      ? `${failed.length} of ${checks.length} checks failed (roles: ${[...new Set(failed.map((c) => c.role))].join(', ')})`
      : `all ${checks.length} checks passed`,
  );
  return failed.length === 0;
}

async function status(provider: HostProvider, ctx: CliContext): Promise<number> {
  const st = await provider.status();
  for (const h of st.hosts)
    ctx.io.out(
      `${h.role.padEnd(6)} ${h.name.padEnd(24)} ${h.state.padEnd(8)} ${h.address ?? '-'}${h.detail ? `  ${h.detail}` : ''}`,
    );
  if (st.gatewayUrl) ctx.io.out(`gateway    ${st.gatewayUrl}`);
  if (st.prometheusUrl) ctx.io.out(`prometheus ${st.prometheusUrl}`);
  return 0;
}

/** Local hosts live as long as this process: wait for a signal (then stop them) or their end. */
async function holdLocal(provider: HostProvider, ctx: CliContext): Promise<number> {
  ctx.io.out(
    'local hosts are up; they run as long as this command: Ctrl-C (or `lb-web hosts down --provider local`) stops them',
  );
  let signalled: NodeJS.Signals | undefined;
  let wake: () => void = () => {};
  const onSignal = (sig: NodeJS.Signals) => {
    signalled = sig;
    wake();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    while (!signalled) {
      await new Promise<void>((r) => {
        const timer = setTimeout(r, 2000);
        wake = () => {
          clearTimeout(timer);
          r();
        };
      });
      if (!signalled && (await provider.connect()) === null) {
        ctx.io.out('the local stack has stopped');
        return 0;
      }
    }
    ctx.io.out(`${signalled}: stopping the local hosts`);
    await provider.destroy({ onProgress: (p) => ctx.io.out(progressLine(p)) });
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function runHosts(args: string[], ctx: CliContext): Promise<number> {
  // Saved definitions (only SSH pairs have one): their own flags.
  if (args[0] === 'add' || args[0] === 'remove') {
    if (args[1] !== 'ssh')
      throw new UsageError(
        `lb-web hosts ${args[0]}: only ssh hosts are saved (\`lb-web hosts ${args[0]} ssh …\`)\nusage: ${usage}`,
      );
    return args[0] === 'add' ? addSsh(args.slice(2), ctx) : removeSsh(ctx);
  }
  const { values, positionals } = parseCommandArgs('hosts', usage, args, { provider: { type: 'string' } });
  if (values.help) return (ctx.io.out(`usage: ${usage}`), 0);
  const action = positionals[0] as Action | undefined;
  if (!action || !ACTIONS.includes(action) || positionals.length > 1)
    throw new UsageError(`lb-web hosts: expected one of ${ACTIONS.join(', ')}\nusage: ${usage}`);
  const kind = parseProviderKind('hosts', values.provider);
  const provider = getProvider(kind, cliRoots(ctx).hostsRoot);
  const onProgress = (p: Parameters<typeof progressLine>[0]) => ctx.io.out(progressLine(p));
  switch (action) {
    case 'status':
      return status(provider, ctx);
    case 'verify':
      return printChecks(await provider.verify(), ctx) ? 0 : 1;
    case 'down':
      await provider.destroy({ onProgress });
      ctx.io.out(`${kind} hosts are down`);
      return 0;
    case 'up': {
      // Local hosts already up belong to another lb-web process: report them, do not hold them.
      const startsLocal = kind === 'local' && (await provider.connect()) === null;
      const pair = await provider.provision({ onProgress });
      ctx.io.out(
        `hosts up: k3s ${pair.k3s.name}, runner ${pair.runner.name}; gateway ${pair.gatewayUrl}, Prometheus ${pair.prometheusUrl}`,
      );
      const ok = printChecks(await provider.verify(), ctx);
      if (startsLocal) return holdLocal(provider, ctx);
      return ok ? 0 : 1;
    }
  }
}

export const hostsCli: CliCommand = {
  name: 'hosts',
  summary: 'Provision, inspect, verify or destroy the runner and k3s hosts',
  usage,
  run: guarded('hosts', runHosts),
};
