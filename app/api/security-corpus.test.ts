// The security corpus: requests an attacker (or a careless script) would send to the tRPC and
// artifact routes and the proxy. Each must be refused with the right status, and none may
// create anything in the output root.
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as TrpcRoute from './trpc/[trpc]/route';
import type * as FileRoute from './artifacts/[runId]/[...path]/route';
import type * as Proxy from '@/proxy';
import type * as FastPath from '@/server/http/artifact-fast-path';
import type * as MetricsRoute from '../metrics/route';
import { STATE_DIR } from '@/server/runs/run-library';

const BASE = 'http://127.0.0.1:3000';
const TOKEN = 'corpus-secret-token';
const RUN = 'run-20260101-000000';
const SECRET_CONTENT = 'TOP-SECRET-CONTENT-42';
let root: string;
let outside: string;

interface Routes {
  trpc: typeof TrpcRoute;
  file: typeof FileRoute;
  proxy: typeof Proxy;
  fastPath: typeof FastPath;
  metrics: typeof MetricsRoute;
}

async function load(env: Record<string, string>): Promise<Routes> {
  vi.resetModules();
  vi.unstubAllEnvs();
  vi.stubEnv('LBWEB_OUTPUT_ROOT', path.join(root, 'runs'));
  vi.stubEnv('LBWEB_HOSTS_ROOT', path.join(root, 'hosts'));
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  return {
    trpc: await import('./trpc/[trpc]/route'),
    file: await import('./artifacts/[runId]/[...path]/route'),
    proxy: await import('@/proxy'),
    fastPath: await import('@/server/http/artifact-fast-path'),
    metrics: await import('../metrics/route'),
  };
}

/** What the output root holds, runs and their files; not the server's own state folder, whose
 *  runs catalog the server saves on a timer of its own, whatever a request did. */
async function listing(): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, rel: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      if (rel === '' && e.name === STATE_DIR) continue;
      out.push(path.join(rel, e.name));
      if (e.isDirectory()) await walk(path.join(dir, e.name), path.join(rel, e.name));
    }
  };
  await walk(path.join(root, 'runs'), '');
  return out.sort();
}

