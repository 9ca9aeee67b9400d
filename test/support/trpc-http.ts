// Plain-HTTP tRPC calls for specs and benchmarks (what a script or curl would send), and the
// waits they share: provisioning the local hosts, a run reaching a terminal state.
const TERMINAL = ['finished', 'aborted', 'failed', 'stop_failed'];

export interface TrpcHttp {
  get<T>(path: string, input?: unknown): Promise<T>;
  post<T>(path: string, input: unknown): Promise<T>;
}

export function trpcHttp(baseUrl: string): TrpcHttp {
  const call = async <T>(path: string, input: unknown, post: boolean): Promise<T> => {
    const query = !post && input !== undefined ? `?input=${encodeURIComponent(JSON.stringify(input))}` : '';
    const res = await fetch(
      `${baseUrl}/api/trpc/${path}${query}`,
      post ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) } : {},
    );
    const body = (await res.json()) as { result?: { data: T }; error?: unknown };
    if (!res.ok || !body.result) throw new Error(`${path}: ${res.status} ${JSON.stringify(body.error)}`);
    return body.result.data;
  };
  return { get: (path, input) => call(path, input, false), post: (path, input) => call(path, input, true) };
}

/** Polls `fn` until it returns something truthy, or throws naming `what`. */
export async function until<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  timeoutMs = 120_000,
  everyMs = 100,
): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

type Operation = { endedAt: number | null; ok: boolean | null; error: string | null } | null;

/** Runs a hosts operation (provision / destroy) of the local provider to its end. */
export async function hostsOperation(
  trpc: TrpcHttp,
  kind: 'provision' | 'destroy',
  timeoutMs = 180_000,
): Promise<Operation> {
  await trpc.post(`hosts.${kind}`, { provider: 'local' });
  return until(
    `hosts.${kind}`,
    async () => {
      const op = await trpc.get<Operation>('hosts.operation', { provider: 'local' });
      return (!op || op.endedAt !== null) && { op };
    },
    timeoutMs,
    300,
  ).then((r) => r.op);
}

/** The run's state once terminal. */
export async function terminalState(trpc: TrpcHttp, runId: string, timeoutMs = 180_000): Promise<string> {
  return until(
    `run ${runId} to end`,
    async () => {
      const { state } = await trpc.get<{ state: string | null }>('runs.get', { runId });
      return state && TERMINAL.includes(state) ? state : null;
    },
    timeoutMs,
    300,
  );
}
