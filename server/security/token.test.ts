import { describe, expect, it } from 'vitest';
import { checkToken, presentedTokens, readCookie, tokensEqual } from './token';
import { guardRequest } from './request-guard';

const SECRET = 'correct-horse-battery';
const req = (url: string, headers: Record<string, string> = {}) =>
  new Request(`http://127.0.0.1:3000${url}`, { headers });

describe('token', () => {
  it('compares in constant time regardless of length', () => {
    expect(tokensEqual(SECRET, SECRET)).toBe(true);
    expect(tokensEqual('x', SECRET)).toBe(false);
    expect(tokensEqual(`${SECRET}x`, SECRET)).toBe(false);
    expect(tokensEqual('', SECRET)).toBe(false);
  });

  it('reads cookies by exact name', () => {
    expect(readCookie('a=1; lbweb_token=abc%20d; b=2', 'lbweb_token')).toBe('abc d');
    expect(readCookie('xlbweb_token=nope', 'lbweb_token')).toBeUndefined();
    expect(readCookie(null, 'lbweb_token')).toBeUndefined();
  });

  it('finds tokens in bearer, x-lbweb-token, query and cookie', () => {
    const r = req(`/?token=q`, { authorization: 'Bearer b', 'x-lbweb-token': 'h', cookie: 'lbweb_token=c' });
    expect(presentedTokens(r).map((t) => `${t.source}:${t.value}`)).toEqual([
      'authorization:b',
      'header:h',
      'query:q',
      'cookie:c',
    ]);
  });

  it.each([
    ['bearer', req('/', { authorization: `Bearer ${SECRET}` }), 'authorization'],
    ['header', req('/', { 'x-lbweb-token': SECRET }), 'header'],
    ['query', req(`/api/trpc/x?token=${SECRET}`), 'query'],
    ['cookie', req('/', { cookie: `lbweb_token=${SECRET}` }), 'cookie'],
  ])('accepts the token via %s', (_n, r, source) => {
    expect(checkToken(r, SECRET)).toEqual({ ok: true, required: true, source });
  });

  it('rejects missing and wrong tokens; a stale cookie does not hide a good query token', () => {
    expect(checkToken(req('/'), SECRET)).toMatchObject({ ok: false, reason: 'missing' });
    expect(checkToken(req('/', { authorization: 'Bearer nope' }), SECRET)).toMatchObject({
      ok: false,
      reason: 'mismatch',
    });
    expect(checkToken(req('/', { authorization: `Basic ${SECRET}` }), SECRET)).toMatchObject({
      ok: false,
      reason: 'missing',
    });
    expect(checkToken(req(`/?token=${SECRET}`, { cookie: 'lbweb_token=old' }), SECRET)).toMatchObject({
      ok: true,
      source: 'query',
    });
  });

  it('lets everything through when no token is configured', () => {
    expect(checkToken(req('/'), undefined)).toEqual({ ok: true, required: false });
  });
});

const env = (token: string | undefined) => ({ LBWEB_HOST: '127.0.0.1', LBWEB_TOKEN: token, LBWEB_ALLOWED_ORIGINS: [] });

describe('guardRequest', () => {
  it('returns a 401 text response without a token', async () => {
    const { denied } = guardRequest(req('/runs'), env(SECRET));
    expect(denied?.status).toBe(401);
    expect(await denied?.text()).toMatch(/token is required/);
    expect(guardRequest(req('/runs', { authorization: 'Bearer bad' }), env(SECRET)).denied?.status).toBe(401);
  });

  it('sets an HttpOnly cookie after a good ?token=, and only then', () => {
    const viaQuery = guardRequest(req(`/?token=${SECRET}`), env(SECRET));
    expect(viaQuery.denied).toBeNull();
    expect(viaQuery.setCookie).toMatch(/^lbweb_token=correct-horse-battery; Path=\/; HttpOnly; SameSite=Lax$/);
    const https = guardRequest(req(`/?token=${SECRET}`, { 'x-forwarded-proto': 'https' }), env(SECRET));
    expect(https.setCookie).toMatch(/; Secure$/);
    expect(guardRequest(req('/', { cookie: `lbweb_token=${SECRET}` }), env(SECRET))).toEqual({
      denied: null,
      setCookie: null,
    });
    expect(guardRequest(req('/'), env(undefined))).toEqual({ denied: null, setCookie: null });
  });
});
