// The few OpenFaaS gateway calls the agent needs: deployed functions with replicas, and
// one probe to quote the gateway's own answer when a function is missing.
import 'server-only';
import { z } from 'zod';

const FunctionListSchema = z.array(
  z.looseObject({
    name: z.string(),
    replicas: z.coerce.number().optional(),
    availableReplicas: z.coerce.number().optional(),
    invocationCount: z.coerce.number().optional(),
  }),
);

export interface DeployedFunction {
  name: string;
  replicas: number;
}

function headers(auth?: string): Record<string, string> {
  return auth ? { Authorization: auth } : {};
}

/** OpenFaaS names functions `name` or `name.namespace`; compare on the bare name. */
const bareName = (name: string) => name.split('.')[0] ?? name;

export async function listFunctions(
  gatewayUrl: string,
  auth?: string,
  signal?: AbortSignal,
): Promise<DeployedFunction[]> {
  const url = `${gatewayUrl.replace(/\/$/, '')}/system/functions`;
  let res: Response;
  try {
    res = await fetch(url, { headers: headers(auth), signal: signal ?? AbortSignal.timeout(10_000) });
  } catch (err) {
    throw new Error(`gateway ${url} unreachable: ${(err as Error).message}`, { cause: err });
  }
  if (!res.ok) throw new Error(`gateway ${url} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  const list = FunctionListSchema.parse(await res.json());
  return list.map((f) => ({ name: bareName(f.name), replicas: f.availableReplicas ?? f.replicas ?? 0 }));
}

export async function replicasByFunction(
  gatewayUrl: string,
  names: string[],
  auth?: string,
  signal?: AbortSignal,
): Promise<Record<string, number>> {
  const deployed = await listFunctions(gatewayUrl, auth, signal);
  const out: Record<string, number> = {};
  // lb (`_parse_faas_cli_replicas`): a function the list does not hold has 0 replicas.
  for (const n of names) out[n] = deployed.find((d) => d.name === n)?.replicas ?? 0;
  return out;
}

/** One request to the function, to quote the gateway's answer (status and body) in an error. */
export async function probeFunction(
  gatewayUrl: string,
  name: string,
  auth?: string,
): Promise<{ status: number; body: string }> {
  const url = `${gatewayUrl.replace(/\/$/, '')}/function/${encodeURIComponent(name)}`;
  try {
    const res = await fetch(url, { headers: headers(auth), signal: AbortSignal.timeout(10_000) });
    return { status: res.status, body: (await res.text()).trim().slice(0, 300) };
  } catch (err) {
    return { status: 0, body: (err as Error).message };
  }
}
