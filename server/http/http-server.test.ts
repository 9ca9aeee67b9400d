// Our HTTP server in front of Next, over a real socket: artifacts keep their Content-Length
// (what duckdb-wasm needs to read a file in place), everything else reaches Next untouched,
// and a client that goes away mid-download leaves no file open.
import { createServer, request, type Server } from 'node:http';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { waitFor } from '@/server/process/wait-for';
import { requestListener } from './http-server';

const RUN = 'run-20260101-000000';
const BIG = 32 * 1024 * 1024;
let root: string;
let server: Server;
let base: string;
const nextSaw: string[] = [];

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'lbweb-http-'));
  await mkdir(path.join(root, RUN, 'memory', 'runner'), { recursive: true });
  await writeFile(path.join(root, RUN, 'run_journal.json'), JSON.stringify({ run_id: RUN, tasks: [], metadata: {} }));
  await writeFile(path.join(root, RUN, 'memory', 'runner', 'peva_faas.duckdb'), Buffer.alloc(100_000, 7));
  await writeFile(path.join(root, RUN, 'big.bin'), Buffer.alloc(BIG, 1));
  vi.stubEnv('LBWEB_OUTPUT_ROOT', root);
  vi.stubEnv('LBWEB_TOKEN', '');
  server = createServer(
    requestListener(async (req, res) => {
      nextSaw.push(`${req.method} ${req.url}`);
      res.writeHead(299, { 'content-type': 'text/plain' });
      res.end('next');
    }),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  vi.unstubAllEnvs();
  await rm(root, { recursive: true, force: true });
});

const duckdbUrl = () => `${base}/api/artifacts/${RUN}/memory/runner/peva_faas.duckdb`;

describe('lb-web HTTP server', () => {
  it("answers duckdb-wasm's HEAD probe with 206 and the file's Content-Length", async () => {
    const res = await fetch(duckdbUrl(), { method: 'HEAD', headers: { range: 'bytes=0-' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-length')).toBe('100000');
    expect(res.headers.get('content-range')).toBe('bytes 0-99999/100000');
  });

  it('serves a byte range with its length, and the whole file without Range', async () => {
    const part = await fetch(duckdbUrl(), { headers: { range: 'bytes=10-19' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-length')).toBe('10');
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(new Uint8Array(10).fill(7));
    const whole = await fetch(duckdbUrl());
    expect(whole.status).toBe(200);
    expect((await whole.arrayBuffer()).byteLength).toBe(100_000);
  });

  it('refuses traversal and foreign hosts itself (it answers before Next and its proxy)', async () => {
    const viaRaw = (target: string, headers: Record<string, string> = {}) =>
      new Promise<number>((resolve, reject) => {
        // fetch would normalise `..` away; a raw request keeps it as an attacker sends it.
        const req = request({ host: '127.0.0.1', port: Number(new URL(base).port), path: target, headers }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    expect(await viaRaw(`/api/artifacts/${RUN}/../../etc/passwd`)).toBe(403);
    expect(await viaRaw(`/api/artifacts/${RUN}/%E0%A4%A/x`)).toBe(400);
    expect(await viaRaw(`/api/artifacts/${RUN}/run_journal.json`, { host: 'evil.example' })).toBe(421);
    expect(nextSaw).toEqual([]);
  });

  it('hands everything else to Next: pages, the run listing, other methods', async () => {
    for (const [method, p] of [
      ['GET', '/runs'],
      ['GET', `/api/artifacts/${RUN}`],
      ['POST', `/api/artifacts/${RUN}/run_journal.json`],
    ] as const) {
      const res = await fetch(`${base}${p}`, { method });
      expect([p, res.status, await res.text()]).toEqual([p, 299, 'next']);
    }
    expect(nextSaw).toEqual(['GET /runs', `GET /api/artifacts/${RUN}`, `POST /api/artifacts/${RUN}/run_journal.json`]);
  });

  it('closes the file when the client drops the connection mid-download', async () => {
    const fds = async () => (await readdir('/proc/self/fd')).length;
    const before = await fds();
    const ctrl = new AbortController();
    const res = await fetch(`${base}/api/artifacts/${RUN}/big.bin`, { signal: ctrl.signal });
    expect(res.headers.get('content-length')).toBe(String(BIG));
    const reader = res.body!.getReader();
    await reader.read();
    ctrl.abort();
    await waitFor(async () => (await fds()) <= before, { what: 'the file descriptor closed', timeoutMs: 5000 });
  });
});
