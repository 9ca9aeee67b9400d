// Shared-token authentication. Browsers get it once via `?token=` (then a cookie);
// scripts send `Authorization: Bearer`/`x-lbweb-token`; EventSource, which cannot set
// headers, sends `?token=` or rides on the cookie.
import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';

export const TOKEN_COOKIE = 'lbweb_token';
export const TOKEN_QUERY_PARAM = 'token';
export const TOKEN_HEADER = 'x-lbweb-token';

export type TokenSource = 'authorization' | 'header' | 'query' | 'cookie';

export interface PresentedToken {
  source: TokenSource;
  value: string;
}

/**
 * Constant-time equality. Hashing both sides first gives equal-length inputs, so
 * neither the content nor the length of the secret leaks through timing.
 */
export function tokensEqual(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

export function readCookie(cookieHeader: string | null, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return undefined;
}

/** Every token the request carries, in the order we trust them. */
export function presentedTokens(req: { headers: Headers; url: string }): PresentedToken[] {
  const found: PresentedToken[] = [];
  const auth = req.headers.get('authorization');
  const bearer = auth ? /^Bearer\s+(.+)$/i.exec(auth.trim()) : null;
  if (bearer?.[1]) found.push({ source: 'authorization', value: bearer[1].trim() });
  const header = req.headers.get(TOKEN_HEADER);
  if (header) found.push({ source: 'header', value: header.trim() });
  const query = new URL(req.url, 'http://localhost').searchParams.get(TOKEN_QUERY_PARAM);
  if (query) found.push({ source: 'query', value: query });
  const cookie = readCookie(req.headers.get('cookie'), TOKEN_COOKIE);
  if (cookie) found.push({ source: 'cookie', value: cookie });
  return found;
}

export type TokenCheck =
  | { ok: true; required: false }
  | { ok: true; required: true; source: TokenSource }
  | { ok: false; required: true; reason: 'missing' | 'mismatch' };

/**
 * Accepts the request when no token is configured, or when any presented token matches
 * (a stale cookie must not block a fresh `?token=`). Every candidate is compared, so
 * the time taken does not reveal which one matched.
 */
export function checkToken(req: { headers: Headers; url: string }, expected: string | undefined): TokenCheck {
  if (!expected) return { ok: true, required: false };
  const candidates = presentedTokens(req);
  if (candidates.length === 0) return { ok: false, required: true, reason: 'missing' };
  let match: TokenSource | undefined;
  for (const c of candidates) if (tokensEqual(c.value, expected) && !match) match = c.source;
  return match ? { ok: true, required: true, source: match } : { ok: false, required: true, reason: 'mismatch' };
}
