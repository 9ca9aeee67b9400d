import { createTRPCClient } from '@trpc/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { AppRouter } from '@/server/api/root';
import { createLinks } from '@/lib/trpc/links';

const BASE = 'http://127.0.0.1:3000';

async function loadRoute(env: Record<string, string>) {
  vi.resetModules();
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  return import('./route');
}

/** Reads an SSE body until the server ends it; returns the `id:` lines and event names. */
async function readSse(res: Response): Promise<{ ids: string[]; events: string[]; data: string[] }> {
  const text = await res.text();
  const out = { ids: [] as string[], events: [] as string[], data: [] as string[] };
  for (const line of text.split('\n')) {
    if (line.startsWith('id: ')) out.ids.push(line.slice(4));
    else if (line.startsWith('event: ')) out.events.push(line.slice(7));
    else if (line.startsWith('data: ')) out.data.push(line.slice(6));
  }
  return out;
}

const ticksUrl = (input: object, extra = '') =>
  `${BASE}/api/trpc/health.ticks?input=${encodeURIComponent(JSON.stringify(input))}${extra}`;

beforeEach(() => vi.unstubAllEnvs());
afterEach(() => vi.unstubAllEnvs());

describe('tRPC route', () => {
  it('answers health.ping through the batch link', async () => {
    const { GET, POST } = await loadRoute({ LBWEB_TOKEN: '' });
    const client = createTRPCClient<AppRouter>({
      links: createLinks({
        url: `${BASE}/api/trpc`,
        fetch: async (url, init) => {
          const req = new Request(String(url), init);
          return req.method === 'GET' ? GET(req) : POST(req);
        },
      }),
    });
    const pong = await client.health.ping.query();
    expect(pong).toMatchObject({ ok: true, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(pong.uptimeS).toBeGreaterThanOrEqual(0);
  });

  it('streams ticks over SSE with ids, and resumes after lastEventId (input or Last-Event-ID)', async () => {
    const { GET } = await loadRoute({ LBWEB_TOKEN: '' });
    const full = await readSse(await GET(new Request(ticksUrl({ count: 3, intervalMs: 5 }))));
    expect(full.ids).toEqual(['1', '2', '3']);
    expect(full.events).toContain('return');

    const resumed = await readSse(await GET(new Request(ticksUrl({ count: 4, intervalMs: 5, lastEventId: '2' }))));
    expect(resumed.ids).toEqual(['3', '4']);

    const viaHeader = await GET(
      new Request(ticksUrl({ count: 3, intervalMs: 5 }), { headers: { 'last-event-id': '1' } }),
    );
    expect((await readSse(viaHeader)).ids).toEqual(['2', '3']);
  });

  it('announces the client reconnect timeout in the first SSE message', async () => {
    const { GET } = await loadRoute({ LBWEB_TOKEN: '' });
    const sse = await readSse(await GET(new Request(ticksUrl({ count: 1, intervalMs: 5 }))));
    expect(sse.events[0]).toBe('connected');
    expect(JSON.parse(sse.data[0] ?? '{}')).toMatchObject({ reconnectAfterInactivityMs: 12000 });
  });

  it('requires the token when configured: 401 without, SSE works with ?token=', async () => {
    const { GET } = await loadRoute({ LBWEB_TOKEN: 'sekrit-token-123' });
    const denied = await GET(new Request(`${BASE}/api/trpc/health.ping`));
    expect(denied.status).toBe(401);
    const ok = await GET(new Request(ticksUrl({ count: 1, intervalMs: 5 }, '&token=sekrit-token-123')));
    expect(ok.status).toBe(200);
    expect((await readSse(ok)).ids).toEqual(['1']);
    const bearer = await GET(
      new Request(`${BASE}/api/trpc/health.ping`, { headers: { authorization: 'Bearer sekrit-token-123' } }),
    );
    expect(bearer.status).toBe(200);
  });

  it('returns flattened zod field errors for bad input', async () => {
    const { GET } = await loadRoute({ LBWEB_TOKEN: '' });
    const res = await GET(new Request(ticksUrl({ count: 0, intervalMs: 'x' })));
    const body = await res.text();
    // A subscription answers with an SSE error event; the shape is the formatted error.
    expect(body).toMatch(/serialized-error/);
    expect(body).toContain('"zodError"');
    expect(body).toMatch(/"fieldErrors":\{"count":\[[^\]]+\],"intervalMs":\[/);
  });
});

describe('origin guard on mutations', () => {
  it('rejects a cross-origin mutation with FORBIDDEN and allows same-origin and allowed ones', async () => {
    vi.resetModules();
    vi.stubEnv('LBWEB_ALLOWED_ORIGINS', 'https://dash.example');
    const { createTRPCRouter, mutationProcedure, createTRPCContext, createCallerFactory, createCallerContext } =
      await import('@/server/api/trpc');
    const router = createTRPCRouter({
      poke: mutationProcedure.input(z.object({ n: z.number() })).mutation(({ input }) => input.n),
    });
    const call = (headers: Record<string, string>) =>
      createCallerFactory(router)(
        createTRPCContext({ headers: new Headers({ host: '127.0.0.1:3000', ...headers }) }),
      ).poke({ n: 1 });

    await expect(call({ origin: 'http://127.0.0.1:3000' })).resolves.toBe(1);
    await expect(call({ origin: 'https://dash.example' })).resolves.toBe(1);
    await expect(call({})).resolves.toBe(1);
    await expect(call({ origin: 'http://evil.example' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(createCallerFactory(router)(createCallerContext()).poke({ n: 2 })).resolves.toBe(2);
  });

  it('answers a cross-origin mutation over HTTP with 403 FORBIDDEN', async () => {
    vi.resetModules();
    vi.stubEnv('LBWEB_TOKEN', '');
    const { fetchRequestHandler } = await import('@trpc/server/adapters/fetch');
    const { createTRPCRouter, mutationProcedure, createTRPCContext } = await import('@/server/api/trpc');
    const router = createTRPCRouter({ poke: mutationProcedure.mutation(() => 'poked') });
    const post = (origin: string) => {
      const req = new Request(`${BASE}/api/trpc/poke`, {
        method: 'POST',
        headers: { host: '127.0.0.1:3000', origin, 'content-type': 'application/json' },
        body: '{}',
      });
      return fetchRequestHandler({
        endpoint: '/api/trpc',
        req,
        router,
        createContext: () => createTRPCContext({ headers: req.headers }),
      });
    };
    const evil = await post('http://evil.example');
    expect(evil.status).toBe(403);
    expect(await evil.json()).toMatchObject({ error: { data: { code: 'FORBIDDEN' } } });
    expect((await post(BASE)).status).toBe(200);
  });
});
