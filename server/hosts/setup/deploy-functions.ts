// The run's functions deployed before it starts, as lb's setup does (setup_k3s_tasks.yml:
// `faas-cli store deploy <name>`, two of them from their own images, then `faas-cli ready`).
// Functions the gateway already lists are left alone, so a rerun deploys nothing.
import 'server-only';
import type { Host } from '@/server/hosts/host';

/** lb deploys these two from images of their own, not from the OpenFaaS store. */
const IMAGE_FUNCTIONS: Record<string, string> = {
  'openfaas-youtube-dl': 'ghcr.io/ema-pe/openfaas-youtube-dl',
  'openfaas-text-to-speech': 'ghcr.io/ema-pe/openfaas-text-to-speech',
};

export interface DeployOptions {
  /** The gateway as the k3s host reaches it (faas-cli runs there). */
  gatewayUrl: string;
  onProgress?: (message: string) => void;
  signal?: AbortSignal;
}

/** Deploys each of `names` (already filtered to the missing ones) and waits until it is ready. */
export async function deployFunctions(k3s: Host, names: readonly string[], opts: DeployOptions): Promise<void> {
  const gw = ['--gateway', opts.gatewayUrl, '--tls-no-verify'];
  for (const name of names) {
    const image = IMAGE_FUNCTIONS[name];
    const argv = image
      ? ['faas-cli', 'deploy', '--image', image, '--name', name, ...gw]
      : ['faas-cli', 'store', 'deploy', name, ...gw];
    opts.onProgress?.(`deploying function ${name} (${argv.slice(0, 3).join(' ')} …)`);
    const deploy = await k3s.exec(argv, { timeoutMs: 300_000, signal: opts.signal });
    if (deploy.code !== 0) {
      throw new Error(
        `deploying function ${name} on ${k3s.name} failed (exit ${deploy.code}): ${(deploy.stderr || deploy.stdout).trim().slice(-400)}; is it in the OpenFaaS store?`,
      );
    }
    const ready = await k3s.exec(['faas-cli', 'ready', name, ...gw], { timeoutMs: 300_000, signal: opts.signal });
    if (ready.code !== 0) {
      throw new Error(
        `function ${name} did not become ready on ${k3s.name}: ${(ready.stderr || ready.stdout).trim().slice(-400)}`,
      );
    }
    opts.onProgress?.(`function ${name} deployed and ready`);
  }
}
