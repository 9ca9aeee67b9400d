// The OpenFaaS gateway on the k3s host uses basic auth (generateBasicAuth=true): the
// password lives in the `basic-auth` secret of namespace openfaas. The agent needs it as
// an Authorization header value to call functions (FORMATS.md §12).
import 'server-only';
import type { Host } from '@/server/hosts/host';

export const GATEWAY_USER = 'admin';

export function basicAuthHeader(password: string, user = GATEWAY_USER): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/** Reads and base64-decodes the gateway password on the k3s host. */
export async function readGatewayPassword(k3s: Host, signal?: AbortSignal): Promise<string> {
  const argv = [
    'kubectl',
    '-n',
    'openfaas',
    'get',
    'secret',
    'basic-auth',
    '-o',
    'jsonpath={.data.basic-auth-password}',
  ];
  const r = await k3s.exec(argv, { timeoutMs: 30_000, signal });
  if (r.code !== 0) {
    throw new Error(
      `could not read the OpenFaaS basic-auth secret on ${k3s.name} (exit ${r.code}): ${r.stderr.trim() || r.stdout.trim()} — is OpenFaaS installed? Run the k3s setup again`,
    );
  }
  const encoded = r.stdout.trim();
  if (!encoded || !/^[A-Za-z0-9+/]+=*$/.test(encoded)) {
    throw new Error(
      `the basic-auth secret on ${k3s.name} has no base64 basic-auth-password field (got ${JSON.stringify(encoded.slice(0, 40))})`,
    );
  }
  const password = Buffer.from(encoded, 'base64').toString('utf8');
  if (!password) throw new Error(`the basic-auth secret on ${k3s.name} holds an empty password`);
  return password;
}

/** `Basic base64(admin:<password>)`, ready for the agent's run spec. */
export async function readGatewayAuthorization(k3s: Host, signal?: AbortSignal): Promise<string> {
  return basicAuthHeader(await readGatewayPassword(k3s, signal));
}