const mutation = (proc: string, input: unknown, headers: Record<string, string> = {}) =>
  new Request(`${BASE}/api/trpc/${proc}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', host: '127.0.0.1:3000', ...headers },
    body: JSON.stringify(input),
  });
const query = (proc: string, input: unknown, headers: Record<string, string> = {}) =>
  new Request(
    `${BASE}/api/trpc/${proc}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`,
    {
      headers: { host: '127.0.0.1:3000', ...headers },
    },
  );

function artifact(r: Routes, rawPath: string, headers: Record<string, string> = {}) {
  const [runId = '', ...rest] = rawPath.split('/');
  const params = { runId: safeDecode(runId), path: rest.map(safeDecode) };
  const req = new Request(`${BASE}/api/artifacts/${rawPath}`, { headers: { host: '127.0.0.1:3000', ...headers } });
  return r.file.GET(req, { params: Promise.resolve(params) });
}
/** The same request through our own HTTP server's artifact path (lb-web serve answers it before Next). */
async function artifactFast(r: Routes, rawPath: string, headers: Record<string, string> = {}) {
  const target = `/api/artifacts/${rawPath}`;
  const req = new Request(`${BASE}${target}`, { headers: { host: '127.0.0.1:3000', ...headers } });
  const res = await r.fastPath.artifactFastPath(req, target, path.join(root, 'runs'));
  if (!res) throw new Error(`${target} was not taken by the artifact path`);
  return res;
}
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const config = { functions: [{ name: 'figlet' }], duration: '1m', rate_strategy: { type: 'custom', rates: [5] } };

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'lbweb-corpus-'));
  outside = path.join(root, 'outside');
  await mkdir(outside, { recursive: true });
  await writeFile(path.join(outside, 'secret.txt'), SECRET_CONTENT);
  await mkdir(path.join(root, 'runs', RUN, 'memory', 'runner'), { recursive: true });
  await writeFile(
    path.join(root, 'runs', RUN, 'run_journal.json'),
    JSON.stringify({ run_id: RUN, tasks: [], metadata: {} }),
  );
  await writeFile(path.join(root, 'runs', RUN, 'results.csv'), 'a\n');
  await symlink(outside, path.join(root, 'runs', RUN, 'escape'));
  await symlink(outside, path.join(root, 'runs', 'run-link'));
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await rm(root, { recursive: true, force: true });
});

describe('security corpus', () => {
  it('artifact route: traversal, encoded and NUL paths, symlinks out of the run → refused', async () => {
    const r = await load({ LBWEB_TOKEN: '' });
    const before = await listing();
    const cases: [string, number][] = [
      [`${RUN}/../outside/secret.txt`, 403],
      [`${RUN}/%2e%2e/outside/secret.txt`, 403],
      [`${RUN}/..%2Foutside%2Fsecret.txt`, 403],
      [`${RUN}/memory/..%2F..%2F..%2Foutside%2Fsecret.txt`, 403],
      [`${RUN}/%2Fetc%2Fpasswd`, 403],
      [`${RUN}/escape/secret.txt`, 403],
      [`${RUN}/results.csv%00.png`, 400],
      [`run-link/secret.txt`, 403],
      [`..%2Foutside/secret.txt`, 400],
      [`${RUN}%00/results.csv`, 400],
      [`${RUN}/memory`, 404],
      [`run-missing/results.csv`, 404],
    ];
    for (const [p, status] of cases) {
      for (const serve of [artifact, artifactFast]) {
        const res = await serve(r, p);
        expect([serve.name, p, res.status]).toEqual([serve.name, p, status]);
        expect(await res.text()).not.toContain(SECRET_CONTENT);
      }
    }
    expect(await listing()).toEqual(before);
  });

  it('Host confinement: foreign names are refused on every route when no token is set (DNS rebinding)', async () => {
    const r = await load({ LBWEB_TOKEN: '' });
    const hosts = ['evil.example:3000', '192.168.1.20:3000', '0.0.0.0:3000', 'localhost.evil.example', ''];
    for (const host of hosts) {
      const headers = { host, origin: `http://${host}` };
      expect((await r.trpc.POST(mutation('runs.stop', { runId: RUN }, headers))).status).toBe(421);
      expect((await r.trpc.GET(query('runs.list', undefined, headers))).status).toBe(421);
      expect((await artifact(r, `${RUN}/results.csv`, { host })).status).toBe(421);
      expect((await artifactFast(r, `${RUN}/results.csv`, { host })).status).toBe(421);
    }
    const viaProxy = r.proxy.proxy(query('runs.list', undefined, { host: 'evil.example:3000' }) as NextRequest);
    expect(viaProxy.status).toBe(421);
  });

  it('cross-site mutations are refused (foreign Origin, Sec-Fetch-Site without Origin, opaque origin)', async () => {
    const r = await load({ LBWEB_TOKEN: '' });
    const before = await listing();
    for (const headers of [
      { origin: 'http://evil.example' } as Record<string, string>,
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { origin: 'http://127.0.0.1:4000' },
    ]) {
      const res = await r.trpc.POST(mutation('runs.start', { config }, headers));
      expect(res.status).toBe(403);
    }
    expect(await listing()).toEqual(before);
  });

  it('with a token: missing, wrong, wrong-cookie requests are 401 on API and artifacts', async () => {
    const r = await load({ LBWEB_TOKEN: TOKEN });
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer nope' },
      { cookie: 'lbweb_token=nope' },
      { 'x-lbweb-token': '' },
    ];
    for (const headers of attempts) {
      expect((await r.trpc.GET(query('runs.list', undefined, headers))).status).toBe(401);
      expect((await r.trpc.POST(mutation('runs.stop', { runId: RUN }, headers))).status).toBe(401);
      expect((await artifact(r, `${RUN}/results.csv`, headers)).status).toBe(401);
      expect((await artifactFast(r, `${RUN}/results.csv`, headers)).status).toBe(401);
    }
    const ok = await r.trpc.GET(query('runs.list', undefined, { authorization: `Bearer ${TOKEN}` }));
    expect(ok.status).toBe(200);
    // /metrics follows the same rules: a scraper sends the token as Bearer.
    const metrics = (headers: Record<string, string>) =>
      r.metrics.GET(new Request(`${BASE}/metrics`, { headers: { host: '127.0.0.1:3000', ...headers } }));
    for (const headers of attempts) expect((await metrics(headers)).status).toBe(401);
    const scraped = await metrics({ authorization: `Bearer ${TOKEN}` });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toMatch(/^lbweb_active_runs 0$/m);
  });

  it('oversized bodies are refused with 413 before any parsing, declared or streamed', async () => {
    const r = await load({ LBWEB_TOKEN: '' });
    const huge = 'x'.repeat(21 * 1024 * 1024);
    const declared = await r.trpc.POST(mutation('runs.start', { config: { functions: [{ name: 'f', body: huge }] } }));
    expect(declared.status).toBe(413);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 22; i++) c.enqueue(new Uint8Array(1024 * 1024));
        c.close();
      },
    });
    const chunked = await r.trpc.POST(
      new Request(`${BASE}/api/trpc/runs.start`, {
        method: 'POST',
        headers: { host: '127.0.0.1:3000', 'content-type': 'application/json' },
        body: stream,
        duplex: 'half',
      } as RequestInit),
    );
    expect(chunked.status).toBe(413);
  });

  it('runs.start with out-of-bounds, unknown or confined-path values: 400 with field errors, nothing created', async () => {
    const r = await load({ LBWEB_TOKEN: '' });
    const before = await listing();
    const bad: [string, unknown][] = [
      ['config.rate_strategy.rates.0', { ...config, rate_strategy: { type: 'custom', rates: [1e9] } }],
      [
        'config.rate_strategy.rates',
        { ...config, rate_strategy: { type: 'custom', rates: Array.from({ length: 100_000 }, (_, i) => i) } },
      ],
      ['config.functions', { ...config, functions: Array.from({ length: 5000 }, (_, i) => ({ name: `f${i}` })) }],
      ['config.functions.0.name', { ...config, functions: [{ name: 'x'.repeat(1024 * 1024) }] }],
      ['config.iterations', { ...config, iterations: 1e9 }],
      ['config.duration', { ...config, duration: '1000000h' }],
      ['config.memory.db_path', { ...config, memory: { db_path: '/tmp/victim.txt', fresh: true } }],
      ['config.memory.db_path', { ...config, memory: { db_path: '../../victim.duckdb' } }],
      ['config.durration', { ...config, durration: '1m' }],
      ['config.functions', { functions: [] }],
      ['config', 'not an object'],
      ['config.functions.0.name', { ...config, functions: [{ name: 'a\u0000b' }] }],
    ];
    for (const [field, cfg] of bad) {
      // strictConfig: an unknown key is an error (without it, a warning, as in lb).
      const res = await r.trpc.POST(mutation('runs.start', { config: cfg, strictConfig: true }));
      expect([field, res.status]).toEqual([field, 400]);
      const body = (await res.json()) as { error: { message: string; data: { zodError: { fieldErrors: object } } } };
      expect(Object.keys(body.error.data.zodError.fieldErrors)).toContain(field);
      expect(body.error.message).not.toMatch(/Cannot read properties|TypeError/);
    }
    for (const runId of ['../evil', 'a/b', '', 'x'.repeat(65), '.hidden']) {
      const res = await r.trpc.POST(mutation('runs.start', { config, runId }));
      expect([runId, res.status]).toEqual([runId, 400]);
    }
    expect(await listing()).toEqual(before);
  });

  it('custom PEVA policies (code from the runner) are refused unless LBWEB_ALLOW_CUSTOM_POLICIES=1', async () => {
    const r = await load({ LBWEB_TOKEN: '' });
    const before = await listing();
    for (const entrypoint of ['policies.evil:Policy', '/tmp/evil.mjs:Policy', 'node:child_process', 'os:system']) {
      for (const proc of ['runs.start', 'runs.preflight']) {
        const res = await r.trpc.POST(mutation(proc, { config: { ...config, algorithm_entrypoint: entrypoint } }));
        expect([proc, entrypoint, res.status]).toEqual([proc, entrypoint, 400]);
        const body = (await res.json()) as { error: { data: { zodError: { fieldErrors: Record<string, string[]> } } } };
        expect(body.error.data.zodError.fieldErrors['config.algorithm_entrypoint']?.[0]).toMatch(
          /refused: this server runs custom policies only when started with LBWEB_ALLOW_CUSTOM_POLICIES=1/,
        );
      }
    }
    expect(await listing()).toEqual(before);
    // Built in: accepted by the schema whatever the switch; a custom one once the switch is on.
    const { StartRunInputSchema } = await import('@/server/api/routers/runs');
    const input = (entrypoint: string) => ({ config: { ...config, algorithm_entrypoint: entrypoint } });
    expect(StartRunInputSchema.safeParse(input('lb_web.policies:CapacitySearch')).success).toBe(true);
    await load({ LBWEB_TOKEN: '', LBWEB_ALLOW_CUSTOM_POLICIES: '1' });
    const allowed = await import('@/server/api/routers/runs');
    expect(allowed.StartRunInputSchema.safeParse(input('policies.mine:Policy')).success).toBe(true);
  });

  it('run lookups with hostile ids are client errors, never 500', async () => {
    const r = await load({ LBWEB_TOKEN: '' });
    expect((await r.trpc.GET(query('runs.get', { runId: '../etc' }))).status).toBe(400);
    expect((await r.trpc.GET(query('runs.artifacts', { runId: 'run-link' }))).status).toBe(403);
    expect((await r.trpc.GET(query('runs.artifacts', { runId: 'run-none' }))).status).toBe(404);
    // A subscription answers over SSE (200), its first event being the input error.
    const sse = await r.trpc.GET(query('runs.events', { runId: RUN, lastEventId: '1; DROP' }));
    const text = await sse.text();
    expect(text).toMatch(/event: serialized-error/);
    expect(text).toMatch(/BAD_REQUEST/);
  });
});
