// The local equivalents of FORMATS.md §1 step 2, one check per line of the Hosts page.
import 'server-only';
import type { VerificationCheck } from '../host';
import type { LocalHost } from './local-host';
import type { StackInfo } from './stack-process';
import { tsEntryArgv } from '@/server/process/repo-root';
import { verifyAgentSelfCheck, verifyClusterEndpoints } from '../setup/endpoint-checks';

export async function verifyK3sRole(host: LocalHost, stack: StackInfo | null): Promise<VerificationCheck[]> {
  if (!stack) {
    return [
      {
        role: 'k3s',
        host: host.name,
        name: 'local stack running',
        command: 'stack.json',
        ok: false,
        output: 'the local stack is not running: provision the hosts first',
        durationMs: 0,
      },
    ];
  }
  return verifyClusterEndpoints(host.name, { gatewayUrl: stack.gatewayUrl, prometheusUrl: stack.prometheusUrl });
}

export function verifyRunnerRole(host: LocalHost): Promise<VerificationCheck[]> {
  return verifyAgentSelfCheck(host, tsEntryArgv('server/agent/main.ts'));
}
