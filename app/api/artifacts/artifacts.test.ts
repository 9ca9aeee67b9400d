import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseRange } from '@/server/http/http-range';
import { contentDisposition, contentTypeFor } from '@/server/http/content-type';
import type * as FileRoute from './[runId]/[...path]/route';
import type * as ListRoute from './[runId]/route';

const BASE = 'http://127.0.0.1:3000/api/artifacts';
const BYTES = Buffer.from('0123456789abcdefghij'); // 20 bytes
let root: string;
let fileRoute: typeof FileRoute;
let listRoute: typeof ListRoute;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'artifacts-'));
  const run = path.join(root, 'run-20260101-000000');
  await mkdir(path.join(run, 'memory', 'runner'), { recursive: true });
  await writeFile(path.join(run, 'memory', 'runner', 'peva_faas.duckdb'), BYTES);
  await writeFile(path.join(run, 'results.csv'), 'a,b\n1,2\n');
  await writeFile(path.join(run, 'empty.log'), '');
  await writeFile(path.join(root, 'outside.txt'), 'secret');
  await symlink('/etc', path.join(run, 'etc'));
  vi.stubEnv('LBWEB_OUTPUT_ROOT', root);
  vi.stubEnv('LBWEB_TOKEN', '');
  vi.resetModules();
  fileRoute = await import('./[runId]/[...path]/route');
  listRoute = await import('./[runId]/route');
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await rm(root, { recursive: true, force: true });
});

/** Mimics Next: params are the raw URL segments after the run id, each decoded once. */
function get(rawPath: string, init: RequestInit = {}) {
  const [pathPart = ''] = rawPath.split('?');
  const [runId = '', ...rest] = pathPart.split('/');
  const params = { runId: decodeURIComponent(runId), path: rest.map((s) => decodeURIComponent(s)) };
  const req = new Request(`${BASE}/${rawPath}`, init);
  return fileRoute.GET(req, { params: Promise.resolve(params) });
}

describe('GET /api/artifacts/<runId>/<path>', () => {
  it('streams a valid file with type, length and optional attachment', async () => {
    const res = await get('run-20260101-000000/memory/runner/peva_faas.duckdb?download=1');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-length')).toBe('20');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="peva_faas\.duckdb"/);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(BYTES);
    const csv = await get('run-20260101-000000/results.csv');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(/^inline/);
    expect(await csv.text()).toBe('a,b\n1,2\n');
  });

  it('answers a single Range with 206 and Content-Range, suffix ranges too', async () => {
    const res = await get('run-20260101-000000/memory/runner/peva_faas.duckdb', { headers: { range: 'bytes=4-7' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe('bytes 4-7/20');
    expect(res.headers.get('content-length')).toBe('4');
    expect(await res.text()).toBe('4567');
    const tail = await get('run-20260101-000000/memory/runner/peva_faas.duckdb', { headers: { range: 'bytes=-3' } });
    expect(await tail.text()).toBe('hij');
    const bad = await get('run-20260101-000000/memory/runner/peva_faas.duckdb', { headers: { range: 'bytes=50-' } });
    expect(bad.status).toBe(416);
    expect(bad.headers.get('content-range')).toBe('bytes */20');
  });

  it('supports HEAD, empty files and conditional requests', async () => {
    const head = await fileRoute.HEAD(new Request(`${BASE}/x`, { method: 'HEAD', headers: { range: 'bytes=0-3' } }), {
      params: Promise.resolve({ runId: 'run-20260101-000000', path: ['memory', 'runner', 'peva_faas.duckdb'] }),
    });
    expect(head.status).toBe(206);
    expect(head.headers.get('content-length')).toBe('4');
    expect(head.body).toBeNull();
    const empty = await get('run-20260101-000000/empty.log');
    expect(empty.status).toBe(200);
    expect(empty.headers.get('content-length')).toBe('0');
    const etag = (await get('run-20260101-000000/results.csv')).headers.get('etag') ?? '';
    expect((await get('run-20260101-000000/results.csv', { headers: { 'if-none-match': etag } })).status).toBe(304);
  });

  it.each([
    ['run-20260101-000000/../outside.txt', 403],
    ['run-20260101-000000/%2e%2e/outside.txt', 403],
    ['run-20260101-000000/%252e%252e/outside.txt', 403],
    ['run-20260101-000000/..%2foutside.txt', 403],
    ['run-20260101-000000/%2fetc%2fpasswd', 403],
    ['run-20260101-000000/etc/passwd', 403],
    ['run-20260101-000000/a%5cb', 400],
    ['run-20260101-000000/a%00b', 400],
    ['..%2frun-20260101-000000/results.csv', 400],
    ['run-20260101-000000/missing.csv', 404],
    ['run-20260101-000000/memory', 404],
    ['no-such-run/results.csv', 404],
  ])('%s → %i', async (raw, status) => {
    const res = await get(raw);
    expect(res.status).toBe(status);
    expect(await res.text()).not.toContain('secret');
  });

  it('refuses an absolute path passed as a segment list', async () => {
    const res = await fileRoute.GET(new Request(`${BASE}/x`), {
      params: Promise.resolve({ runId: 'run-20260101-000000', path: ['/etc/passwd'] }),
    });
    expect(res.status).toBe(403);
  });
});

describe('GET /api/artifacts/<runId>', () => {
  it('lists the run files, without the escaping symlink', async () => {
    const res = await listRoute.GET(new Request(`${BASE}/run-20260101-000000`), {
      params: Promise.resolve({ runId: 'run-20260101-000000' }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { files: { path: string; size: number }[] };
    expect(body.files.map((f) => [f.path, f.size])).toEqual([
      ['empty.log', 0],
      ['memory/runner/peva_faas.duckdb', 20],
      ['results.csv', 8],
    ]);
  });

  it('404s a missing run and 400s a bad id', async () => {
    const call = (runId: string) =>
      listRoute.GET(new Request(`${BASE}/${runId}`), { params: Promise.resolve({ runId }) });
    expect((await call('nope')).status).toBe(404);
    expect((await call('..')).status).toBe(400);
  });
});

describe('helpers', () => {
  it('parses ranges', () => {
    expect(parseRange(null, 10)).toEqual({ kind: 'none' });
    expect(parseRange('bytes=0-', 10)).toEqual({ kind: 'range', start: 0, end: 9 });
    expect(parseRange('bytes=5-100', 10)).toEqual({ kind: 'range', start: 5, end: 9 });
    expect(parseRange('bytes=-100', 10)).toEqual({ kind: 'range', start: 0, end: 9 });
    expect(parseRange('bytes=0-1,3-4', 10)).toEqual({ kind: 'none' });
    expect(parseRange('bytes=5-2', 10)).toEqual({ kind: 'none' });
    expect(parseRange('items=0-1', 10)).toEqual({ kind: 'none' });
    expect(parseRange('bytes=-0', 10)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=0-0', 0)).toEqual({ kind: 'unsatisfiable' });
  });

  it('maps content types and never serves html as html', () => {
    expect(contentTypeFor('events.jsonl')).toBe('text/plain; charset=utf-8');
    expect(contentTypeFor('k6.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('x.json')).toBe('application/json; charset=utf-8');
    expect(contentTypeFor('page.html')).toBe('application/octet-stream');
    expect(contentDisposition('attachment', 'résumé "x".csv')).toBe(
      `attachment; filename="r_sum_ _x_.csv"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22x%22.csv`,
    );
  });
});
