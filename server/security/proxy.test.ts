// proxy.ts sits at the repo root (Next 16's name for middleware); its logic is here.
import { NextRequest } from 'next/server';
import { afterEach, describe, expect, it, vi } from 'vitest';

async function loadProxy(token: string) {
  vi.resetModules();
  vi.stubEnv('LBWEB_TOKEN', token);
  return (await import('@/proxy')).proxy;
}

afterEach(() => vi.unstubAllEnvs());

describe('proxy', () => {
  it('passes everything through when no token is configured', async () => {
    const proxy = await loadProxy('');
    const res = proxy(new NextRequest('http://127.0.0.1:3000/runs'));
    expect(res.headers.get('x-middleware-next')).toBe('1');
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('answers 401 to pages, API and assets without the token', async () => {
    const proxy = await loadProxy('proxy-secret-1');
    for (const p of ['/runs', '/api/trpc/health.ping', '/api/artifacts/r1/x.csv', '/_next/static/chunk.js']) {
      const res = proxy(new NextRequest(`http://127.0.0.1:3000${p}`));
      expect(res.status).toBe(401);
    }
  });

  it('continues with a cookie after ?token=, and with the cookie alone afterwards', async () => {
    const proxy = await loadProxy('proxy-secret-1');
    const first = proxy(new NextRequest('http://127.0.0.1:3000/?token=proxy-secret-1'));
    expect(first.headers.get('x-middleware-next')).toBe('1');
    expect(first.headers.get('set-cookie')).toMatch(/^lbweb_token=proxy-secret-1; Path=\/; HttpOnly; SameSite=Lax/);
    const later = proxy(
      new NextRequest('http://127.0.0.1:3000/runs', { headers: { cookie: 'lbweb_token=proxy-secret-1' } }),
    );
    expect(later.headers.get('x-middleware-next')).toBe('1');
  });
});
